// 诉求办理: the inbox. One tab per view (mine to handle, received first, co-handling, my whole
// area, overdue), filters kept in the URL, and for intake staff the phone-call form and the
// hotline import.
import { useState } from 'react';
import { Button, Card, DatePicker, Input, Segmented, Select, Space, Table, Tabs, Typography } from 'antd';
import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useUrlFilters } from '../../app/urlFilters';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { CHANNEL_LIST, STATES, useCategoriesAt, useOpenCount, useRequestList, type Channel, type ListFilters, type RequestState, type RequestSummaryT, type View } from './api';
import { DeadlineCell, StateTag, UnitName, useCategoryName } from './labels';
import { IntakeDrawer } from './IntakeDrawer';
import { HotlineImportDialog } from './HotlineImportDialog';
import { useNow } from './useNow';
import './requests.css';

const ALL_VIEWS: View[] = ['inbox', 'first', 'cohandling', 'scope', 'overdue'];

function TabLabel({ view, placeId, enabled }: { view: View; placeId: number | undefined; enabled: boolean }) {
  const { t } = useTranslation();
  const count = useOpenCount(view, placeId, enabled);
  const n = count.data;
  return (
    <span className="gz-view-tab" title={n !== undefined ? t('requests.openCount', { n }) : undefined}>
      {t(`requests.views.${view}`)}
      {n !== undefined && n > 0 && <span className={view === 'overdue' ? 'gz-view-count gz-view-count-danger' : 'gz-view-count'}>{n >= 10000 ? '10000+' : n}</span>}
    </span>
  );
}

