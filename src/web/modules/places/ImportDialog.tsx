// Bulk import under a street or community: template, upload, a dry-run check with the row-level
// problem table, then the import (optionally skipping bad rows).
import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../../api/client';
import type { ImportProblem, ImportReport, Place } from '../../api/types';
import { useErrorText } from '../../app/errors';
import './places.css';

type Outcome = { kind: 'check' | 'import' | 'rejected'; report: ImportReport };

function isReport(x: unknown): x is ImportReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as ImportReport).problems) && typeof (x as ImportReport).totalRows === 'number';
}

export function ImportDialog({ place, onClose, onChanged }: { place: Place; onClose: () => void; onChanged: (ids: number[]) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useMutation({
    mutationFn: async (dryRun: boolean): Promise<Outcome> => {
      if (!file) throw new Error('no file');
      const body = new FormData();
      body.append('file', file, file.name);
      try {
        const report = await api<ImportReport>(`/places/${place.id}/import`, { method: 'POST', body, query: { dryRun, skipBadRows } });
        return { kind: dryRun ? 'check' : 'import', report };
      } catch (e) {
        if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isReport(e.details)) return { kind: 'rejected', report: e.details };
        throw e;
      }
    },
    onSuccess: (o) => {
      setOutcome(o);
      if (o.report.committed) onChanged([place.id]);
    },
  });

  // the server names the column by key and words the problem in both languages
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const columnLabel = (p: ImportProblem) => t(`places.columns.${p.column}`, { defaultValue: p.field });
  const problemText = (p: ImportProblem) => p.messages[lang];
  const fileList: UploadFile[] = file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : [];
  const report = outcome?.report;
  const created = report ? Object.entries(report.created).filter(([, n]) => n > 0) : [];

  let summary: { type: 'success' | 'warning' | 'error'; text: string } | null = null;
  if (outcome && report) {
    if (outcome.kind === 'rejected') summary = { type: 'error', text: t('places.reportRejected') };
    else if (outcome.kind === 'import') summary = { type: report.problems.length ? 'warning' : 'success', text: t('places.reportCommitted', { total: report.totalRows, valid: report.validRows }) };
    else if (report.problems.length === 0) summary = { type: 'success', text: t('places.reportOk', { total: report.totalRows }) };
    else summary = { type: 'warning', text: t('places.reportProblems', { total: report.totalRows, valid: report.validRows, count: report.problems.length }) };
  }

  return (
    <Modal
      open
      width={880}
      style={{ top: 32 }}
      title={t('places.importTitle', { name: place.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
        <Button key="check" disabled={!file} loading={run.isPending && run.variables === true} onClick={() => run.mutate(true)}>
          {t('places.check')}
        </Button>,
        <Button key="import" type="primary" disabled={!file || outcome?.report.committed} loading={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>
          {t('places.doImport')}
        </Button>,
      ]}
    >
      <div className="gz-import-steps">
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">1</span>
            {t('places.importStep1')}
          </div>
          <Typography.Paragraph type="secondary">{t('places.importStep1Text')}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => void download('/places/import/template', 'template.xlsx')}>
            {t('places.downloadTemplate')}
          </Button>
        </section>
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">2</span>
            {t('places.importStep2')}
          </div>
          <Typography.Paragraph type="secondary">{t('places.importStep2Text')}</Typography.Paragraph>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={fileList}
            beforeUpload={(f) => {
              setFile(f);
              setOutcome(null);
              run.reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setOutcome(null);
            }}
          >
            <Button icon={<UploadOutlined />}>{t('places.chooseFile')}</Button>
          </Upload>
        </section>
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">3</span>
            {t('places.importStep3')}
          </div>
          <Checkbox checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)}>
            {t('places.skipBadRows')}
          </Checkbox>
        </section>
      </div>

      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginTop: 12 }} />}
      {summary && report && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Alert
            type={summary.type}
            showIcon
            title={summary.text}
            description={created.length ? t('places.createdCounts') + created.map(([k, n]) => `${t(`common.kinds.${k}`)} ${n}`).join('，') : undefined}
          />
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
                { title: t('places.problem'), render: (_, p) => <Typography.Text type="danger">{problemText(p)}</Typography.Text> },
              ]}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
