// The dashboard's charts (ECharts, real figures from /api/requests-stats only): the trend of the
// three rates over the submitted volume, and the volume per category.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { StatsT } from './api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type TrendRow = StatsT['trend'][number];

/** Every period from `from` to `to`, so a month or day without requests shows as a gap, not a jump. */
export function periods(from: string, to: string, step: 'day' | 'month'): string[] {
  const out: string[] = [];
  const end = dayjs(to);
  let d = step === 'month' ? dayjs(from).startOf('month') : dayjs(from);
  // a day-by-day trend over years would be unreadable; the server caps periods at 3 years
  while (!d.isAfter(end, step) && out.length < 1200) {
    out.push(d.format(step === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'));
    d = d.add(1, step);
  }
  return out;
}

export function TrendChart({ stats, step }: { stats: StatsT; step: 'day' | 'month' }) {
  const { t } = useTranslation();
  const byPeriod = new Map<string, TrendRow>(stats.trend.map((r) => [r.period, r]));
  const xs = periods(stats.from, stats.to, step);
  const rate = (p: string, k: 'response' | 'resolution' | 'satisfaction') => byPeriod.get(p)?.[k]?.percent ?? null;
  const pct = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—');
  const option = {
    color: ['#d9d9d9', '#c0161d', '#1677ff', '#52c41a'],
    animationDuration: 300,
    tooltip: {
      trigger: 'axis',
      formatter: (items: { seriesName: string; value: unknown; marker: string; axisValueLabel: string; seriesIndex: number }[]) =>
        [items[0]?.axisValueLabel ?? '', ...items.map((i) => `${i.marker}${i.seriesName}：${i.seriesIndex === 0 ? (i.value ?? 0) : pct(i.value)}`)].join('<br/>'),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: xs, axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: t('requests.dashboard.submitted'), minInterval: 1, splitLine: { show: false } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: t('requests.dashboard.submitted'), type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: xs.map((p) => byPeriod.get(p)?.submitted ?? 0) },
      { name: t('requests.dashboard.response'), type: 'line', yAxisIndex: 1, connectNulls: false, symbolSize: 6, data: xs.map((p) => rate(p, 'response')) },
      { name: t('requests.dashboard.resolution'), type: 'line', yAxisIndex: 1, connectNulls: false, symbolSize: 6, data: xs.map((p) => rate(p, 'resolution')) },
      { name: t('requests.dashboard.satisfaction'), type: 'line', yAxisIndex: 1, connectNulls: false, symbolSize: 6, data: xs.map((p) => rate(p, 'satisfaction')) },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320, width: '100%' }} />;
}

export function CategoryChart({ stats }: { stats: StatsT }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  // largest at the top of a horizontal bar chart
  const rows = [...stats.byCategory].sort((a, b) => a.submitted - b.submitted);
  const option = {
    color: ['#c0161d'],
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => (en ? r.nameEn : r.nameZh)), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ name: t('requests.dashboard.count'), type: 'bar', barMaxWidth: 18, data: rows.map((r) => r.submitted), label: { show: true, position: 'right' } }],
  };
  const height = Math.max(200, rows.length * 26 + 24);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />;
}
