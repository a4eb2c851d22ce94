// 录入纸质选票: a signed paper ballot (or a proxy's, with the written mandate and the proxy's name)
// entered choice by choice with its scan; it stays pending until a second staff member confirms it.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Typography, Upload, App as AntApp, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { asmKeys, CHOICE_LIST, uploadFile, useRoll, type AssemblyDetail, type Choice, type FileInfo, type PaperBallotBody } from './api';

/** A form control holding the id of one uploaded file (a scan or a mandate). */
function FileField({ assemblyId, kind, id, onChange }: { assemblyId: number; kind: 'scan' | 'mandate'; id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      id={id}
      accept="image/jpeg,image/png,application/pdf"
      maxCount={1}
      fileList={files}
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(assemblyId, kind, file as File)
          .then((res) => onSuccess?.(res))
          .catch((e: Error) => {
            message.error(`${t('asm.paper.uploadFailed')}：${errorText(e)}`);
            onError?.(e);
          });
      }}
      onChange={({ fileList }) => {
        const list = fileList.filter((f) => f.status !== 'error').slice(-1);
        setFiles(list);
        const done = list.find((f) => f.status === 'done' && typeof (f.response as FileInfo | undefined)?.id === 'number');
        onChange?.(done ? (done.response as FileInfo).id : undefined);
      }}
    >
      <Button icon={<UploadOutlined />}>{t(kind === 'scan' ? 'asm.paper.uploadScan' : 'asm.paper.uploadMandate')}</Button>
    </Upload>
  );
}

interface EntryValues {
  voterId: number;
  channel: 'paper' | 'proxy';
  choices: Record<string, Choice | undefined>;
  scanId: number;
  mandateId?: number;
  proxyName?: string;
}

function VoterPicker({ a, id, value, onChange }: { a: AssemblyDetail; id?: string; value?: number; onChange?: (v: number) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const roll = useRoll(a.id, q, 1, 30);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={roll.isFetching}
      placeholder={t('asm.paper.voterPlaceholder')}
      options={(roll.data?.items ?? [])
        .filter((v) => v.id !== null)
        .map((v) => ({
          value: v.id as number,
          disabled: !v.active || v.voted,
          label: `${t('asm.paper.voterNo', { no: v.voterNo })} ${v.name} · ${v.units.slice(0, 2).join('、')}${v.units.length > 2 ? '…' : ''}${v.voted ? ` · ${t('asm.paper.alreadyVoted')}` : ''}`,
        }))}
    />
  );
}

