// 表决名册: the voter roll (names masked, as shown for objections) with search and paging and its
// totals. Before the announcement it is a preview from the current ownership records with the
// warnings to settle first; once announced it is frozen, and until voting opens an objection can
// be answered by a correction with its reason (area, who votes for co-owners, off or back on).
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Statistic, Table, Tag, Typography, App as AntApp } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { asmKeys, useCorrections, useEligibleOwners, useRoll, type AssemblyDetail, type Correction, type RollWarnings, type Voter } from './api';
import { areaText, beijing, parseAreaText } from './figures';
import { FormDialog } from './FormDialog';
import { usePagedList } from './paging';

type Action = 'area' | 'delegate' | 'remove' | 'restore';

interface CorrectionValues {
  action: Action;
  area?: string;
  delegatePersonId?: number;
  reason: string;
}

function CorrectionDialog({ a, voter, onClose }: { a: AssemblyDetail; voter: Voter; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CorrectionValues>();
  const action = Form.useWatch('action', form);
  // the co-owners of the voter's units, from the estate's current owners
  const owners = useEligibleOwners(a.id, '', action === 'delegate');
  const coOwners = (owners.data?.items ?? []).filter((o) => o.units.some((u) => voter.units.includes(u)));
  const save = useMutation({
    mutationFn: (v: CorrectionValues) =>
      api(`/assemblies/${a.id}/roll/${voter.id}/corrections`, {
        method: 'POST',
        body: {
          action: v.action,
          areaCenti: v.action === 'area' ? (parseAreaText(v.area ?? '') ?? undefined) : undefined,
          delegatePersonId: v.action === 'delegate' ? v.delegatePersonId : undefined,
          reason: v.reason.trim(),
        },
      }),
    onSuccess: async () => {
      message.success(t('asm.roll.corrected'));
      onClose();
      await Promise.all([
        qc.invalidateQueries({ queryKey: asmKeys.rollAll(a.id) }),
        qc.invalidateQueries({ queryKey: asmKeys.corrections(a.id) }),
        qc.invalidateQueries({ queryKey: asmKeys.detail(a.id) }),
      ]);
    },
  });
  const actions: Action[] = voter.active ? ['area', 'delegate', 'remove'] : ['restore'];
  return (
    <FormDialog<CorrectionValues>
      form={form}
      save={save}
      width={560}
      title={t('asm.roll.correctTitle', { no: voter.voterNo, name: voter.name })}
      okId="asm-correction-submit"
      okText={t('asm.roll.correct')}
      hint={<Typography.Paragraph type="secondary">{t('asm.roll.correctHint')}</Typography.Paragraph>}
      errorId="asm-correction-error"
      initialValues={{ action: actions[0], area: areaText(voter.areaCenti, false).replace(/,/g, '') }}
      onClose={onClose}
    >
      <Form.Item name="action" label={t('asm.roll.action')}>
        <Radio.Group id="asm-correction-action" options={actions.map((x) => ({ value: x, label: t(`asm.roll.actions.${x}`) }))} />
      </Form.Item>
      {action === 'area' && (
        <Form.Item
          name="area"
          label={t('asm.roll.newArea')}
          extra={t('asm.roll.areaNow', { area: areaText(voter.areaCenti) })}
          rules={[{ validator: (_, v?: string) => (parseAreaText(v ?? '') !== null ? Promise.resolve() : Promise.reject(new Error(t('asm.roll.areaRule')))) }]}
        >
          <Input id="asm-correction-area" inputMode="decimal" suffix="m²" style={{ width: 200 }} />
        </Form.Item>
      )}
      {action === 'delegate' && (
        <Form.Item name="delegatePersonId" label={t('asm.roll.delegate')} extra={t('asm.roll.delegateHint')} rules={[{ required: true, message: t('asm.roll.delegateRequired') }]}>
          <Select
            id="asm-correction-delegate"
            loading={owners.isFetching}
            notFoundContent={owners.isError ? errorText(owners.error) : t('asm.roll.noCoOwners')}
            options={coOwners.map((o) => ({ value: o.personId, label: `${o.name}（${o.units.join('、')}）` }))}
          />
        </Form.Item>
      )}
      <Form.Item
        name="reason"
        label={t('asm.roll.reason')}
        rules={[{ validator: (_, v?: string) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('asm.roll.reasonRequired')))) }, { max: 500 }]}
      >
        <Input.TextArea id="asm-correction-reason" rows={3} showCount maxLength={500} placeholder={t('asm.roll.reasonPlaceholder')} />
      </Form.Item>
    </FormDialog>
  );
}

