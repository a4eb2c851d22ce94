// 纸质选票: entering a signed paper ballot (or a proxy's, with the written mandate) with its scan,
// the queue of entered ballots awaiting a second staff member's confirmation (the one who entered a
// ballot sees it but cannot confirm it), and every ballot paper of the assembly by status.
import { useState } from 'react';
import { Alert, Button, Card, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, App as AntApp } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { useSession } from '../../app/session';
import { asmKeys, fileUrl, SUBMISSION_STATUSES, type AssemblyDetail, type Choice, type Submission, type SubmissionStatus } from './api';
import { beijing } from './figures';
import { ChoiceTag } from './labels';
import { EntryForm } from './PaperEntryForm';
import { usePagedList } from './paging';

function useSubmissions(a: AssemblyDetail, status: SubmissionStatus | undefined, page: number, size: number) {
  return useQuery({
    queryKey: [...asmKeys.submissions(a.id), status ?? '', page, size],
    queryFn: () => api<{ items: Submission[]; total: number }>(`/assemblies/${a.id}/submissions`, { query: { status, limit: size, offset: (page - 1) * size } }),
    placeholderData: keepPreviousData,
  });
}

/** Did the current user enter this ballot? (They may not confirm it.) */
function useEnteredByMe(): (s: Submission) => boolean {
  const me = useSession();
  return (s) => s.enteredBy === me.user.id;
}

function personOf(id: number | null, name: string | null): string {
  return name ?? (id === null ? '—' : `#${id}`);
}

function Files({ a, s }: { a: AssemblyDetail; s: Submission }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={0}>
      {s.scanId && (
        <a href={fileUrl(a.id, s.scanId)} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {t('asm.paper.scan')}
        </a>
      )}
      {s.mandateId && (
        <a href={fileUrl(a.id, s.mandateId)} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {t('asm.paper.mandate')}
        </a>
      )}
      {s.proxyName && <Typography.Text className="gz-small">{t('asm.paper.proxyBy', { name: s.proxyName })}</Typography.Text>}
    </Space>
  );
}

function Choices({ s }: { s: Submission }) {
  return (
    <Space size={[4, 4]} wrap>
      {[...s.choices]
        .sort((x, y) => x.seq - y.seq)
        .map((c) => (
          <span key={c.matterId} className="gz-asm-choice-chip">
            {c.seq}. <ChoiceTag choice={c.choice as Choice} />
          </span>
        ))}
    </Space>
  );
}

const STATUS_COLORS: Record<SubmissionStatus, string> = { pending: 'gold', counted: 'green', superseded: 'default', rejected: 'red' };

