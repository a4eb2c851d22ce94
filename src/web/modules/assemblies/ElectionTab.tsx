// 业委会选举: the election of an assembly (seats 5–11 odd, term ≤ 5 years), its candidates picked
// from the estate's current owners, their statements, eligibility (owner; fee arrears where fee
// data exists) and the party organisation's review (assemblies.review). Each candidate is a matter
// of 民法典 第278条 第（三）项 and must pass it on their own.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { useCan } from '../../app/permissions';
import { FormDialog } from './FormDialog';
import { asmKeys, useAssemblySettings, useEligibleOwners, type AssemblyDetail, type Candidate, type Election } from './api';

const SEATS = [5, 7, 9, 11];

interface ElectionValues {
  title: string;
  seats: number;
  termYears: number;
}

/** After any election write the detail (matters, candidates) is read again. */
function useElectionWrite<T>(a: AssemblyDetail, fn: (v: T) => Promise<unknown>, done: string, after?: () => void) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: asmKeys.detail(a.id) });
      message.success(t(done));
      after?.();
    },
  });
}

function ElectionDialog({ a, election, onClose }: { a: AssemblyDetail; election?: Election; onClose: () => void }) {
  const { t } = useTranslation();
  const canConfigure = useCan('assemblies.configure');
  const settings = useAssemblySettings(a.estateId, canConfigure && !election);
  const [form] = Form.useForm<ElectionValues>();
  useEffect(() => {
    if (!election && settings.data) form.setFieldsValue({ seats: settings.data.effective.committeeSeats, termYears: settings.data.effective.committeeTermYears });
  }, [settings.data, election]);
  const save = useElectionWrite<ElectionValues>(
    a,
    (v) => api(`/assemblies/${a.id}/election`, { method: election ? 'PATCH' : 'POST', body: { title: v.title.trim(), seats: v.seats, termYears: v.termYears } }),
    election ? 'asm.election.saved' : 'asm.election.created',
    onClose,
  );
  return (
    <FormDialog<ElectionValues>
      form={form}
      save={save}
      title={election ? t('asm.election.edit') : t('asm.election.create')}
      okId="asm-election-submit"
      initialValues={election ? { title: election.title, seats: election.seats, termYears: election.termYears } : { title: t('asm.election.defaultTitle'), seats: 5, termYears: 5 }}
      onClose={onClose}
    >
      <Form.Item name="title" label={t('asm.election.titleField')} rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}>
        <Input id="asm-election-title" maxLength={100} />
      </Form.Item>
      <div className="gz-asm-pair">
        <Form.Item name="seats" label={t('asm.election.seats')} extra={t('asm.election.seatsHint')} rules={[{ required: true }]}>
          <Select id="asm-election-seats" options={SEATS.map((n) => ({ value: n, label: t('asm.election.seatsN', { n }) }))} />
        </Form.Item>
        <Form.Item name="termYears" label={t('asm.election.term')} extra={t('asm.election.termHint')} rules={[{ required: true }]}>
          <InputNumber id="asm-election-term" min={1} max={5} precision={0} style={{ width: '100%' }} suffix={t('asm.election.years')} />
        </Form.Item>
      </div>
    </FormDialog>
  );
}

interface CandidateValues {
  personId: number;
  statement?: string;
}

