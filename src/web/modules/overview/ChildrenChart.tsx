// Bar chart of households and residents per child place (real counts from /api/places/:id).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartRow {
  name: string;
  households: number;
  residents: number;
}

export function ChildrenChart({ rows }: { rows: ChartRow[] }) {
  const { t } = useTranslation();
  const option = {
    color: ['#c0161d', '#f0a020'],
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('common.households'), type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.households) },
      { name: t('common.residents'), type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.residents) },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} />;
}
