// 导入热线工单: 12345 orders from an XLSX or CSV (POST /requests/import) into a street or community,
// checked first, then imported; the answer is an import report like the places import (row-level
// problems in both languages).
import { useState } from 'react';
import { Alert, Button, Checkbox, Modal, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/client';
import { useScope } from '../../app/console/scope';
import { useErrorText } from '../../app/errors';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { ImportFilePicker, ImportOutcomeView, sendImport, type ImportOutcome } from '../places/importParts';
import { requestKeys } from './api';
import '../places/places.css';

export function HotlineImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  // the scope is the first guess when it is a street or a community
  const scope = useScope().view?.place;
  const [place, setPlace] = useState<{ id: number; name: string } | undefined>(scope && (scope.kind === 'street' || scope.kind === 'community') ? scope : undefined);
  const [file, setFile] = useState<File | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const run = useMutation({
    mutationFn: async (dryRun: boolean): Promise<ImportOutcome> => {
      if (!file || !place) throw new Error('no file or place');
      return sendImport('/requests/import', file, { placeId: place.id, skipBadRows }, dryRun);
    },
    onSuccess: (o) => {
      setOutcome(o);
      if (o.report.committed) void qc.invalidateQueries({ queryKey: requestKeys.all });
    },
  });

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
          <Typography.Paragraph type="secondary">{t('requests.import.step3Text')}</Typography.Paragraph>
          <Checkbox checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)}>
            {t('places.skipBadRows')}
          </Checkbox>
        </section>
      </div>

      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginTop: 12 }} />}
      {outcome && (
        <ImportOutcomeView
          outcome={outcome}
          committedText={t('requests.import.reportCommitted', { total: outcome.report.totalRows, valid: outcome.report.validRows })}
          columnLabel={(p) => p.field}
        />
      )}
    </Modal>
  );
}
