// The XLSX/CSV import of party members or 三长: template, file, a check (预检) with the row report,
// then the import, or the import of the good rows only. The picker and the report table are the
// places import's (importParts); the party report is mapped onto their shape.
import { useState } from 'react';
import { Alert, Button, Modal, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../../api/client';
import type { ImportProblem, ImportReport } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { ImportFilePicker, ImportOutcomeView, type ImportOutcome } from '../places/importParts';
import type { PartyImportReport } from '../../../modules/party/schemas-import';
import '../places/places.css';

type Kind = 'members' | 'grid';
type Mode = 'check' | 'import' | 'skipBad';

function isPartyReport(x: unknown): x is PartyImportReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as PartyImportReport).errors) && typeof (x as PartyImportReport).total === 'number';
}

/** The shared report view reads totalRows / validRows / problems. */
function asImportReport(r: PartyImportReport): ImportReport {
  return { totalRows: r.total, validRows: r.total - r.skipped, committed: r.committed, created: r.created, problems: r.errors };
}

async function send(kind: Kind, file: File, mode: Mode): Promise<{ outcome: ImportOutcome; report: PartyImportReport }> {
  const body = new FormData();
  body.append('file', file, file.name);
  try {
    const report = await api<PartyImportReport>(`/party/import/${kind}`, { method: 'POST', body, query: { dryRun: mode === 'check', skipBad: mode === 'skipBad' } });
    return { report, outcome: { kind: mode === 'check' ? 'check' : 'import', report: asImportReport(report) } };
  } catch (e) {
    // a file refused whole (422 IMPORT_INVALID) still brings its row report
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && isPartyReport(e.details)) return { report: e.details, outcome: { kind: 'rejected', report: asImportReport(e.details) } };
    throw e;
  }
}

export default function PartyImportDialog({ kind, open, onClose, onDone }: { kind: Kind; open: boolean; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<{ outcome: ImportOutcome; report: PartyImportReport } | null>(null);

  const run = useMutation({
    mutationFn: (mode: Mode) => {
      if (!file) throw new Error('no file');
      return send(kind, file, mode);
    },
    onSuccess: (r) => {
      setResult(r);
      if (r.report.committed) {
        // members, organisations, cells and coverage all change: let every open page refetch
        void queryClient.invalidateQueries();
        onDone?.();
      }
    },
  });
  const close = () => {
    setFile(null);
    setResult(null);
    run.reset();
    onClose();
  };

  const columnLabel = (p: ImportProblem) => t(`partyImport.columns.${p.column}`, { defaultValue: p.field });
  const report = result?.report;
  const committed = report?.committed ?? false;
  const hasBad = (report?.errors.length ?? 0) > 0;
  const created = report ? Object.entries(report.created).filter(([, n]) => n > 0) : [];
  const busy = (m: Mode) => run.isPending && run.variables === m;

  return (
    <Modal
      open={open}
      width={880}
      style={{ top: 32 }}
      title={t(`partyImport.title.${kind}`)}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
        <Button key="check" disabled={!file || committed} loading={busy('check')} onClick={() => run.mutate('check')}>
          {t('partyImport.check')}
        </Button>,
        hasBad && !committed ? (
          <Button key="skip" danger disabled={!file || report?.skipped === report?.total} loading={busy('skipBad')} onClick={() => run.mutate('skipBad')}>
            {t('partyImport.importSkipping')}
          </Button>
        ) : null,
        <Button key="import" type="primary" disabled={!file || committed || hasBad} loading={busy('import')} onClick={() => run.mutate('import')}>
          {t('partyImport.import')}
        </Button>,
      ]}
    >
      <div className="gz-import-steps">
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">1</span>
            {t('partyImport.step1')}
          </div>
          <Typography.Paragraph type="secondary">{t(`partyImport.step1Text.${kind}`)}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => void download(`/party/import/template/${kind}.xlsx`, t(`partyImport.template.${kind}`))}>
            {t(`partyImport.template.${kind}`)}
          </Button>
        </section>
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">2</span>
            {t('partyImport.step2')}
          </div>
          <Typography.Paragraph type="secondary">{t('partyImport.step2Text')}</Typography.Paragraph>
          <ImportFilePicker
            file={file}
            onChange={(f) => {
              setFile(f);
              setResult(null);
              run.reset();
            }}
          />
        </section>
        <section>
          <div className="gz-import-step">
            <span className="gz-import-no">3</span>
            {t('partyImport.step3')}
          </div>
          <Typography.Paragraph type="secondary">{t('partyImport.step3Text')}</Typography.Paragraph>
        </section>
      </div>

      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginTop: 12 }} />}
      {result && (
        <ImportOutcomeView
          outcome={result.outcome}
          committedText={t('partyImport.committed', { imported: result.report.imported, total: result.report.total })}
          description={created.length ? created.map(([k, n]) => t(`partyImport.created.${k}`, { n })).join('，') : undefined}
          columnLabel={columnLabel}
        />
      )}
    </Modal>
  );
}
