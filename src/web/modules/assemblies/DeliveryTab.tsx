// 送达记录: how the notice reached each voter (the latest method: read in the app, paper delivered,
// delivery failed, public notice), the counts per method, and recording paper delivery, a failed
// delivery or the public notice for the selected voters at once.
import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Tag, Typography, App as AntApp } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult } from '../../app/errors';
import { asmKeys, DELIVERY_METHODS, type AssemblyDetail, type DeliveryFilter, type DeliveryList, type DeliveryMethod, type DeliveryRow } from './api';
import { beijing } from './figures';
import { FormDialog } from './FormDialog';
import { usePagedList } from './paging';

type Recordable = 'paper' | 'failed' | 'public_notice';
const RECORDABLE: Recordable[] = ['paper', 'failed', 'public_notice'];
const FILTERS: DeliveryFilter[] = ['not_reached', ...DELIVERY_METHODS, 'none'];

function RecordDialog({ a, voterIds, method, onClose, onDone }: { a: AssemblyDetail; voterIds: number[]; method: Recordable; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const save = useMutation({
    mutationFn: (v: { note?: string }) => api(`/assemblies/${a.id}/deliveries`, { method: 'POST', body: { voterIds, method, note: v.note?.trim() || undefined } }),
    onSuccess: async () => {
      message.success(t('asm.delivery.recorded', { n: voterIds.length }));
      onDone();
      await Promise.all([qc.invalidateQueries({ queryKey: asmKeys.deliveries(a.id) }), qc.invalidateQueries({ queryKey: asmKeys.rollAll(a.id) })]);
    },
  });
  return (
    <FormDialog<{ note?: string }>
      form={form}
      save={save}
      title={t('asm.delivery.recordTitle', { method: t(`asm.delivery.methods.${method}`), n: voterIds.length })}
      okId="asm-delivery-submit"
      okText={t('asm.delivery.record')}
      hint={<Typography.Paragraph type="secondary">{t(`asm.delivery.hints.${method}`)}</Typography.Paragraph>}
      onClose={onClose}
    >
      <Form.Item name="note" label={t('asm.delivery.note')} rules={[{ max: 500 }]}>
        <Input.TextArea id="asm-delivery-note" rows={3} showCount maxLength={500} placeholder={t('asm.delivery.notePlaceholder')} />
      </Form.Item>
    </FormDialog>
  );
}

export function DeliveryTab({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  const { filter: method, setFilter: setMethod, page, size, offset, pagination } = usePagedList<DeliveryFilter>();
  const [selected, setSelected] = useState<number[]>([]);
  const [recording, setRecording] = useState<Recordable | null>(null);
  const list = useQuery({
    queryKey: [...asmKeys.deliveries(a.id), method ?? '', page, size],
    queryFn: () => api<DeliveryList>(`/assemblies/${a.id}/deliveries`, { query: { method, limit: size, offset } }),
    placeholderData: keepPreviousData,
  });
  const summary = list.data?.summary;
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const canRecord = canOrganise && a.state !== 'archived';

  return (
    <div className="gz-stack">
      <Row gutter={[12, 12]} id="asm-delivery-summary">
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t('asm.delivery.reached')} value={summary?.reached ?? 0} suffix={`/ ${summary?.voters ?? 0}`} />
          </Card>
        </Col>
        {FILTERS.map((m) => (
          <Col key={m} xs={12} md={8} xl={m === 'not_reached' ? 4 : 3}>
            <Card
              size="small"
              hoverable
              className={method === m ? 'gz-asm-picked' : undefined}
              onClick={() => setMethod(method === m ? undefined : m)}
            >
              <Statistic
                title={t(`asm.delivery.methods.${m}`)}
                value={(m === 'not_reached' ? summary?.notReached : summary?.[m]) ?? 0}
                styles={m === 'not_reached' && (summary?.notReached ?? 0) > 0 ? { content: { color: '#c0161d' } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" className="gz-small">
        {t('asm.delivery.lawHint')}
      </Typography.Text>
      <Card size="small" title={t('asm.delivery.list')}>
        <div className="gz-toolbar gz-toolbar-wrap">
          <Select
            allowClear
            id="asm-delivery-filter"
            placeholder={t('asm.delivery.filter')}
            style={{ width: 180 }}
            value={method}
            onChange={(v?: DeliveryFilter) => setMethod(v)}
            options={FILTERS.map((m) => ({ value: m, label: t(`asm.delivery.methods.${m}`) }))}
          />
          {canRecord && (
            <Space wrap>
              <Typography.Text type="secondary">{t('asm.delivery.selected', { n: selected.length })}</Typography.Text>
              {RECORDABLE.map((m) => (
                <Button key={m} id={`asm-delivery-${m}`} disabled={selected.length === 0} onClick={() => setRecording(m)}>
                  {t(`asm.delivery.actions.${m}`)}
                </Button>
              ))}
            </Space>
          )}
        </div>
        <Table<DeliveryRow>
          id="asm-deliveries"
          rowKey="voterId"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          rowSelection={canRecord ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
          pagination={pagination(list.data?.total ?? 0)}
          columns={[
            { title: t('asm.roll.voterNo'), dataIndex: 'voterNo', width: 80 },
            {
              title: t('asm.roll.name'),
              dataIndex: 'name',
              width: 150,
              render: (v: string, r) => (
                <Space size={4} wrap>
                  <span>{v}</span>
                  {!r.active && <Tag color="red">{t('asm.roll.removed')}</Tag>}
                </Space>
              ),
            },
            { title: t('asm.roll.units'), dataIndex: 'units', render: (u: string[]) => (u.length ? <Typography.Text ellipsis={{ tooltip: u.join('、') }}>{u.join('、')}</Typography.Text> : '—') },
            {
              title: t('asm.delivery.latest'),
              dataIndex: 'method',
              width: 120,
              render: (v: DeliveryMethod | null, r) => (
                <Space size={4} wrap>
                  {v ? <span>{t(`asm.delivery.methods.${v}`)}</span> : <Typography.Text type="danger">{t('asm.delivery.methods.none')}</Typography.Text>}
                  {v && !r.reached && <Tag color="red">{t('asm.delivery.methods.not_reached')}</Tag>}
                  {r.deliveries > 1 && <Typography.Text type="secondary" className="gz-small">{t('asm.delivery.times', { n: r.deliveries })}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('asm.delivery.at'), dataIndex: 'at', width: 150, render: (v: string | null) => beijing(v) },
            { title: t('asm.delivery.by'), dataIndex: 'by', width: 130, render: (v: string | null) => v ?? '' },
            { title: t('asm.delivery.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
      {recording && (
        <RecordDialog
          a={a}
          voterIds={selected}
          method={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            setSelected([]);
          }}
        />
      )}
    </div>
  );
}
