// 业委会: the owners' committees in my area (from published elections): members, term, the overlap
// with the estate's party branch committee (交叉任职) against the target, and the follow-up tasks
// with their deadlines (first meeting within 7 days, filing within 30 days), overdue ones flagged.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Input, Modal, Progress, Row, Skeleton, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useScope } from '../../app/console/scope';
import { useNow } from '../requests/useNow';
import { asmKeys, type Committee, type CommitteeMember, type CommitteeTask } from './api';
import { beijing } from './figures';
import './assemblies.css';

function useCommittees(placeId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: asmKeys.committees(placeId),
    queryFn: () => api<{ items: Committee[] }>('/owners-committees', { query: { placeId } }).then((r) => r.items),
    enabled,
  });
}

function TaskRow({ c, task, now, canOrganise, onDone }: { c: Committee; task: CommitteeTask; now: number; canOrganise: boolean; onDone: (task: CommitteeTask) => void }) {
  const { t } = useTranslation();
  // the server's flag, kept current while the page stays open
  const overdue = !task.done && (task.overdue || new Date(task.dueAt).getTime() < now);
  return (
    <div className={overdue ? 'gz-asm-task gz-asm-task-overdue' : 'gz-asm-task'} data-task={task.kind} data-committee={c.id}>
      <div>
        <Typography.Text strong>{t(`asm.committees.tasks.${task.kind}`, { defaultValue: task.kind })}</Typography.Text>
        <div className="gz-small">
          {t('asm.committees.due', { at: beijing(task.dueAt, 'YYYY-MM-DD') })}
          {task.doneAt && ` · ${t('asm.committees.doneAt', { at: beijing(task.doneAt) })}${task.doneBy ? ` · ${task.doneBy}` : ''}`}
        </div>
        {task.note && <div className="gz-small gz-asm-pre">{task.note}</div>}
      </div>
      <Space>
        {task.done ? <Tag color="green">{t('asm.committees.done')}</Tag> : overdue ? <Tag color="red">{t('asm.committees.overdue')}</Tag> : <Tag color="gold">{t('asm.committees.open')}</Tag>}
        {!task.done && canOrganise && (
          <Button size="small" className="asm-task-done" onClick={() => onDone(task)}>
            {t('asm.committees.markDone')}
          </Button>
        )}
      </Space>
    </div>
  );
}

function CommitteeCard({ c, now, canOrganise, onDone }: { c: Committee; now: number; canOrganise: boolean; onDone: (c: Committee, task: CommitteeTask) => void }) {
  const { t } = useTranslation();
  const { link } = useScope();
  const x = c.crossAppointment;
  return (
    <Card
      size="small"
      className="gz-asm-committee"
      data-committee={c.id}
      title={
        <Space wrap>
          <span>{c.estateName}</span>
          {c.term.expired ? <Tag>{t('asm.committees.termEnded')}</Tag> : c.current === false ? <Tag>{t('asm.committees.superseded')}</Tag> : <Tag color="red">{t('asm.committees.inOffice')}</Tag>}
          {!c.term.expired && c.term.warning && <Tag color="orange">{t('asm.committees.termEnding', { n: c.term.daysLeft })}</Tag>}
        </Space>
      }
      extra={<Link to={link(`/assemblies/${c.assemblyId}`)}>{t('asm.committees.election')}</Link>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'term', label: t('asm.committees.term'), children: t('asm.committees.termText', { from: c.term.start, to: c.term.end }) },
          { key: 'assembly', label: t('asm.committees.electedAt'), children: c.assemblyTitle },
          { key: 'members', label: t('asm.committees.memberCount'), children: t('asm.persons', { n: c.members.length }) },
        ]}
      />
      <div className="gz-asm-cross">
        <Typography.Text>{t('asm.committees.cross', { overlap: x.branchCommittee, members: x.members, party: x.partyMembers })}</Typography.Text>
        {/* the bar is drawn from the two-decimal text; whether the target is met is the server's exact comparison */}
        <Progress percent={Number(x.percent)} format={() => `${x.percent}%`} status={x.meetsTarget ? 'success' : 'exception'} size="small" />
        <Typography.Text type={x.meetsTarget ? 'success' : 'danger'} className="gz-small">
          {x.meetsTarget ? t('asm.committees.targetMet', { target: x.targetPct }) : t('asm.committees.targetMissed', { target: x.targetPct })}
        </Typography.Text>
      </div>
      <Table<CommitteeMember>
        rowKey="personId"
        size="small"
        pagination={false}
        dataSource={[...c.members].sort((p, q) => p.rank - q.rank)}
        columns={[
          { title: t('asm.results.rank'), dataIndex: 'rank', width: 70 },
          { title: t('asm.election.name'), dataIndex: 'name' },
          { title: t('asm.election.partyMemberShort'), dataIndex: 'partyMember', width: 100, render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
          { title: t('asm.election.branchCommitteeShort'), dataIndex: 'branchCommittee', width: 140, render: (v: boolean) => (v ? <Tag color="volcano">{t('common.yes')}</Tag> : t('common.no')) },
        ]}
      />
      <div className="gz-asm-tasks">
        <Typography.Text type="secondary">{t('asm.committees.followUp')}</Typography.Text>
        {c.tasks.map((task) => (
          <TaskRow key={task.id} c={c} task={task} now={now} canOrganise={canOrganise} onDone={(tk) => onDone(c, tk)} />
        ))}
      </div>
    </Card>
  );
}

