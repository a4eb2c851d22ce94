// 导入热线工单: 12345 orders from an XLSX or CSV (POST /requests/import) into a street or community,
// checked first, then imported; the answer is an import report like the places import (row-level
// problems in both languages).
import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../../api/client';
import type { ImportProblem, ImportReport } from '../../api/types';
import { useScope } from '../../app/console/scope';
import { useErrorText } from '../../app/errors';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { requestKeys } from './api';
import '../places/places.css';

type Outcome = { kind: 'check' | 'import' | 'rejected'; report: ImportReport };

function isReport(x: unknown): x is ImportReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as ImportReport).problems) && typeof (x as ImportReport).totalRows === 'number';
}

export function HotlineImportDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  // the scope is the first guess when it is a street or a community
  const scope = useScope().view?.place;
  const [place, setPlace] = useState<{ id: number; name: string } | undefined>(scope && (scope.kind === 'street' || scope.kind === 'community') ? scope : undefined);
  const [file, setFile] = useState<File | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useMutation({
    mutationFn: async (dryRun: boolean): Promise<Outcome> => {
      if (!file || !place) throw new Error('no file or place');
      const body = new FormData();
      body.append('file', file, file.name);
      try {
        const report = await api<ImportReport>('/requests/import', { method: 'POST', body, query: { placeId: place.id, dryRun, skipBadRows } });
        return { kind: dryRun ? 'check' : 'import', report };
      } catch (e) {
        if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isReport(e.details)) return { kind: 'rejected', report: e.details };
        throw e;
      }
    },
    onSuccess: (o) => {
      setOutcome(o);
      if (o.report.committed) void qc.invalidateQueries({ queryKey: requestKeys.all });
    },
  });

  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const fileList: UploadFile[] = file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : [];
  const report = outcome?.report;

  let summary: { type: 'success' | 'warning' | 'error'; text: string } | null = null;
  if (outcome && report) {
    if (outcome.kind === 'rejected') summary = { type: 'error', text: t('places.reportRejected') };
    else if (outcome.kind === 'import') summary = { type: report.problems.length ? 'warning' : 'success', text: t('requests.import.reportCommitted', { total: report.totalRows, valid: report.validRows }) };
    else if (report.problems.length === 0) summary = { type: 'success', text: t('places.reportOk', { total: report.totalRows }) };
    else summary = { type: 'warning', text: t('places.reportProblems', { total: report.totalRows, valid: report.validRows, count: report.problems.length }) };
  }

  return (
    <Modal
      open
      width={880}
      style={{ top: 32 }}
      title={t('requests.import.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
        <Button key="check" id="import-check" disabled={!file || !place} loading={run.isPending && run.variables === true} onClick={() => run.mutate(true)}>
          {t('places.check')}
        </Button>,
        <Button key="import" id="import-submit" type="primary" disabled={!file || !place || outcome?.report.committed} loading={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>
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
          <Typography.Paragraph type="secondary">{t('requests.import.step1Text')}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => void download('/requests/import/template', 'hotline-template.xlsx')}>
            {t('requests.import.downloadTemplate')}
          </Button>
        </section>
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">2</span>
            {t('places.importStep2')}
          </div>
          <Typography.Paragraph type="secondary">{t('requests.import.step2Text')}</Typography.Paragraph>
          <PlaceTreeSelect
            id="import-place"
            ariaLabel={t('requests.import.place')}
            placeholder={t('requests.import.place')}
            maxKind="community"
            selectableKinds={['street', 'community']}
            value={place?.id}
            valueLabel={place?.name}
            onChange={(id, p) => {
              setPlace(id ? { id, name: p?.name ?? `#${id}` } : undefined);
              setOutcome(null);
            }}
            style={{ width: '100%', marginBottom: 8 }}
          />
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
          <Typography.Paragraph type="secondary">{t('requests.import.step3Text')}</Typography.Paragraph>
          <Checkbox checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)}>
            {t('places.skipBadRows')}
          </Checkbox>
        </section>
      </div>

      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginTop: 12 }} />}
      {summary && report && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Alert type={summary.type} showIcon title={summary.text} />
          {report.problems.length > 0 && (
            <Table<ImportProblem>
              size="small"
              rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
              dataSource={report.problems}
              pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
              columns={[
                { title: t('places.row'), dataIndex: 'row', width: 72 },
                { title: t('places.field'), dataIndex: 'field', width: 130 },
                { title: t('places.value'), dataIndex: 'value', width: 180, ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
                { title: t('places.problem'), render: (_, p) => <Typography.Text type="danger">{p.messages[lang]}</Typography.Text> },
              ]}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
