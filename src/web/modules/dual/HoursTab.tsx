// 服务时长: the members' own hours waiting for the community's confirmation (oldest first), all
// records, and hours logged by the community for a registration (confirmed at once).
import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Segmented, Select, Space, Table, Tag, App as AntApp } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { FormDialog } from '../assemblies/FormDialog';
import { usePagedList } from '../assemblies/paging';
import { hm, useDualWrite, useHours, usePosts, useRegistrations, type Hours } from './api';

type View = 'pending' | 'all';
const STATUS_COLOR: Record<Hours['status'], string> = { pending: 'gold', confirmed: 'green', rejected: 'default' };

interface LogForm {
  registrationId: number;
  postId?: number;
  servedOn: Dayjs;
  hours?: number;
  minutes?: number;
  note?: string;
}

function LogDialog({ communityId, onClose }: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LogForm>();
  const regs = useRegistrations({ communityId, status: 'active', limit: 200 });
  const posts = usePosts({ communityId, limit: 200 });
  const save = useDualWrite(
    (v: LogForm) =>
      api('/dual/hours', {
        method: 'POST',
        body: { registrationId: v.registrationId, postId: v.postId ?? null, servedOn: v.servedOn.format('YYYY-MM-DD'), minutes: (v.hours ?? 0) * 60 + (v.minutes ?? 0), note: v.note ?? '' },
      }),
    onClose,
  );
  return (
    <FormDialog form={form} save={save} title={t('dual.hours.log')} okId="dual-hours-ok" hint={t('dual.hours.officeHint')} initialValues={{ servedOn: dayjs(), hours: 1, minutes: 0 }} onClose={onClose}>
      <Form.Item name="registrationId" label={t('dual.hours.who')} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={(regs.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} />
      </Form.Item>
      <Form.Item name="postId" label={t('dual.hours.post')}>
        <Select allowClear options={(posts.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} />
      </Form.Item>
      <Form.Item name="servedOn" label={t('dual.hours.servedOn')} rules={[{ required: true }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item label={t('dual.hours.minutes')} required>
        <Space>
          <Form.Item name="hours" noStyle>
            <InputNumber min={0} max={24} precision={0} />
          </Form.Item>
          <span>{t('dual.hours.hoursPart')}</span>
          <Form.Item name="minutes" noStyle>
            <InputNumber min={0} max={59} precision={0} />
          </Form.Item>
          <span>{t('dual.hours.minutesPart')}</span>
        </Space>
      </Form.Item>
      <Form.Item name="note" label={t('dual.hours.note')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

export function HoursTab({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const paging = usePagedList<View>('pending');
  const view = paging.filter ?? 'pending';
  const list = useHours({ communityId, status: view === 'pending' ? 'pending' : undefined, limit: paging.size, offset: paging.offset });
  const decide = useDualWrite((v: { id: number; decision: 'confirm' | 'reject' }) => api(`/dual/hours/${v.id}/decision`, { method: 'POST', body: { decision: v.decision } }));
  const [logging, setLogging] = useState(false);
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const act = (id: number, decision: 'confirm' | 'reject') => decide.mutate({ id, decision }, { onError: (e) => message.error(errorText(e)) });
  return (
    <>
      <div className="gz-dual-bar">
        <Segmented<View>
          value={view}
          onChange={(v) => paging.setFilter(v)}
          options={[
            { value: 'pending', label: t('dual.hours.queue') },
            { value: 'all', label: t('dual.hours.all') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} id="dual-hours-log" disabled={communityId === undefined} onClick={() => setLogging(true)}>
          {t('dual.hours.log')}
        </Button>
      </div>
      <Table<Hours>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={paging.pagination(list.data?.total ?? 0)}
        locale={{ emptyText: t('dual.hours.empty') }}
        columns={[
          { title: t('dual.hours.servedOn'), dataIndex: 'servedOn', width: 120 },
          { title: t('dual.hours.who'), dataIndex: 'name' },
          { title: t('dual.hours.post'), key: 'post', render: (_, h) => h.postTitle ?? '—' },
          { title: t('dual.hours.minutes'), key: 'minutes', width: 90, render: (_, h) => <span className="gz-dual-mono">{hm(h.minutes)}</span> },
          { title: t('dual.hours.note'), dataIndex: 'note', ellipsis: true },
          { title: t('dual.post.status'), key: 'status', width: 90, render: (_, h) => <Tag color={STATUS_COLOR[h.status]}>{t(`dual.hoursStatuses.${h.status}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 190,
            render: (_, h) =>
              h.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => act(h.id, 'confirm')}>
                    {t('dual.hours.confirm')}
                  </Button>
                  <Button size="small" icon={<CloseOutlined />} onClick={() => act(h.id, 'reject')}>
                    {t('dual.hours.reject')}
                  </Button>
                </Space>
              ) : (
                <span className="gz-dual-sub">{t('dual.hours.decided')}</span>
              ),
          },
        ]}
      />
      {logging && communityId !== undefined && <LogDialog communityId={communityId} onClose={() => setLogging(false)} />}
    </>
  );
}
