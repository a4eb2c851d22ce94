// 三长积分 (console): the year's ranking of the 三长 of one level in the chosen place (visits and
// reports counted, total points, the top flagged as 最美邻长 candidates), points given by hand
// (activity, award, adjustment; audited by the server), and the report of 机关党员干部 serving as
// 三长 — whose property-fee status is shown as the server says it: unknown until fees are recorded.
import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Form, Input, InputNumber, Segmented, Select, Space, Table, Tabs, Tag, Typography, App as AntApp } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { ErrorResult } from '../../app/errors';
import { useScope } from '../../app/console/scope';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { FormDialog } from '../assemblies/FormDialog';
import { LEVELS, MANUAL_KINDS, useCadres, useGridWrite, useRanking, type Cadre, type Level, type PointBody, type RankingRow } from './api';
import './grid.css';

function PointsDialog({ people, onClose }: { people: RankingRow[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PointBody>();
  const save = useGridWrite((body: PointBody) => api('/grid/points', { method: 'POST', body: { ...body, note: body.note.trim() } }));
  return (
    <FormDialog<PointBody>
      form={form}
      save={{
        ...save,
        mutate: (v) =>
          save.mutate(v, {
            onSuccess: () => {
              message.success(t('grid.pointsForm.saved'));
              onClose();
            },
          }),
      }}
      title={t('grid.addPoints')}
      okId="grid-points-ok"
      initialValues={{ kind: 'activity' }}
      onClose={onClose}
    >
      <Form.Item name="personId" label={t('grid.pointsForm.person')} rules={[{ required: true, message: t('grid.form.personRequired') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={people.map((p) => ({ value: p.personId, label: `${p.name} · ${p.cells.map((c) => c.name).join('、')}` }))} />
      </Form.Item>
      <Form.Item name="kind" label={t('grid.pointsForm.kind')} rules={[{ required: true }]}>
        <Segmented options={MANUAL_KINDS.map((k) => ({ value: k, label: t(`grid.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item
        name="points"
        label={t('grid.pointsForm.points')}
        rules={[{ required: true, type: 'integer', min: -1000, max: 1000, message: t('grid.pointsForm.pointsRequired') }, { validator: async (_, v) => { if (v === 0) throw new Error(t('grid.pointsForm.pointsRequired')); } }]}
      >
        <InputNumber precision={0} min={-1000} max={1000} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="note" label={t('grid.pointsForm.note')} rules={[{ required: true, whitespace: true, max: 200, message: t('grid.pointsForm.noteRequired') }]}>
        <Input.TextArea rows={2} maxLength={200} showCount />
      </Form.Item>
    </FormDialog>
  );
}

function RankingTab({ year, placeId, canManage }: { year: number; placeId: number | undefined; canManage: boolean }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Level>('lin');
  const [adding, setAdding] = useState(false);
  const q = useRanking(year, placeId, level, !!placeId);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const candidates = q.data?.items.filter((r) => r.candidate).length ?? 0;
  return (
    <>
      <Space className="gz-grid-bar" wrap style={{ marginBottom: 12 }}>
        <Segmented<Level> value={level} onChange={setLevel} options={LEVELS.map((l) => ({ value: l, label: t(`grid.leaders.${l}`) }))} />
        {candidates > 0 && level === 'lin' && <Typography.Text type="secondary">{t('grid.candidates', { n: candidates })}</Typography.Text>}
        {canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} id="grid-add-points" disabled={!q.data?.items.length}>
            {t('grid.addPoints')}
          </Button>
        )}
      </Space>
      <Table<RankingRow>
        id="grid-ranking"
        rowKey="personId"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.noRanking')} /> }}
        pagination={false}
        columns={[
          { title: t('grid.rank'), dataIndex: 'rank', width: 70 },
          {
            title: t('grid.name'),
            dataIndex: 'name',
            render: (v: string, r) => (
              <>
                {v}
                {r.candidate && level === 'lin' && (
                  <Tag color="gold" className="gz-grid-candidate">
                    {t('grid.candidate')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('grid.level'), key: 'level', width: 150, render: () => t(`grid.leaders.${level}`) },
          { title: t('grid.cell'), dataIndex: 'cells', render: (cells: RankingRow['cells']) => cells.map((c) => c.name).join('、') },
          { title: t('grid.visitsCount'), dataIndex: 'visits', align: 'right', width: 100 },
          { title: t('grid.reportsCount'), dataIndex: 'reports', align: 'right', width: 100 },
          { title: t('grid.totalPoints'), dataIndex: 'points', align: 'right', width: 100, render: (n: number) => <b>{n}</b> },
        ]}
      />
      {adding && q.data && <PointsDialog people={q.data.items} onClose={() => setAdding(false)} />}
    </>
  );
}

function CadresTab({ placeId }: { placeId: number | undefined }) {
  const { t } = useTranslation();
  const q = useCadres(placeId, !!placeId);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('grid.cadresSub')}</Typography.Paragraph>
      <Table<Cadre>
        id="grid-cadres"
        rowKey="personId"
        size="small"
        loading={q.isFetching}
        dataSource={q.data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.noCadres')} /> }}
        pagination={(q.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: t('grid.name'), dataIndex: 'name' },
          { title: t('grid.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
          { title: t('grid.employer'), dataIndex: 'employer', render: (v: string | null) => v ?? '—' },
          { title: t('grid.partyMember'), dataIndex: 'partyStatus', render: (v: Cadre['partyStatus']) => <Tag color="red">{t(`grid.partyStatus.${v}`)}</Tag> },
          {
            title: t('grid.cells'),
            dataIndex: 'cells',
            render: (cells: Cadre['cells']) => (
              <Space size={4} wrap>
                {cells.map((c) => (
                  <Tag key={c.id}>
                    {t(`grid.leaders.${c.level}`)} · {c.name}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('grid.feeStatus'),
            dataIndex: 'feeStatus',
            render: (v: Cadre['feeStatus']) => (v === 'unknown' ? <span className="gz-grid-fee-unknown">{t('grid.fee.unknown')}</span> : <Tag color={v === 'paid' ? 'green' : 'red'}>{t(`grid.fee.${v}`)}</Tag>),
          },
        ]}
      />
    </>
  );
}

export default function GridPointsPage() {
  const { t } = useTranslation();
  const { listFilter, scopeId } = useScope();
  const canManage = useCan('grid.manage');
  const [year, setYear] = useState(dayjs().year());
  // an office user looks at the chosen scope; a 三长 (no place roots of their own) at their cells
  const placeId = listFilter.ready ? (listFilter.placeId ?? scopeId) : undefined;
  return (
    <>
      <PageHeader
        title={t('grid.pointsTitle')}
        sub={t('grid.pointsSub')}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('grid.yearLabel')}</Typography.Text>
            <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} disabledDate={(d) => d.year() > dayjs().year()} id="grid-year" />
          </Space>
        }
      />
      <Card size="small">
        <Tabs
          items={[
            { key: 'ranking', label: t('grid.ranking'), children: <RankingTab year={year} placeId={placeId} canManage={canManage} /> },
            { key: 'cadres', label: t('grid.cadres'), children: <CadresTab placeId={placeId} /> },
          ]}
        />
      </Card>
    </>
  );
}
