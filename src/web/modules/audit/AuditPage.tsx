// 审计日志: filters, the ledger newest first with keyset "load more", before/after details, and a
// check of the whole hash chain.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Input, InputNumber, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { AuditEntry, AuditPage as AuditPageT, AuditVerify } from '../../api/types';
import { ErrorResult, useErrorText } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { PlaceName } from '../places/PlaceName';
import './audit.css';

const PAGE = 50;
const FILTERS = ['action', 'entity', 'entityId', 'actorUserId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('audit.nothing')}</Typography.Text>;
  return <pre className="gz-json">{JSON.stringify(value, null, 2)}</pre>;
}

function lastPlaceId(path: string | null): number | undefined {
  const ids = path?.split('/').filter(Boolean) ?? [];
  const last = Number(ids[ids.length - 1]);
  return Number.isInteger(last) && last > 0 ? last : undefined;
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { listFilter, view: scopeView } = useScope();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined])) as Record<Filter, string | undefined>;
  const [draft, setDraft] = useState(filters);

  const ledger = useInfiniteQuery({
    queryKey: ['audit', listFilter.placeId ?? 0, filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api<AuditPageT>('/audit', {
        query: { ...filters, placeId: listFilter.placeId, actorUserId: filters.actorUserId ? Number(filters.actorUserId) : undefined, beforeSeq: pageParam, limit: PAGE },
      }),
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
    enabled: listFilter.ready,
  });
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => api<AuditVerify>('/audit/verify'), enabled: false, gcTime: 0 });
  const head = useQuery({ queryKey: ['audit', 'head'], queryFn: () => api<{ seq: number; hash: string }>('/audit/head') });

  const apply = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const f of FILTERS) {
        const v = draft[f]?.trim();
        if (v) next.set(f, v);
        else next.delete(f);
      }
      return next;
    });
  const clear = () => {
    setDraft({ action: undefined, entity: undefined, entityId: undefined, actorUserId: undefined, from: undefined, to: undefined });
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const f of FILTERS) next.delete(f);
      return next;
    });
  };

  const rows = ledger.data?.pages.flatMap((p) => p.items) ?? [];
  const actionLabel = (a: string) => {
    const key = `audit.actions.${a.replace(/\./g, '_')}`;
    return i18n.exists(key) ? t(key) : a;
  };
  const range: [Dayjs, Dayjs] | null = draft.from && draft.to ? [dayjs(draft.from), dayjs(draft.to).subtract(1, 'day')] : null;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        sub={listFilter.placeId && scopeView ? t('audit.subScoped', { name: scopeView.place.name }) : t('audit.sub')}
        extra={
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()}>
            {verify.isFetching ? t('audit.verifying') : t('audit.verify')}
          </Button>
        }
      />
      {verify.data && (
        <Alert
          className="gz-block"
          showIcon
          closable
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? t('audit.verifyOk', { checked: verify.data.checked, head: verify.data.headSeq })
              : t('audit.verifyBroken', { seq: verify.data.firstBroken?.seq ?? '?', reason: verify.data.firstBroken?.reason ?? '', checked: verify.data.checked })
          }
          description={head.data ? <span className="gz-mono gz-wrap">{t('audit.headHash')}: {head.data.hash}</span> : undefined}
        />
      )}
      {verify.isError && <Alert className="gz-block" type="error" showIcon title={errorText(verify.error)} />}
      <Card size="small">
        <div className="gz-toolbar gz-toolbar-wrap">
          <Input placeholder={t('audit.actionPlaceholder')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} style={{ width: 200 }} allowClear onPressEnter={apply} />
          <Input placeholder={t('audit.entity')} value={draft.entity} onChange={(e) => setDraft({ ...draft, entity: e.target.value })} style={{ width: 130 }} allowClear onPressEnter={apply} />
          <Input placeholder={t('audit.entityId')} value={draft.entityId} onChange={(e) => setDraft({ ...draft, entityId: e.target.value })} style={{ width: 120 }} allowClear onPressEnter={apply} />
          <InputNumber<number>
            placeholder={t('audit.actorId')}
            min={1}
            value={draft.actorUserId ? Number(draft.actorUserId) : null}
            onChange={(v) => setDraft({ ...draft, actorUserId: v ? String(v) : undefined })}
            style={{ width: 130 }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) =>
              setDraft({ ...draft, from: v?.[0] ? v[0].startOf('day').toISOString() : undefined, to: v?.[1] ? v[1].add(1, 'day').startOf('day').toISOString() : undefined })
            }
          />
          <Space>
            <Button type="primary" onClick={apply}>
              {t('common.search')}
            </Button>
            <Button onClick={clear}>{t('common.reset')}</Button>
          </Space>
        </div>
        {ledger.isError ? (
          <ErrorResult error={ledger.error} onRetry={() => void ledger.refetch()} />
        ) : (
          <>
            <Table<AuditEntry>
              rowKey="seq"
              size="small"
              loading={ledger.isLoading || !listFilter.ready}
              dataSource={rows}
              pagination={false}
              expandable={{
                expandedRowRender: (e) => (
                  <div className="gz-audit-detail">
                    <div>
                      <Typography.Text strong>{t('audit.before')}</Typography.Text>
                      <Json value={e.before} />
                    </div>
                    <div>
                      <Typography.Text strong>{t('audit.after')}</Typography.Text>
                      <Json value={e.after} />
                    </div>
                    <Descriptions
                      size="small"
                      column={1}
                      className="gz-audit-meta"
                      items={[
                        { key: 'ip', label: t('audit.ip'), children: e.ip ?? '—' },
                        { key: 'hash', label: t('audit.hash'), children: <span className="gz-mono gz-wrap">{e.hash}</span> },
                      ]}
                    />
                  </div>
                ),
              }}
              columns={[
                { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
                { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
                {
                  title: t('audit.actor'),
                  dataIndex: 'actorName',
                  width: 190,
                  render: (n: string | null, e) =>
                    n ? (
                      <span>
                        {n} {e.actorUserId && <Typography.Text type="secondary" className="gz-small">#{e.actorUserId}</Typography.Text>}
                      </span>
                    ) : (
                      t('audit.system')
                    ),
                },
                {
                  title: t('audit.action'),
                  dataIndex: 'action',
                  render: (a: string) => (
                    <span>
                      {actionLabel(a)} <Typography.Text type="secondary" className="gz-mono gz-small">{a}</Typography.Text>
                    </span>
                  ),
                },
                { title: t('audit.entity'), width: 150, render: (_, e) => <span className="gz-mono">{e.entity}{e.entityId ? ` #${e.entityId}` : ''}</span> },
                {
                  title: t('audit.place'),
                  dataIndex: 'placePath',
                  width: 200,
                  render: (p: string | null) => {
                    const id = lastPlaceId(p);
                    return id ? <PlaceName id={id} /> : '—';
                  },
                },
              ]}
            />
            <div className="gz-more">
              {ledger.hasNextPage ? (
                <Button onClick={() => void ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
                  {t('audit.loadMore')}
                </Button>
              ) : (
                rows.length > 0 && <Typography.Text type="secondary">{t('audit.noMore')}</Typography.Text>
              )}
              {rows.length > 0 && <Typography.Text type="secondary">{t('audit.shown', { count: rows.length })}</Typography.Text>}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
