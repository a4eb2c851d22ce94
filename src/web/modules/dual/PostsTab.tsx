// 服务岗位: the community's catalogue of posts and tasks with how full each is; add and edit;
// the holders of a post (withdraw one), and a claim on behalf of a registration.
import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Progress, Radio, Select, Space, Table, Tag, App as AntApp } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { FormDialog } from '../assemblies/FormDialog';
import { usePagedList } from '../assemblies/paging';
import { useDualWrite, useHolders, usePosts, useRegistrations, type Post } from './api';

interface PostForm {
  kind: 'post' | 'task';
  title: string;
  description?: string;
  capacity?: number | null;
  period?: [Dayjs | null, Dayjs | null] | null;
  status: 'open' | 'closed';
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function PostDialog({ communityId, post, onClose }: { communityId: number; post: Post | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PostForm>();
  const save = useDualWrite(
    (v: PostForm) => {
      const body = { kind: v.kind, title: v.title, description: v.description ?? '', capacity: v.capacity ?? null, startsOn: day(v.period?.[0]), endsOn: day(v.period?.[1]), status: v.status };
      return post
        ? api<Post>(`/dual/posts/${post.id}`, { method: 'PATCH', body: { ...body, version: post.version } })
        : api<Post>('/dual/posts', { method: 'POST', body: { ...body, communityId } });
    },
    () => {
      message.success(t('dual.post.saved'));
      onClose();
    },
  );
  const initial: Partial<PostForm> = post
    ? { kind: post.kind, title: post.title, description: post.description ?? '', capacity: post.capacity, status: post.status, period: [post.startsOn ? dayjs(post.startsOn) : null, post.endsOn ? dayjs(post.endsOn) : null] }
    : { kind: 'post', status: 'open' };
  return (
    <FormDialog form={form} save={save} title={post ? t('dual.post.edit') : t('dual.post.add')} okId="dual-post-ok" initialValues={initial} width={560} onClose={onClose}>
      <Form.Item name="kind" label={t('dual.reg.kind')}>
        <Radio.Group optionType="button" options={(['post', 'task'] as const).map((k) => ({ value: k, label: t(`dual.postKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="title" label={t('dual.post.title')} rules={[{ required: true, max: 100 }]}>
        <Input id="dual-post-title" maxLength={100} />
      </Form.Item>
      <Form.Item name="description" label={t('dual.post.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="capacity" label={t('dual.post.capacity')} extra={t('dual.post.capacityHint')}>
        <InputNumber id="dual-post-capacity" min={post?.claimed || 1} max={10000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="period" label={t('dual.post.period')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('dual.post.startsOn'), t('dual.post.endsOn')]} />
      </Form.Item>
      <Form.Item name="status" label={t('dual.post.status')}>
        <Radio.Group options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`dual.statuses.${s}`) }))} />
      </Form.Item>
    </FormDialog>
  );
}

function Holders({ post }: { post: Post }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const holders = useHolders(post.id);
  const regs = useRegistrations({ communityId: post.communityId, status: 'active', limit: 200 });
  const [pick, setPick] = useState<number | undefined>();
  const onError = (e: unknown) => message.error(errorText(e));
  const withdraw = useDualWrite((id: number) => api(`/dual/claims/${id}`, { method: 'DELETE' }));
  const claim = useDualWrite((registrationId: number) => api(`/dual/posts/${post.id}/claims`, { method: 'POST', body: { registrationId } }), () => setPick(undefined));
  const held = new Set((holders.data ?? []).map((h) => h.registrationId));
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('dual.post.holders')}：</span>
        {(holders.data ?? []).map((h) => (
          <Tag key={h.id} closable onClose={(e) => (e.preventDefault(), withdraw.mutate(h.id, { onError }))}>
            {h.name}
          </Tag>
        ))}
      </Space>
      <Space>
        <Select
          style={{ width: 260 }}
          placeholder={t('dual.post.claimForPick')}
          value={pick}
          onChange={setPick}
          showSearch={{ optionFilterProp: 'label' }}
          options={(regs.data?.items ?? []).filter((r) => !held.has(r.id)).map((r) => ({ value: r.id, label: r.name }))}
        />
        <Button disabled={pick === undefined} loading={claim.isPending} onClick={() => pick !== undefined && claim.mutate(pick, { onError })}>
          {t('dual.post.claimFor')}
        </Button>
      </Space>
    </div>
  );
}

export function PostsTab({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const paging = usePagedList<'open' | 'closed'>();
  const list = usePosts({ communityId, status: paging.filter, limit: paging.size, offset: paging.offset });
  const [editing, setEditing] = useState<Post | null | 'new'>(null);
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <div className="gz-dual-bar">
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('dual.post.status')}
          value={paging.filter}
          onChange={(v) => paging.setFilter(v ?? undefined)}
          options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`dual.statuses.${s}`) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} id="dual-post-add" disabled={communityId === undefined} onClick={() => setEditing('new')}>
          {t('dual.post.add')}
        </Button>
      </div>
      <Table<Post>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={paging.pagination(list.data?.total ?? 0)}
        locale={{ emptyText: t('dual.post.empty') }}
        expandable={{ expandedRowRender: (p) => <Holders post={p} /> }}
        columns={[
          {
            title: t('dual.post.title'),
            key: 'title',
            render: (_, p) => (
              <div>
                <Space>
                  <Tag color={p.kind === 'post' ? 'red' : 'purple'}>{t(`dual.postKinds.${p.kind}`)}</Tag>
                  <span>{p.title}</span>
                </Space>
                {p.description && <div className="gz-dual-sub">{p.description}</div>}
              </div>
            ),
          },
          {
            title: t('dual.post.capacity'),
            key: 'capacity',
            width: 200,
            render: (_, p) =>
              p.capacity === null ? (
                <span>{t('dual.post.claimedUnlimited', { n: p.claimed })}</span>
              ) : (
                <div className="gz-dual-cap">
                  <Progress percent={Math.round((p.claimed * 100) / p.capacity)} size="small" status={p.placesLeft === 0 ? 'success' : 'normal'} format={() => `${p.claimed}/${p.capacity}`} />
                </div>
              ),
          },
          { title: t('dual.post.period'), key: 'period', width: 210, render: (_, p) => (p.startsOn || p.endsOn ? `${p.startsOn ?? '…'} ~ ${p.endsOn ?? '…'}` : '—') },
          { title: t('dual.community'), dataIndex: 'communityName', responsive: ['xl'] },
          { title: t('dual.post.status'), key: 'status', width: 100, render: (_, p) => <Tag color={p.status === 'open' ? 'green' : undefined}>{t(`dual.statuses.${p.status}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, p) => (
              <Button size="small" onClick={() => setEditing(p)}>
                {t('dual.post.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing !== null && (communityId !== undefined || editing !== 'new') && (
        <PostDialog communityId={editing === 'new' ? communityId! : editing.communityId} post={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