function Warnings({ w }: { w: RollWarnings }) {
  const { t } = useTranslation();
  const n = w.unownedUnits.length + w.unitsWithoutArea.length + w.coOwnedWithoutDelegate.length;
  if (n === 0) return <Alert type="success" showIcon title={t('asm.roll.noWarnings')} />;
  const list = (labels: string[]) => (
    <Typography.Paragraph className="gz-asm-warning-list" ellipsis={{ rows: 2, expandable: true, symbol: '…' }}>
      {labels.join('、')}
    </Typography.Paragraph>
  );
  return (
    <Alert
      type="warning"
      showIcon
      id="asm-roll-warnings"
      title={t('asm.roll.warningsTitle', { n })}
      description={
        <div className="gz-asm-warnings">
          {w.unownedUnits.length > 0 && (
            <div>
              <Typography.Text strong>{t('asm.roll.unownedUnits', { n: w.unownedUnits.length })}</Typography.Text>
              {list(w.unownedUnits.map((u) => `${u.label}（${areaText(String(u.areaCenti))}）`))}
            </div>
          )}
          {w.unitsWithoutArea.length > 0 && (
            <div>
              <Typography.Text strong>{t('asm.roll.unitsWithoutArea', { n: w.unitsWithoutArea.length })}</Typography.Text>
              {list(w.unitsWithoutArea.map((u) => u.label))}
            </div>
          )}
          {w.coOwnedWithoutDelegate.length > 0 && (
            <div>
              <Typography.Text strong>{t('asm.roll.coOwnedWithoutDelegate', { n: w.coOwnedWithoutDelegate.length })}</Typography.Text>
              {list(w.coOwnedWithoutDelegate.map((u) => (u.units?.length ? `${u.name}（${u.units.join('、')}）` : u.name)))}
            </div>
          )}
          <Typography.Text type="secondary" className="gz-small">
            {t('asm.roll.warningsHint')}
          </Typography.Text>
        </div>
      }
    />
  );
}

/** "before → after" of a correction, in words. */
function CorrectionChange({ c }: { c: Correction }) {
  const { t } = useTranslation();
  const before = (c.before ?? {}) as Record<string, unknown>;
  const after = (c.after ?? {}) as Record<string, unknown>;
  if (c.action === 'area') return <span>{`${areaText(String(before.areaCenti ?? ''))} → ${areaText(String(after.areaCenti ?? ''))}`}</span>;
  if (c.action === 'delegate') return <span>{t('asm.roll.delegateChanged')}</span>;
  return <span>{t(`asm.roll.actions.${c.action}`, { defaultValue: c.action })}</span>;
}

function CorrectionsCard({ a }: { a: AssemblyDetail }) {
  const { t } = useTranslation();
  const list = useCorrections(a.id, a.state !== 'draft');
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card size="small" title={t('asm.roll.corrections')}>
      <Table<Correction>
        id="asm-corrections"
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('asm.roll.noCorrections') }}
        columns={[
          { title: t('asm.roll.voterNo'), dataIndex: 'voterNo', width: 90 },
          { title: t('asm.roll.action'), dataIndex: 'action', width: 120, render: (v: string) => t(`asm.roll.actions.${v}`, { defaultValue: v }) },
          { title: t('asm.roll.change'), width: 220, render: (_, c) => <CorrectionChange c={c} /> },
          { title: t('asm.roll.reason'), dataIndex: 'reason' },
          { title: t('asm.roll.by'), dataIndex: 'by', width: 140 },
          { title: t('asm.roll.at'), dataIndex: 'at', width: 150, render: (v: string) => beijing(v) },
        ]}
      />
    </Card>
  );
}

