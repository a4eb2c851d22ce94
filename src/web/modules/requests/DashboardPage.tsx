// 三率看板: the response, resolution and satisfaction rates and the composite for the chosen place
// and period, their trend, the volume by category, the rankings of the places below (a click goes
// one level down) and of the handling units, and what is open right now.
import type { ReactNode } from 'react';
import { Breadcrumb, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { usePlaceView, useRoots } from '../places/api';
import { useCategoriesAt, useStats, type RatesT, type StatsT } from './api';
import { CategoryChart, TrendChart } from './DashboardCharts';
import { useCategoryName } from './labels';
import './requests.css';

const DRILL_KINDS = ['street', 'community', 'estate'];
type RateKey = 'response' | 'resolution' | 'satisfaction';
const RATE_KEYS: RateKey[] = ['response', 'resolution', 'satisfaction'];

const pct = (f: RatesT['response']) => (f ? `${f.percent.toFixed(1)}%` : '—');
const score = (v: number | null) => (v === null ? '—' : v.toFixed(1));
/** Sort with "no figure" below every figure. */
const cmp = (a: number | null | undefined, b: number | null | undefined) => (a ?? -1) - (b ?? -1);

function RateCard({ title, value, foot, accent, id }: { title: string; value: string; foot: ReactNode; accent?: boolean; id: string }) {
  return (
    <Card size="small" className={accent ? 'gz-rate-card gz-rate-composite' : 'gz-rate-card'} id={id}>
      <Statistic title={title} value={value} />
      <div className="gz-rate-frac">{foot}</div>
    </Card>
  );
}

type RankRow = RatesT & { key: string; name: string };

function rankColumns(t: (k: string) => string, nameTitle: string) {
  return [
    { title: nameTitle, dataIndex: 'name', ellipsis: true },
    { title: t('requests.dashboard.submitted'), dataIndex: 'submitted', width: 110, align: 'right' as const, sorter: (a: RankRow, b: RankRow) => a.submitted - b.submitted },
    ...RATE_KEYS.map((k) => ({
      title: t(`requests.dashboard.${k}`),
      key: k,
      width: 140,
      align: 'right' as const,
      sorter: (a: RankRow, b: RankRow) => cmp(a[k]?.percent, b[k]?.percent),
      render: (_: unknown, r: RankRow) => (
        <span>
          {pct(r[k])}
          {r[k] && <span className="gz-rank-frac">{`${r[k]!.num}/${r[k]!.den}`}</span>}
        </span>
      ),
    })),
    {
      title: t('requests.dashboard.composite'),
      key: 'composite',
      width: 140,
      align: 'right' as const,
      defaultSortOrder: 'descend' as const,
      sorter: (a: RankRow, b: RankRow) => cmp(a.composite, b.composite),
      render: (_: unknown, r: RankRow) => <b>{score(r.composite)}</b>,
    },
  ];
}

function Crumbs({ scopeId }: { scopeId: number }) {
  const { setScope } = useScope();
  const view = usePlaceView(scopeId);
  const roots = useRoots();
  if (!view.data) return <span />;
  const rootIds = roots.data?.map((r) => r.id) ?? [];
  // a crumb above the user's own area is not theirs to open
  const mine = (path: string) => rootIds.some((id) => path.includes(`/${id}/`));
  const chain = [...view.data.ancestors, view.data.place];
  return (
    <Breadcrumb
      className="gz-dash-crumbs"
      items={chain.map((p) => ({
        key: p.id,
        title: p.id !== scopeId && mine(p.path) ? <a onClick={() => setScope(p.id)}>{p.name}</a> : p.name,
      }))}
    />
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const { scopeId, view, setScope, link } = useScope();
  const [params, setParams] = useSearchParams();
  const today = dayjs();
  const from = params.get('from') ?? today.subtract(11, 'month').startOf('month').format('YYYY-MM-DD');
  const to = params.get('to') ?? today.format('YYYY-MM-DD');
  const step = params.get('step') === 'day' ? 'day' : 'month';
  const categoryId = Number(params.get('category')) || undefined;
  const categories = useCategoriesAt(0);
  const stats = useStats(scopeId ? { placeId: scopeId, from, to, step, ...(categoryId ? { categoryId } : {}) } : undefined);

  const set = (changes: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });

  const s: StatsT | undefined = stats.data;
  const total = s?.total;
  const children: (RankRow & { placeId: number; kind: string })[] = (s?.children ?? []).map((c) => ({ ...c, key: String(c.placeId) }));
  const handlers: RankRow[] = (s?.handlers ?? []).map((h) => ({ ...h, key: `${h.kind}-${h.id}` }));
  const childKind = children[0]?.kind;
  const inbox = link('/requests');
  const overdueLink = `${inbox}${inbox.includes('?') ? '&' : '?'}view=overdue`;

  return (
    <>
      <PageHeader title={t('requests.dashboard.title')} sub={view ? t('requests.dashboard.sub', { name: view.place.name }) : undefined} />
      <div className="gz-dash-tools">
        {scopeId ? <Crumbs scopeId={scopeId} /> : <span className="gz-dash-crumbs" />}
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('requests.filters.category')}
          aria-label={t('requests.filters.category')}
          style={{ width: 180 }}
          value={categoryId}
          onChange={(v?: number) => set({ category: v ? String(v) : undefined })}
          options={(categories.data ?? []).map((c) => ({ value: c.id, label: categoryName(c) }))}
        />
        <DatePicker.RangePicker
          id="dash-period"
          aria-label={t('requests.dashboard.period')}
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
          presets={[
            { label: '12M', value: [today.subtract(11, 'month').startOf('month'), today] },
            { label: '6M', value: [today.subtract(5, 'month').startOf('month'), today] },
            { label: '30D', value: [today.subtract(29, 'day'), today] },
          ]}
        />
        <Segmented
          value={step}
          onChange={(v) => set({ step: v === 'day' ? 'day' : undefined })}
          options={[
            { value: 'month', label: t('requests.dashboard.byMonth') },
            { value: 'day', label: t('requests.dashboard.byDay') },
          ]}
        />
      </div>

      {stats.isError ? (
        <ErrorResult error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !s || !total ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {RATE_KEYS.map((k) => (
              <Col key={k} flex="1 1 200px">
                <RateCard
                  id={`rate-${k}`}
                  title={t(`requests.dashboard.${k}`)}
                  value={pct(total[k])}
                  foot={total[k] ? t('requests.dashboard.fraction', { num: total[k]!.num, den: total[k]!.den }) : t('requests.dashboard.noData')}
                />
              </Col>
            ))}
            <Col flex="1 1 200px">
              <RateCard
                id="rate-composite"
                accent
                title={t('requests.dashboard.composite')}
                value={score(total.composite)}
                foot={t('requests.dashboard.weights', { r: s.weights.response, s: s.weights.resolution, t: s.weights.satisfaction })}
              />
            </Col>
            <Col flex="1 1 260px">
              <Card size="small" className="gz-rate-card" title={null}>
                <div className="ant-statistic-title" style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 4 }}>
                  {t('requests.dashboard.now')}
                </div>
                <div className="gz-now">
                  <Statistic title={t('requests.dashboard.open')} value={s.now.open} />
                  <Link to={overdueLink} id="dash-overdue" title={t('requests.dashboard.viewOverdue')}>
                    <Statistic title={t('requests.dashboard.overdue')} value={s.now.overdue} styles={{ content: { color: s.now.overdue ? '#c0161d' : undefined } }} />
                  </Link>
                  <Statistic title={t('requests.dashboard.deferred')} value={s.now.deferred} />
                </div>
              </Card>
            </Col>
          </Row>

          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={15}>
              <Card size="small" title={t('requests.dashboard.trend')}>
                {total.submitted || s.trend.length ? <TrendChart stats={s} step={step} /> : <Empty description={t('requests.dashboard.emptyChart')} />}
              </Card>
            </Col>
            <Col xs={24} xl={9}>
              <Card size="small" title={t('requests.dashboard.byCategory')} className="gz-scroll-card">
                {s.byCategory.length ? <CategoryChart stats={s} /> : <Empty description={t('requests.dashboard.emptyChart')} />}
              </Card>
            </Col>
          </Row>

          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            {children.length > 0 && (
              <Col span={24}>
                <Card size="small" title={t('requests.dashboard.children')} extra={<Typography.Text type="secondary">{t('requests.dashboard.drill')}</Typography.Text>}>
                  <Table<(typeof children)[number]>
                    id="dash-children"
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={children}
                    rowClassName="gz-clickable-row"
                    onRow={(r) => ({ onClick: () => DRILL_KINDS.includes(r.kind) && setScope(r.placeId) })}
                    columns={rankColumns(t, childKind ? t(`common.kinds.${childKind}`) : t('requests.dashboard.name'))}
                  />
                </Card>
              </Col>
            )}
            <Col span={24}>
              <Card size="small" title={t('requests.dashboard.handlers')}>
                <Table<RankRow> id="dash-handlers" size="small" rowKey="key" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={handlers} columns={rankColumns(t, t('requests.col.owner'))} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
