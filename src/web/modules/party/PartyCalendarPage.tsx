// 组织生活日历: for the organisations in my scope (or under a place) and a year, the completion of
// 三会一课 — held over due, exactly — with what is missing and due soon, worst first; a bar chart by
// community (or by organisation within one community); and one organisation's heat-table of periods.
import { Card, Col, Empty, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useUrlFilters } from '../../app/urlFilters';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { useCalendar, type CalendarOrg } from './api-meetings';
import { CalendarGrid } from './CalendarGrid';
import './MeetingPages.css';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Completion bars: by community when the scope spans several, else by organisation (worst 20). */
function CompletionChart({ orgs }: { orgs: CalendarOrg[] }) {
  const { t } = useTranslation();
  const communities = new Map<string, { held: number; due: number }>();
  for (const o of orgs) {
    if (!o.communityName) continue;
    const c = communities.get(o.communityName) ?? { held: 0, due: 0 };
    c.held += o.held;
    c.due += o.due;
    communities.set(o.communityName, c);
  }
  const byCommunity = communities.size > 1;
  const rows = byCommunity
    ? [...communities.entries()].map(([name, c]) => ({ name, value: c.due ? Math.round((c.held * 1000) / c.due) / 10 : 100 })).sort((a, b) => a.value - b.value)
    : orgs.slice(0, 20).map((o) => ({ name: o.name, value: o.percent === null ? 100 : Number(o.percent) }));
  const option = {
    color: ['#c0161d'],
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0, width: 110, overflow: 'truncate' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', barMaxWidth: 28, data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.value >= 90 ? '#52c41a' : r.value >= 60 ? '#fa8c16' : '#c0161d' } })) }],
  };
  return (
    <Card size="small" title={byCommunity ? t('partyMeetings.calendar.chartByCommunity') : t('partyMeetings.calendar.chart')}>
      {rows.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260, width: '100%' }} />}
    </Card>
  );
}

export default function PartyCalendarPage() {
  const { t } = useTranslation();
  const { listFilter } = useScope();
  const { params, set, placeParam } = useUrlFilters();
  // a secretary sees their organisations, not the place tree
  const canPickPlace = useCan('places.view');
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const year = params.get('year') ?? String(thisYear);
  const orgId = Number(params.get('orgId')) || undefined;
  const cal = useCalendar({ placeId: placeParam ?? listFilter.placeId, from: `${year}-01-01`, to: `${year}-12-31` }, listFilter.ready);
  const data = cal.data;
  const chosen = data?.orgs.find((o) => o.id === orgId);

  return (
    <>
      <PageHeader
        title={t('partyMeetings.calendar.title')}
        sub={t('partyMeetings.calendar.sub')}
        extra={
          <Space>
            {canPickPlace && <PlaceTreeSelect
              ariaLabel={t('partyMeetings.calendar.place')}
              placeholder={t('partyMeetings.calendar.place')}
              maxKind="estate"
              value={placeParam}
              onChange={(id) => set({ place: id ? String(id) : undefined })}
              style={{ width: 220 }}
            />}
            <Select
              id="party-calendar-year"
              aria-label={t('partyMeetings.calendar.year')}
              value={year}
              style={{ width: 100 }}
              onChange={(v: string) => set({ year: v })}
              options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: String(y), label: String(y) }))}
            />
          </Space>
        }
      />
      {cal.isError ? (
        <ErrorResult error={cal.error} onRetry={() => void cal.refetch()} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" loading={!data}>
            {data && (
              <Row gutter={16} id="party-calendar-totals">
                <Col span={5}>
                  <Statistic title={t('partyMeetings.calendar.completion')} value={data.totals.percent ?? '—'} suffix={data.totals.percent ? '%' : undefined} />
                </Col>
                <Col span={5}>
                  <Statistic title={t('partyMeetings.calendar.held')} value={data.totals.held} suffix={`/ ${data.totals.due}`} />
                </Col>
                <Col span={5}>
                  <Statistic title={t('partyMeetings.calendar.missing')} value={data.totals.missing} styles={{ content: { color: '#c0161d' } }} />
                </Col>
                <Col span={5}>
                  <Statistic title={t('partyMeetings.calendar.dueSoon')} value={data.totals.dueSoon} styles={{ content: { color: '#fa8c16' } }} />
                </Col>
                <Col span={4}>
                  <Statistic title={t('partyMeetings.calendar.orgs')} value={data.totals.orgs} />
                </Col>
              </Row>
            )}
          </Card>
          {data && <CompletionChart orgs={data.orgs} />}
          <div className="gz-party-calendar">
            <Card size="small">
              <Table<CalendarOrg>
                id="party-calendar-table"
                rowKey="id"
                size="small"
                loading={cal.isFetching}
                dataSource={data?.orgs ?? []}
                locale={{ emptyText: t('partyMeetings.calendar.noOrgs') }}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                rowClassName={(r) => (r.id === orgId ? 'ant-table-row-selected' : '')}
                onRow={(r) => ({ onClick: () => set({ orgId: String(r.id), page: params.get('page') ?? undefined }), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: t('partyMeetings.org'),
                    dataIndex: 'name',
                    render: (v: string, r) => (
                      <div>
                        <Typography.Text>{v}</Typography.Text>
                        <br />
                        <Typography.Text type="secondary" className="gz-small">
                          {t(`partyOrgs.kinds.${r.kind}`)} · {r.placeName}
                        </Typography.Text>
                      </div>
                    ),
                  },
                  {
                    title: t('partyMeetings.calendar.completion'),
                    width: 150,
                    render: (_, r) =>
                      r.percent === null ? (
                        t('partyMeetings.calendar.none')
                      ) : (
                        <Progress percent={Number(r.percent)} size="small" format={() => `${r.held}/${r.due}`} status={Number(r.percent) < 60 ? 'exception' : 'normal'} />
                      ),
                  },
                  { title: t('partyMeetings.calendar.missing'), dataIndex: 'missing', width: 76, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
                  { title: t('partyMeetings.calendar.dueSoon'), dataIndex: 'dueSoon', width: 86, render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
                ]}
              />
            </Card>
            {chosen ? <CalendarGrid orgId={chosen.id} name={chosen.name} year={year} /> : <Card size="small"><Empty description={t('partyMeetings.calendar.pickOrg')} /></Card>}
          </div>
        </Space>
      )}
    </>
  );
}
