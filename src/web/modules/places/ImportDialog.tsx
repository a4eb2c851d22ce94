// Bulk import under a street or community: template, upload, a dry-run check with the row-level
// problem table, then the import (optionally skipping bad rows).
import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/client';
import type { ImportProblem, Place } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { ImportFilePicker, ImportOutcomeView, sendImport, type ImportOutcome } from './importParts';
import './places.css';

export function ImportDialog({ place, onClose, onChanged }: { place: Place; onClose: () => void; onChanged: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const run = useMutation({
    mutationFn: async (dryRun: boolean): Promise<ImportOutcome> => {
      if (!file) throw new Error('no file');
      return sendImport(`/places/${place.id}/import`, file, { skipBadRows }, dryRun);
    },
    onSuccess: (o) => {
      setOutcome(o);
      if (o.report.committed) onChanged([place.id]);
    },
  });

  // the server names the column by key and words the problem in both languages
  const columnLabel = (p: ImportProblem) => t(`places.columns.${p.column}`, { defaultValue: p.field });
  const report = outcome?.report;
  const created = report ? Object.entries(report.created).filter(([, n]) => n > 0) : [];

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
          <ImportFilePicker
            file={file}
            onChange={(f) => {
              setFile(f);
              setOutcome(null);
              run.reset();
            }}
          />
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
      {outcome && (
        <ImportOutcomeView
          outcome={outcome}
          committedText={t('places.reportCommitted', { total: outcome.report.totalRows, valid: outcome.report.validRows })}
          description={created.length ? t('places.createdCounts') + created.map(([k, n]) => `${t(`common.kinds.${k}`)} ${n}`).join('，') : undefined}
          columnLabel={columnLabel}
        />
      )}
    </Modal>
  );
}
