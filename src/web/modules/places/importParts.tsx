// The pieces every spreadsheet import dialog shares (places, hotline orders): sending the file for a
// check or an import, choosing the file, and showing the outcome with its row-level problems.
import { Alert, Button, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { ImportProblem, ImportReport } from '../../api/types';

export type ImportOutcome = { kind: 'check' | 'import' | 'rejected'; report: ImportReport };

function isReport(x: unknown): x is ImportReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as ImportReport).problems) && typeof (x as ImportReport).totalRows === 'number';
}

/** POST the file (dryRun only checks); a file refused whole (422 IMPORT_INVALID) still gives its report. */
export async function sendImport(path: string, file: File, query: Record<string, string | number | boolean>, dryRun: boolean): Promise<ImportOutcome> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    const report = await api<ImportReport>(path, { method: 'POST', body, query: { ...query, dryRun } });
    return { kind: dryRun ? 'check' : 'import', report };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isReport(e.details)) return { kind: 'rejected', report: e.details };
    throw e;
  }
}

/** One XLSX or CSV file; choosing or removing one calls onChange. */
export function ImportFilePicker({ file, onChange }: { file: File | null; onChange: (f: File | null) => void }) {
  const { t } = useTranslation();
  const fileList: UploadFile[] = file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : [];
  return (
    <Upload
      accept=".xlsx,.csv"
      maxCount={1}
      fileList={fileList}
      beforeUpload={(f) => {
        onChange(f);
        return false;
      }}
      onRemove={() => onChange(null)}
    >
      <Button icon={<UploadOutlined />}>{t('places.chooseFile')}</Button>
    </Upload>
  );
}

/** The summary line and the problem table of a check or an import. */
export function ImportOutcomeView({
  outcome,
  committedText,
  description,
  columnLabel,
}: {
  outcome: ImportOutcome;
  committedText: string;
  description?: string;
  columnLabel: (p: ImportProblem) => string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { report } = outcome;
  let summary: { type: 'success' | 'warning' | 'error'; text: string };
  if (outcome.kind === 'rejected') summary = { type: 'error', text: t('places.reportRejected') };
  else if (outcome.kind === 'import') summary = { type: report.problems.length ? 'warning' : 'success', text: committedText };
  else if (report.problems.length === 0) summary = { type: 'success', text: t('places.reportOk', { total: report.totalRows }) };
  else summary = { type: 'warning', text: t('places.reportProblems', { total: report.totalRows, valid: report.validRows, count: report.problems.length }) };
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
      <Alert type={summary.type} showIcon title={summary.text} description={description} />
      {report.problems.length > 0 && (
        <Table<ImportProblem>
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
          dataSource={report.problems}
          pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
          columns={[
            { title: t('places.row'), dataIndex: 'row', width: 72 },
            { title: t('places.field'), dataIndex: 'column', width: 130, render: (_: string, p) => columnLabel(p) },
            { title: t('places.value'), dataIndex: 'value', width: 180, ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
            { title: t('places.problem'), render: (_, p) => <Typography.Text type="danger">{p.messages[lang]}</Typography.Text> },
          ]}
        />
      )}
    </Space>
  );
}
