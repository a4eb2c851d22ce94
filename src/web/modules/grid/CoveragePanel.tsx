// Coverage of the chosen place by estate (households in a 邻 with a 邻长 against all households), the
// 邻 outside the size limits and without a leader, the scope's totals, and a bar chart of the
// percentages — per estate, or per community when the estates are too many to read.
import { Card, Empty, Progress, Skeleton, Table, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import type { Coverage, CoverageRow } from './api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** More estates than this are charted per community. */
const MAX_BARS = 24;

const pct = (covered: number, households: number) => (households === 0 ? 0 : Math.round((covered / households) * 1000) / 10);

export function coverageBars(rows: CoverageRow[]): { name: string; percent: number }[] {
  if (rows.length <= MAX_BARS) return rows.map((r) => ({ name: r.name, percent: Number(r.percent) }));
  const by = new Map<string, { covered: number; households: number }>();
  for (const r of rows) {
    const c = by.get(r.communityName) ?? { covered: 0, households: 0 };
    c.covered += r.covered;
    c.households += r.households;
    by.set(r.communityName, c);
  }
  return [...by].map(([name, c]) => ({ name, percent: pct(c.covered, c.households) }));
}

function CoverageChart({ rows }: { rows: CoverageRow[] }) {
  const { t } = useTranslation();
  // lowest at the top: those are the ones to act on
  const bars = coverageBars(rows).sort((a, b) => b.percent - a.percent);
  const option = {
    color: ['#c0161d'],
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [{ name: t('grid.percent'), type: 'bar', barMaxWidth: 16, data: bars.map((b) => b.percent), label: { show: true, position: 'right', formatter: '{c}%' } }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: Math.max(160, bars.length * 24 + 24), width: '100%' }} />;
}

/** The server's two-decimal text is what is shown; the bar is drawn from it. */
function PercentBar({ value }: { value: string }) {
  const n = Number(value);
  return <Progress percent={n} size="small" status={n >= 100 ? 'success' : 'normal'} format={() => `${value}%`} className="gz-grid-pct" />;
}

export function CoveragePanel({ q }: { q: { data?: Coverage; isError: boolean; error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation();
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const { estates, totals, limits } = q.data;
  if (estates.length === 0) return <Empty description={t('grid.noCoverage')} />;
  const num = (n: number, warn = false) => (warn && n > 0 ? <Typography.Text type="warning">{n}</Typography.Text> : n);

  return (
    <>
      <Card size="small" title={t('grid.coverage')} extra={<Typography.Text type="secondary">{t('grid.limitsHint', { min: limits.minHouseholds, max: limits.maxHouseholds })}</Typography.Text>} id="grid-coverage">
        <Table<CoverageRow>
          rowKey="estateId"
          size="small"
          dataSource={estates}
          pagination={estates.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 820 }}
          className="gz-grid-coverage"
          columns={[
            {
              title: t('grid.estate'),
              dataIndex: 'name',
              fixed: 'left',
              width: 130,
              render: (v: string, r) => (
                <>
                  <div>{v}</div>
                  <Typography.Text type="secondary" className="gz-small">
                    {r.communityName}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('grid.householdsCol'), dataIndex: 'households', align: 'right', width: 112, sorter: (a, b) => a.households - b.households },
            { title: t('grid.covered'), dataIndex: 'covered', align: 'right', width: 80 },
            { title: t('grid.uncovered'), dataIndex: 'uncovered', align: 'right', width: 80, render: (n: number) => num(n, true) },
            { title: t('grid.percent'), dataIndex: 'percent', width: 140, sorter: (a, b) => Number(a.percent) - Number(b.percent), render: (v: string) => <PercentBar value={v} /> },
            { title: t('grid.lins'), dataIndex: 'lins', align: 'right', width: 90 },
            { title: t('grid.linsSmall'), dataIndex: 'linsTooSmall', align: 'right', width: 60, render: (n: number) => num(n, true) },
            { title: t('grid.linsLarge'), dataIndex: 'linsTooLarge', align: 'right', width: 60, render: (n: number) => num(n, true) },
            { title: t('grid.linsLeaderless'), dataIndex: 'linsWithoutLeader', align: 'right', width: 64, render: (n: number) => num(n, true) },
          ]}
          summary={() => (
            <Table.Summary fixed>
              <Table.Summary.Row className="gz-grid-total">
                <Table.Summary.Cell index={0}>
                  <b>{t('grid.total')}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {totals.households}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {totals.covered}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {totals.uncovered}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4}>
                  <PercentBar value={totals.percent} />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {totals.lins}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {totals.linsTooSmall}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {totals.linsTooLarge}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  {totals.linsWithoutLeader}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </Card>
      <Card size="small" title={t('grid.chartTitle')} className="gz-grid-chart">
        <CoverageChart rows={estates} />
      </Card>
    </>
  );
}