export function RollTab({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  const { filter: q = '', setFilter: setQ, page, size, pagination } = usePagedList<string>('');
  const [correcting, setCorrecting] = useState<Voter | null>(null);
  const roll = useRoll(a.id, q, page, size);
  const frozen = roll.data?.frozen ?? a.state !== 'draft';
  const canCorrect = canOrganise && a.state === 'announced';

  if (roll.isError) return <ErrorResult error={roll.error} onRetry={() => void roll.refetch()} />;
  return (
    <div className="gz-stack">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.roll.persons')} value={roll.data?.totals.persons ?? '—'} suffix={t('asm.personsUnit')} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.roll.area')} value={roll.data ? areaText(roll.data.totals.areaCenti, false) : '—'} suffix="m²" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.roll.status')} value={frozen ? t('asm.roll.frozen') : t('asm.roll.preview')} styles={{ content: { fontSize: 20 } }} />
            <Typography.Text type="secondary" className="gz-small">
              {frozen ? t('asm.roll.frozenHint', { at: beijing(a.announcedAt) }) : t('asm.roll.previewHint')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {!frozen && roll.data?.warnings && <Warnings w={roll.data.warnings} />}
      {canCorrect && <Alert type="info" showIcon title={t('asm.roll.correctWindow', { at: beijing(a.votingOpensAt) })} />}
      <Card size="small" title={t('asm.roll.list')}>
        <div className="gz-toolbar">
          <Input.Search id="asm-roll-search" allowClear placeholder={t('asm.roll.search')} onSearch={(v) => setQ(v.trim())} style={{ width: 280 }} />
        </div>
        <Table<Voter>
          id="asm-roll"
          rowKey="voterNo"
          size="small"
          loading={roll.isFetching}
          dataSource={roll.data?.items ?? []}
          rowClassName={(v) => (v.active ? '' : 'gz-asm-inactive')}
          scroll={{ x: 900 }}
          pagination={pagination(roll.data?.total ?? 0)}
          columns={[
            { title: t('asm.roll.voterNo'), dataIndex: 'voterNo', width: 80 },
            {
              title: t('asm.roll.name'),
              dataIndex: 'name',
              width: 170,
              render: (v: string, r) => (
                <Space size={4} wrap>
                  <span>{v}</span>
                  {r.kind === 'developer' && <Tag color="purple">{t('asm.roll.developer')}</Tag>}
                  {!r.active && <Tag color="red">{t('asm.roll.removed')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('asm.roll.units'),
              dataIndex: 'units',
              render: (units: string[], r) => (
                <Typography.Text ellipsis={{ tooltip: units.join('、') }} style={{ maxWidth: 360 }}>
                  {r.unitCount > 1 ? `(${r.unitCount}) ` : ''}
                  {units.join('、')}
                </Typography.Text>
              ),
            },
            { title: t('asm.roll.area'), dataIndex: 'areaCenti', width: 130, align: 'right', render: (v: string) => <span className="gz-mono">{areaText(v)}</span> },
            ...(frozen
              ? [
                  { title: t('asm.roll.delivery'), dataIndex: 'delivery', width: 140, render: (v: string | null) => (v ? t(`asm.delivery.methods.${v}`, { defaultValue: v }) : <Typography.Text type="secondary">{t('asm.delivery.methods.none')}</Typography.Text>) },
                  { title: t('asm.roll.voted'), dataIndex: 'voted', width: 80, render: (v: boolean) => (v ? <CheckOutlined className="gz-asm-ok" aria-label={t('common.yes')} /> : null) },
                ]
              : []),
            ...(canCorrect
              ? [
                  {
                    title: t('common.actions'),
                    width: 90,
                    render: (_: unknown, v: Voter) => (
                      <Button size="small" className="asm-correct-open" onClick={() => setCorrecting(v)} disabled={v.id === null}>
                        {t('asm.roll.correct')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {a.state !== 'draft' && <CorrectionsCard a={a} />}
      {correcting && <CorrectionDialog a={a} voter={correcting} onClose={() => setCorrecting(null)} />}
    </div>
  );
}