function ConfirmQueue({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const enteredByMe = useEnteredByMe();
  const [rejecting, setRejecting] = useState<Submission | null>(null);
  const [reason, setReason] = useState('');
  const queue = useSubmissions(a, 'pending', 1, 200);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: asmKeys.submissions(a.id) }), qc.invalidateQueries({ queryKey: asmKeys.detail(a.id) }), qc.invalidateQueries({ queryKey: asmKeys.rollAll(a.id) })]);
  const confirm = useMutation({
    mutationFn: (s: Submission) => api(`/assemblies/${a.id}/submissions/${s.id}/confirm`, { method: 'POST' }),
    onSuccess: async () => {
      message.success(t('asm.paper.confirmed'));
      await refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const reject = useMutation({
    mutationFn: ({ s, why }: { s: Submission; why: string }) => api(`/assemblies/${a.id}/submissions/${s.id}/reject`, { method: 'POST', body: { reason: why } }),
    onSuccess: async () => {
      message.success(t('asm.paper.rejected'));
      setRejecting(null);
      setReason('');
      await refresh();
    },
  });
  if (queue.isError) return <ErrorResult error={queue.error} onRetry={() => void queue.refetch()} />;
  return (
    <Card size="small" title={t('asm.paper.queue', { n: queue.data?.total ?? 0 })}>
      <Typography.Paragraph type="secondary">{t('asm.paper.queueHint')}</Typography.Paragraph>
      <Table<Submission>
        id="asm-paper-queue"
        rowKey="id"
        size="small"
        loading={queue.isFetching}
        dataSource={queue.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('asm.paper.queueEmpty') }}
        columns={[
          { title: t('asm.paper.receipt'), dataIndex: 'receipt', width: 150, render: (v: string) => <span className="gz-mono">{v}</span> },
          { title: t('asm.paper.voter'), width: 150, render: (_, s) => `${t('asm.paper.voterNo', { no: s.voterNo })} ${s.name}` },
          { title: t('asm.paper.channel'), dataIndex: 'channel', width: 90, render: (v: string) => t(`asm.channels.${v}`, { defaultValue: v }) },
          { title: t('asm.paper.choices'), render: (_, s) => <Choices s={s} /> },
          { title: t('asm.paper.files'), width: 140, render: (_, s) => <Files a={a} s={s} /> },
          { title: t('asm.paper.enteredBy'), width: 150, render: (_, s) => <span>{personOf(s.enteredBy, s.enteredByName)}<br /><Typography.Text type="secondary" className="gz-small">{beijing(s.castAt)}</Typography.Text></span> },
          ...(canOrganise
            ? [
                {
                  title: t('common.actions'),
                  width: 190,
                  render: (_: unknown, s: Submission) => {
                    const mine = enteredByMe(s);
                    return (
                      <Space orientation="vertical" size={4}>
                        <Space size={4}>
                          <Tooltip title={mine ? t('asm.paper.ownEntry') : undefined}>
                            <Button size="small" type="primary" className="asm-paper-confirm" disabled={mine} loading={confirm.isPending && confirm.variables?.id === s.id} onClick={() => confirm.mutate(s)}>
                              {t('asm.paper.confirm')}
                            </Button>
                          </Tooltip>
                          <Button size="small" danger className="asm-paper-reject" onClick={() => setRejecting(s)}>
                            {t('asm.paper.reject')}
                          </Button>
                        </Space>
                        {mine && <Typography.Text type="secondary" className="gz-small asm-paper-own">{t('asm.paper.ownEntry')}</Typography.Text>}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      {rejecting && (
        <Modal
          open
          title={t('asm.paper.rejectTitle', { receipt: rejecting.receipt })}
          onCancel={() => setRejecting(null)}
          onOk={() => reject.mutate({ s: rejecting, why: reason.trim() })}
          okText={t('asm.paper.reject')}
          okButtonProps={{ danger: true, disabled: reason.trim().length < 2, id: 'asm-paper-reject-submit' }}
          cancelText={t('common.cancel')}
          confirmLoading={reject.isPending}
          destroyOnHidden
        >
          {reject.isError && <Alert type="error" showIcon title={errorText(reject.error)} style={{ marginBottom: 12 }} />}
          <Typography.Paragraph type="secondary">{t('asm.paper.rejectHint')}</Typography.Paragraph>
          <Input.TextArea id="asm-paper-reject-reason" rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('asm.paper.rejectPlaceholder')} />
        </Modal>
      )}
    </Card>
  );
}

function SubmissionList({ a }: { a: AssemblyDetail }) {
  const { t } = useTranslation();
  const { filter: status, setFilter: setStatus, page, size, pagination } = usePagedList<SubmissionStatus>();
  const list = useSubmissions(a, status, page, size);
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card size="small" title={t('asm.paper.all')}>
      <div className="gz-toolbar">
        <Select
          allowClear
          id="asm-submission-status"
          placeholder={t('asm.paper.status')}
          style={{ width: 160 }}
          value={status}
          onChange={(v?: SubmissionStatus) => setStatus(v)}
          options={SUBMISSION_STATUSES.map((s) => ({ value: s, label: t(`asm.submissionStatus.${s}`) }))}
        />
      </div>
      <Table<Submission>
        id="asm-submissions"
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          { title: t('asm.paper.receipt'), dataIndex: 'receipt', width: 150, render: (v: string) => <span className="gz-mono">{v}</span> },
          { title: t('asm.paper.voter'), width: 150, render: (_, s) => `${t('asm.paper.voterNo', { no: s.voterNo })} ${s.name}` },
          { title: t('asm.paper.channel'), dataIndex: 'channel', width: 90, render: (v: string) => t(`asm.channels.${v}`, { defaultValue: v }) },
          {
            title: t('asm.paper.status'),
            dataIndex: 'status',
            width: 110,
            render: (v: SubmissionStatus, s) => (
              <Tooltip title={s.rejectReason ?? undefined}>
                <Tag color={STATUS_COLORS[v] ?? 'default'}>{t(`asm.submissionStatus.${v}`, { defaultValue: v })}</Tag>
              </Tooltip>
            ),
          },
          { title: t('asm.paper.choices'), render: (_, s) => <Choices s={s} /> },
          { title: t('asm.paper.files'), width: 130, render: (_, s) => <Files a={a} s={s} /> },
          { title: t('asm.paper.castAt'), dataIndex: 'castAt', width: 140, render: (v: string) => beijing(v) },
          { title: t('asm.paper.confirmedBy'), width: 110, render: (_, s) => (s.confirmedBy !== null ? personOf(s.confirmedBy, s.confirmedByName) : '—') },
        ]}
      />
    </Card>
  );
}

export function PaperBallotsTab({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="gz-stack">
      {a.state === 'voting' && canOrganise ? <EntryForm a={a} /> : <Alert type="info" showIcon title={t('asm.paper.entryClosed')} />}
      <ConfirmQueue a={a} canOrganise={canOrganise} />
      <SubmissionList a={a} />
    </div>
  );
}