function CandidateDialog({ a, candidate, onClose }: { a: AssemblyDetail; candidate?: Candidate; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<CandidateValues>();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  // search as the user types, a moment after they stop
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const owners = useEligibleOwners(a.id, q, !candidate);
  const taken = new Set(a.election?.candidates.map((c) => c.personId));
  const save = useElectionWrite<CandidateValues>(
    a,
    (v) =>
      candidate
        ? api(`/assemblies/${a.id}/candidates/${candidate.matterId}`, { method: 'PATCH', body: { statement: v.statement?.trim() ?? '' } })
        : api(`/assemblies/${a.id}/candidates`, { method: 'POST', body: { personId: v.personId, statement: v.statement?.trim() ?? '' } }),
    candidate ? 'asm.election.candidateSaved' : 'asm.election.candidateAdded',
    onClose,
  );
  return (
    <FormDialog<CandidateValues>
      form={form}
      save={save}
      width={600}
      title={candidate ? t('asm.election.editCandidate', { name: candidate.name }) : t('asm.election.addCandidate')}
      okId="asm-candidate-submit"
      initialValues={{ statement: candidate?.statement }}
      above={
        <>
          {!candidate && owners.isError && <Alert type="warning" showIcon title={errorText(owners.error)} style={{ marginBottom: 12 }} />}
          {!candidate && owners.data && !owners.data.feeData.available && (
            <Typography.Paragraph type="secondary" className="gz-small">
              {i18n.language === 'en' ? owners.data.feeData.note.en : owners.data.feeData.note.zh}
            </Typography.Paragraph>
          )}
        </>
      }
      onClose={onClose}
    >
      {!candidate && (
        <Form.Item name="personId" label={t('asm.election.person')} extra={t('asm.election.personHint')} rules={[{ required: true, message: t('asm.election.personRequired') }]}>
          <Select
            id="asm-candidate-person"
            showSearch={{ filterOption: false, onSearch: setTyped }}
            loading={owners.isFetching}
            placeholder={t('asm.election.personPlaceholder')}
            notFoundContent={owners.isFetching ? undefined : t('asm.election.noOwners')}
            options={(owners.data?.items ?? []).map((o) => ({
              value: o.personId,
              disabled: o.candidate || taken.has(o.personId),
              label: `${o.name}（${o.units.slice(0, 3).join('、')}${o.units.length > 3 ? '…' : ''}）`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item name="statement" label={t('asm.election.statement')} rules={[{ max: 5000 }]}>
        <Input.TextArea id="asm-candidate-statement" rows={6} showCount maxLength={5000} placeholder={t('asm.election.statementPlaceholder')} />
      </Form.Item>
    </FormDialog>
  );
}

interface ReviewValues {
  decision: 'approved' | 'rejected';
  note?: string;
  partyMember: boolean;
  branchCommittee: boolean;
}

function ReviewDialog({ a, candidate, onClose }: { a: AssemblyDetail; candidate: Candidate; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReviewValues>();
  const decision = Form.useWatch('decision', form);
  const save = useElectionWrite<ReviewValues>(
    a,
    (v) => api(`/assemblies/${a.id}/candidates/${candidate.matterId}/review`, { method: 'POST', body: { ...v, note: v.note?.trim() ?? '' } }),
    'asm.election.reviewed',
    onClose,
  );
  return (
    <FormDialog<ReviewValues>
      form={form}
      save={save}
      title={t('asm.election.reviewTitle', { name: candidate.name })}
      okId="asm-review-submit"
      okText={t('asm.election.recordReview')}
      initialValues={{
        decision: candidate.partyReview === 'rejected' ? 'rejected' : 'approved',
        note: candidate.partyReviewNote ?? '',
        partyMember: candidate.partyMember,
        branchCommittee: candidate.branchCommittee,
      }}
      onClose={onClose}
    >
      <Form.Item name="decision" label={t('asm.election.decision')} rules={[{ required: true }]}>
        <Radio.Group
          id="asm-review-decision"
          options={[
            { value: 'approved', label: t('asm.review.approved') },
            { value: 'rejected', label: t('asm.review.rejected') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('asm.election.reviewNote')}
        rules={[{ required: decision === 'rejected', whitespace: true, message: t('asm.election.reviewNoteRequired') }, { max: 1000 }]}
      >
        <Input.TextArea id="asm-review-note" rows={3} showCount maxLength={1000} />
      </Form.Item>
      <Form.Item name="partyMember" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox id="asm-review-party-member">{t('asm.election.partyMember')}</Checkbox>
      </Form.Item>
      <Form.Item name="branchCommittee" valuePropName="checked" extra={t('asm.election.branchCommitteeHint')}>
        <Checkbox id="asm-review-branch">{t('asm.election.branchCommittee')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

const REVIEW_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

function Eligibility({ c }: { c: Candidate }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2}>
      <span>
        {c.isOwner ? <CheckCircleFilled className="gz-asm-ok" /> : <CloseCircleFilled className="gz-asm-bad" />} {c.isOwner ? t('asm.election.isOwner') : t('asm.election.notOwner')}
      </span>
      <span>
        {c.arrears === 'none' ? <CheckCircleFilled className="gz-asm-ok" /> : c.arrears === 'arrears' ? <CloseCircleFilled className="gz-asm-bad" /> : null}{' '}
        <Typography.Text type={c.arrears === 'unknown' ? 'secondary' : undefined}>{t(`asm.arrears.${c.arrears}`, { defaultValue: c.arrears })}</Typography.Text>
      </span>
    </Space>
  );
}

export function ElectionTab({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const canReview = useCan('assemblies.review');
  const [electionDialog, setElectionDialog] = useState<'new' | 'edit' | null>(null);
  const [candidateDialog, setCandidateDialog] = useState<{ candidate?: Candidate } | null>(null);
  const [reviewing, setReviewing] = useState<Candidate | null>(null);
  const e = a.election;
  const editable = canOrganise && a.state === 'draft';
  const removeElection = useElectionWrite<void>(a, () => api(`/assemblies/${a.id}/election`, { method: 'DELETE' }), 'asm.election.removed');
  const removeCandidate = useElectionWrite<number>(a, (matterId) => api(`/assemblies/${a.id}/candidates/${matterId}`, { method: 'DELETE' }), 'asm.election.candidateRemoved');

  if (!e) {
    return (
      <>
        <Empty description={a.state === 'draft' ? t('asm.election.noneDraft') : t('asm.election.none')}>
          {editable && (
            <Button id="asm-election-create" type="primary" icon={<PlusOutlined />} onClick={() => setElectionDialog('new')}>
              {t('asm.election.create')}
            </Button>
          )}
        </Empty>
        {electionDialog && <ElectionDialog a={a} onClose={() => setElectionDialog(null)} />}
      </>
    );
  }
  const pending = e.candidates.filter((c) => c.partyReview !== 'approved').length;
  const actionable = editable || (canReview && a.state === 'draft');
  return (
    <div className="gz-stack">
      <Card
        size="small"
        title={e.title}
        extra={
          editable && (
            <Space>
              <Button size="small" icon={<EditOutlined />} onClick={() => setElectionDialog('edit')}>
                {t('asm.election.edit')}
              </Button>
              <Popconfirm
                title={t('asm.election.removeConfirm')}
                okText={t('asm.election.remove')}
                cancelText={t('common.cancel')}
                onConfirm={() => removeElection.mutateAsync().catch((err: unknown) => message.error(errorText(err)))}
              >
                <Button size="small" danger icon={<DeleteOutlined />}>
                  {t('asm.election.remove')}
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'seats', label: t('asm.election.seats'), children: t('asm.election.seatsN', { n: e.seats }) },
            { key: 'term', label: t('asm.election.term'), children: t('asm.election.termN', { n: e.termYears }) },
            { key: 'count', label: t('asm.election.candidates'), children: t('asm.election.candidateCount', { n: e.candidates.length }) },
          ]}
        />
        <Typography.Paragraph type="secondary" className="gz-small" style={{ marginBottom: 0 }}>
          {t('asm.election.rule')}
        </Typography.Paragraph>
        {a.state === 'draft' && pending > 0 && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('asm.step.needReview', { n: pending })} />}
        {e.candidates.length > 0 && e.candidates.length < e.seats && <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('asm.election.fewerThanSeats', { n: e.candidates.length, seats: e.seats })} />}
      </Card>
      <Card
        size="small"
        title={t('asm.election.candidates')}
        extra={
          editable && (
            <Button id="asm-candidate-add" type="primary" size="small" icon={<PlusOutlined />} onClick={() => setCandidateDialog({})}>
              {t('asm.election.addCandidate')}
            </Button>
          )
        }
      >
        <Table<Candidate>
          id="asm-candidates"
          rowKey="matterId"
          size="small"
          pagination={false}
          dataSource={e.candidates}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('asm.election.noCandidates') }}
          columns={[
            { title: t('asm.election.name'), dataIndex: 'name', width: 110 },
            {
              title: t('asm.election.statement'),
              dataIndex: 'statement',
              render: (v: string) => (v ? <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: t('asm.more') }} style={{ margin: 0 }}>{v}</Typography.Paragraph> : <Typography.Text type="secondary">—</Typography.Text>),
            },
            { title: t('asm.election.eligibility'), width: 130, render: (_, c) => <Eligibility c={c} /> },
            {
              title: t('asm.election.review'),
              width: 220,
              render: (_, c) => (
                <Space orientation="vertical" size={2}>
                  <Space size={4} wrap>
                    <Tag color={REVIEW_COLORS[c.partyReview] ?? 'default'} data-review={c.partyReview}>
                      {t(`asm.review.${c.partyReview}`, { defaultValue: c.partyReview })}
                    </Tag>
                    {c.partyMember && <Tag color="red">{t('asm.election.partyMemberShort')}</Tag>}
                    {c.branchCommittee && <Tag color="volcano">{t('asm.election.branchCommitteeShort')}</Tag>}
                  </Space>
                  {c.partyReviewNote && <Typography.Text type="secondary" className="gz-small">{c.partyReviewNote}</Typography.Text>}
                </Space>
              ),
            },
            ...(actionable
              ? [
                  {
                    title: t('common.actions'),
                    width: 200,
                    render: (_: unknown, c: Candidate) => (
                      <Space size={4} wrap>
                        {canReview && a.state === 'draft' && (
                          <Button size="small" type={c.partyReview === 'pending' ? 'primary' : 'default'} onClick={() => setReviewing(c)} className="asm-review-open">
                            {t('asm.election.reviewAction')}
                          </Button>
                        )}
                        {editable && (
                          <>
                            <Button size="small" icon={<EditOutlined />} aria-label={t('asm.election.editStatement')} onClick={() => setCandidateDialog({ candidate: c })} />
                            <Popconfirm
                              title={t('asm.election.removeCandidateConfirm', { name: c.name })}
                              okText={t('asm.election.remove')}
                              cancelText={t('common.cancel')}
                              onConfirm={() => removeCandidate.mutateAsync(c.matterId).catch((err: unknown) => message.error(errorText(err)))}
                            >
                              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('asm.election.remove')} />
                            </Popconfirm>
                          </>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {electionDialog && <ElectionDialog a={a} election={electionDialog === 'edit' ? e : undefined} onClose={() => setElectionDialog(null)} />}
      {candidateDialog && <CandidateDialog a={a} candidate={candidateDialog.candidate} onClose={() => setCandidateDialog(null)} />}
      {reviewing && <ReviewDialog a={a} candidate={reviewing} onClose={() => setReviewing(null)} />}
    </div>
  );
}