export default function CommitteesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const now = useNow();
  const { listFilter } = useScope();
  const canOrganise = useCan('assemblies.organise');
  const list = useCommittees(listFilter.placeId, listFilter.ready);
  const [marking, setMarking] = useState<{ c: Committee; task: CommitteeTask } | null>(null);
  const [note, setNote] = useState('');
  const done = useMutation({
    mutationFn: ({ c, task }: { c: Committee; task: CommitteeTask }) => api(`/owners-committees/${c.id}/tasks/${task.id}/done`, { method: 'POST', body: { note: note.trim() || undefined } }),
    onSuccess: async () => {
      message.success(t('asm.committees.marked'));
      setMarking(null);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['owners-committees'] });
    },
  });
  const overdue = (list.data ?? []).flatMap((c) => c.tasks.filter((x) => !x.done && (x.overdue || new Date(x.dueAt).getTime() < now))).length;

  return (
    <>
      <PageHeader title={t('asm.committees.title')} sub={t('asm.committees.sub')} />
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Skeleton active />
      ) : list.data.length === 0 ? (
        <Card size="small">
          <Empty description={t('asm.committees.none')} />
        </Card>
      ) : (
        <div className="gz-stack">
          {overdue > 0 && <Alert type="error" showIcon title={t('asm.committees.overdueCount', { n: overdue })} id="asm-committees-overdue" />}
          <Row gutter={[16, 16]}>
            {list.data.map((c) => (
              <Col key={c.id} xs={24} xxl={12}>
                <CommitteeCard c={c} now={now} canOrganise={canOrganise} onDone={(cm, task) => setMarking({ c: cm, task })} />
              </Col>
            ))}
          </Row>
        </div>
      )}
      {marking && (
        <Modal
          open
          title={t('asm.committees.markTitle', { task: t(`asm.committees.tasks.${marking.task.kind}`, { defaultValue: marking.task.kind }) })}
          onCancel={() => setMarking(null)}
          onOk={() => done.mutate(marking)}
          okText={t('asm.committees.markDone')}
          okButtonProps={{ id: 'asm-task-submit' }}
          cancelText={t('common.cancel')}
          confirmLoading={done.isPending}
          destroyOnHidden
        >
          {done.isError && <Alert type="error" showIcon title={errorText(done.error)} style={{ marginBottom: 12 }} />}
          <Typography.Paragraph type="secondary">{t('asm.committees.markHint')}</Typography.Paragraph>
          <Input.TextArea id="asm-task-note" rows={3} maxLength={1000} showCount value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('asm.committees.notePlaceholder')} />
        </Modal>
      )}
    </>
  );
}