export function EntryForm({ a }: { a: AssemblyDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<EntryValues>();
  const channel = Form.useWatch('channel', form);
  const [entered, setEntered] = useState<{ receipt: string; status: string } | null>(null);
  // a new form (and new upload controls) after each ballot
  const [round, setRound] = useState(0);
  const save = useMutation({
    mutationFn: (v: EntryValues) => {
      const body: PaperBallotBody = {
        voterId: v.voterId,
        channel: v.channel,
        choices: a.matters.flatMap((m) => (v.choices?.[String(m.id)] ? [{ matterId: m.id, choice: v.choices[String(m.id)] as Choice }] : [])),
        scanId: v.scanId,
        mandateId: v.channel === 'proxy' ? v.mandateId : undefined,
        proxyName: v.channel === 'proxy' ? v.proxyName?.trim() : undefined,
      };
      return api<{ submissionId: number; receipt: string; status: string }>(`/assemblies/${a.id}/paper-ballots`, { method: 'POST', body });
    },
    onSuccess: async (r) => {
      setEntered(r);
      form.resetFields();
      setRound((n) => n + 1);
      await Promise.all([qc.invalidateQueries({ queryKey: asmKeys.submissions(a.id) }), qc.invalidateQueries({ queryKey: asmKeys.rollAll(a.id) }), qc.invalidateQueries({ queryKey: asmKeys.detail(a.id) })]);
    },
  });
  return (
    <Card size="small" title={t('asm.paper.entry')}>
      <Typography.Paragraph type="secondary">{t('asm.paper.entryHint')}</Typography.Paragraph>
      {entered && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setEntered(null) }}
          style={{ marginBottom: 12 }}
          id="asm-paper-entered"
          title={t('asm.paper.entered', { receipt: entered.receipt })}
          description={entered.status === 'pending' ? t('asm.paper.awaitSecond') : undefined}
        />
      )}
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} id="asm-paper-error" />}
      <Form key={round} form={form} layout="vertical" requiredMark={false} initialValues={{ channel: 'paper' }} onFinish={(v) => save.mutate(v)} className="gz-asm-entry">
        <div className="gz-asm-pair">
          <Form.Item name="voterId" label={t('asm.paper.voter')} extra={t('asm.paper.voterHint')} rules={[{ required: true, message: t('asm.paper.voterRequired') }]}>
            <VoterPicker a={a} id="asm-paper-voter" />
          </Form.Item>
          <Form.Item name="channel" label={t('asm.paper.channel')}>
            <Radio.Group
              id="asm-paper-channel"
              optionType="button"
              options={[
                { value: 'paper', label: t('asm.channels.paper') },
                { value: 'proxy', label: t('asm.channels.proxy') },
              ]}
            />
          </Form.Item>
        </div>
        <Form.Item
          label={t('asm.paper.choices')}
          required
          name="choices"
          rules={[{ validator: (_, v?: Record<string, Choice | undefined>) => (v && Object.values(v).some(Boolean) ? Promise.resolve() : Promise.reject(new Error(t('asm.paper.choicesRequired')))) }]}
        >
          <ChoicesField a={a} />
        </Form.Item>
        <div className="gz-asm-pair">
          <Form.Item name="scanId" label={t('asm.paper.scan')} extra={t('asm.paper.fileHint')} rules={[{ required: true, message: t('asm.paper.scanRequired') }]}>
            <FileField assemblyId={a.id} kind="scan" id="asm-paper-scan" />
          </Form.Item>
          {channel === 'proxy' && (
            <Form.Item name="mandateId" label={t('asm.paper.mandate')} extra={t('asm.paper.fileHint')} rules={[{ required: true, message: t('asm.paper.mandateRequired') }]}>
              <FileField assemblyId={a.id} kind="mandate" id="asm-paper-mandate" />
            </Form.Item>
          )}
        </div>
        {channel === 'proxy' && (
          <Form.Item name="proxyName" label={t('asm.paper.proxyName')} rules={[{ required: true, whitespace: true, message: t('asm.paper.proxyNameRequired') }, { max: 50 }]}>
            <Input id="asm-paper-proxy-name" style={{ maxWidth: 320 }} maxLength={50} />
          </Form.Item>
        )}
        <Button id="asm-paper-submit" type="primary" htmlType="submit" loading={save.isPending}>
          {t('asm.paper.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** One row per matter with the three choices; the value maps matter id → choice. */
function ChoicesField({ a, value, onChange }: { a: AssemblyDetail; value?: Record<string, Choice | undefined>; onChange?: (v: Record<string, Choice | undefined>) => void }) {
  const { t } = useTranslation();
  return (
    <div className="gz-asm-choices" id="asm-paper-choices">
      {a.matters.map((m) => (
        <div key={m.id} className="gz-asm-choice-row" data-matter={m.id}>
          <span className="gz-asm-choice-title">
            {m.seq}. {m.title}
          </span>
          <Radio.Group
            optionType="button"
            size="small"
            value={value?.[String(m.id)]}
            onChange={(e) => onChange?.({ ...value, [String(m.id)]: e.target.value as Choice })}
            options={CHOICE_LIST.map((c) => ({ value: c, label: t(`asm.choices.${c}`) }))}
          />
          {value?.[String(m.id)] && (
            <Button type="link" size="small" onClick={() => onChange?.({ ...value, [String(m.id)]: undefined })}>
              {t('asm.paper.clearChoice')}
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}