export default function RequestsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categoryName = useCategoryName();
  const now = useNow();
  const { listFilter, link } = useScope();
  const canHandle = useCan('requests.handle');
  const canView = useCan('requests.view');
  const canIntake = useCan('requests.intake');
  const canImport = useCan('requests.import');
  const { params, setParams, set, page, size, placeParam, pagination } = useUrlFilters();
  const [intakeOpen, setIntakeOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const categories = useCategoriesAt(0);

  // 三长 and offices without a unit of their own see their area; handlers see their units' views
  const views = ALL_VIEWS.filter((v) => (v === 'scope' ? canView : v === 'overdue' ? true : canHandle));
  const asked = params.get('view') as View | null;
  const view: View = asked && views.includes(asked) ? asked : (views[0] ?? 'overdue');
  const openParam = params.get('open');
  const filters: ListFilters = {
    view,
    state: (params.get('state')?.split(',').filter((s) => STATES.includes(s as RequestState)) as RequestState[] | undefined) || undefined,
    open: openParam === '1' ? true : openParam === '0' ? false : undefined,
    categoryId: Number(params.get('category')) || undefined,
    channel: (params.get('channel') as Channel | null) ?? undefined,
    placeId: placeParam ?? listFilter.placeId,
    q: params.get('q') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const list = useRequestList(filters, page, size, listFilter.ready);

  const filtered = ['state', 'open', 'category', 'channel', 'place', 'q', 'from', 'to'].some((k) => params.has(k));

  return (
    <>
      <PageHeader
        title={t('requests.title')}
        sub={t('requests.sub')}
        extra={
          <Space>
            {canImport && (
              <Button id="import-open" icon={<CloudUploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('requests.import.open')}
              </Button>
            )}
            {canIntake && (
              <Button id="intake-open" type="primary" icon={<PlusOutlined />} onClick={() => setIntakeOpen(true)}>
                {t('requests.intake.open')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" className="gz-requests">
        <Tabs
          activeKey={view}
          onChange={(v) => set({ view: v })}
          items={views.map((v) => ({ key: v, label: <TabLabel view={v} placeId={filters.placeId} enabled={listFilter.ready} /> }))}
        />
        <div className="gz-toolbar gz-toolbar-wrap">
          <Input.Search
            key={filters.q ?? ''}
            id="requests-search"
            defaultValue={filters.q}
            allowClear
            placeholder={t('requests.filters.search')}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            style={{ width: 260 }}
          />
          <Segmented
            value={openParam ?? 'all'}
            onChange={(v) => set({ open: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('requests.filters.openAll') },
              { value: '1', label: t('requests.filters.openOnly') },
              { value: '0', label: t('requests.filters.closedOnly') },
            ]}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('requests.filters.state')}
            aria-label={t('requests.filters.state')}
            style={{ width: 220 }}
            value={filters.state ?? []}
            onChange={(v: RequestState[]) => set({ state: v.length ? v.join(',') : undefined })}
            options={STATES.map((s) => ({ value: s, label: t(`requests.states.${s}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('requests.filters.category')}
            aria-label={t('requests.filters.category')}
            style={{ width: 180 }}
            value={filters.categoryId}
            onChange={(v?: number) => set({ category: v ? String(v) : undefined })}
            options={(categories.data ?? []).map((c) => ({ value: c.id, label: categoryName(c) }))}
          />
          <Select
            allowClear
            placeholder={t('requests.filters.channel')}
            aria-label={t('requests.filters.channel')}
            style={{ width: 140 }}
            value={filters.channel}
            onChange={(v?: Channel) => set({ channel: v })}
            options={CHANNEL_LIST.map((c) => ({ value: c, label: t(`requests.channels.${c}`) }))}
          />
          <PlaceTreeSelect
            ariaLabel={t('requests.filters.place')}
            placeholder={t('requests.filters.place')}
            maxKind="building"
            value={placeParam}
            onChange={(id) => set({ place: id ? String(id) : undefined })}
            style={{ width: 200 }}
          />
          <DatePicker.RangePicker
            aria-label={t('requests.filters.dates')}
            value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
            onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
            style={{ width: 250 }}
          />
          {filtered && (
            <Button type="link" onClick={() => setParams((prev) => new URLSearchParams([...prev].filter(([k]) => k === 'view' || k === 'scope')))}>
              {t('requests.filters.clear')}
            </Button>
          )}
        </div>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<RequestSummaryT>
            id="requests-table"
            size="middle"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            rowClassName={(r) => (r.overdue ? 'gz-row-overdue' : '')}
            onRow={(r) => ({ onClick: () => navigate(link(`/requests/${r.id}`)), style: { cursor: 'pointer' } })}
            scroll={{ x: 1150 }}
            pagination={pagination(list.data?.total ?? 0, (n) => (list.data?.totalCapped ? t('requests.totalCapped') : t('common.total', { count: n })))}
            columns={[
              { title: t('requests.col.refNo'), dataIndex: 'refNo', width: 116, render: (v: string) => <span className="gz-mono">{v}</span> },
              {
                title: t('requests.col.title'),
                dataIndex: 'title',
                render: (v: string, r) => (
                  <div className="gz-req-title">
                    <Typography.Text strong ellipsis>
                      {v}
                    </Typography.Text>
                    {r.requesterName && <Typography.Text type="secondary" className="gz-small">{r.requesterName}</Typography.Text>}
                  </div>
                ),
              },
              { title: t('requests.col.category'), width: 110, ellipsis: true, render: (_, r) => categoryName(r) },
              { title: t('requests.col.place'), dataIndex: 'placeLabel', width: 170, ellipsis: true },
              { title: t('requests.col.owner'), width: 190, render: (_, r) => <UnitName unit={r.owner} /> },
              { title: t('requests.col.state'), dataIndex: 'state', width: 96, render: (s: RequestState) => <StateTag state={s} /> },
              { title: t('requests.col.deadline'), width: 130, render: (_, r) => <DeadlineCell r={r} now={now} /> },
              { title: t('requests.col.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            ]}
          />
        )}
      </Card>
      <IntakeDrawer open={intakeOpen} onClose={() => setIntakeOpen(false)} />
      {importOpen && <HotlineImportDialog onClose={() => setImportOpen(false)} />}
    </>
  );
}
