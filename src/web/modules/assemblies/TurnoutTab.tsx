// 实时投票: owners and area that have voted so far (counted ballots) against the 2/3 participation
// every matter needs (民法典 第278条 第2款), per matter too, and the paper ballots awaiting a second
// staff member. The detail is read again every 30 s while voting runs.
import { Alert, Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import type { AssemblyDetail, Turnout } from './api';
import { areaText, atLeastShare, percentText } from './figures';
import { FiguresText } from './labels';

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const QUORUM_PERCENT = 200 / 3;
const RED = '#c0161d';
const BLUE = '#1677ff';

type MatterRow = Turnout['matters'][number] & { title: string };

/** Horizontal bars of percentages with the 2/3 line; rows are [label, persons %, area %]. */
function QuorumBars({ rows, height }: { rows: { label: string; persons: number; area: number }[]; height: number }) {
  const { t } = useTranslation();
  const option = {
    color: [RED, BLUE],
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') },
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      {
        name: t('asm.turnout.personsShare'),
        type: 'bar',
        barMaxWidth: 16,
        data: rows.map((r) => r.persons),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#faad14', type: 'dashed', width: 2 },
          label: { formatter: t('asm.turnout.quorumLine'), position: 'start', color: '#d48806' },
          data: [{ xAxis: QUORUM_PERCENT }],
        },
      },
      { name: t('asm.turnout.areaShare'), type: 'bar', barMaxWidth: 16, data: rows.map((r) => r.area), label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(2)}%` } },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />;
}

function QuorumTag({ reached }: { reached: boolean }) {
  const { t } = useTranslation();
  return <Tag color={reached ? 'green' : 'default'}>{reached ? t('asm.turnout.reached') : t('asm.turnout.notReached')}</Tag>;
}

export function TurnoutTab({ a }: { a: AssemblyDetail }) {
  const { t } = useTranslation();
  const tu = a.turnout;
  if (!tu) return <Empty description={t('asm.turnout.none')} />;
  // the bars are drawn from the two-decimal text (display only; the count decides with integers)
  const pct = (v: string | number, of: string | number) => Number(percentText(v, of));
  const matters: MatterRow[] = tu.matters.map((m) => ({ ...m, title: a.matters.find((x) => x.id === m.matterId)?.title ?? `#${m.matterId}` }));
  const overall = [{ label: t('asm.turnout.overall'), persons: pct(tu.voted.persons, tu.totals.persons), area: pct(tu.voted.areaCenti, tu.totals.areaCenti) }];
  const perMatter = matters.map((m) => ({ label: `${m.seq}. ${m.title}`, persons: pct(m.participating.persons, tu.totals.persons), area: pct(m.participating.areaCenti, tu.totals.areaCenti) }));

  return (
    <div className="gz-stack" id="asm-turnout">
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.turnout.votedPersons')} value={tu.voted.persons} suffix={`/ ${tu.totals.persons}`} />
            <Typography.Text>{t('asm.turnout.share', { pct: tu.quorum.personsPercent })}</Typography.Text> <QuorumTag reached={tu.quorum.persons} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.turnout.votedArea')} value={areaText(tu.voted.areaCenti, false)} suffix={`/ ${areaText(tu.totals.areaCenti, false)}`} />
            <Typography.Text>{t('asm.turnout.share', { pct: tu.quorum.areaPercent })}</Typography.Text> <QuorumTag reached={tu.quorum.area} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('asm.turnout.pending')} value={tu.pending} suffix={t('asm.turnout.papers')} />
            <Typography.Text type="secondary" className="gz-small">
              {t('asm.turnout.pendingHint')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {a.state === 'voting' && <Alert type="info" showIcon title={t('asm.turnout.live')} />}
      <Card size="small" title={t('asm.turnout.chart')}>
        <QuorumBars rows={[...overall, ...perMatter]} height={Math.max(160, 56 + (1 + perMatter.length) * 44)} />
      </Card>
      <Card size="small" title={t('asm.turnout.perMatter')}>
        <Table<MatterRow>
          id="asm-turnout-matters"
          rowKey="matterId"
          size="small"
          pagination={false}
          dataSource={matters}
          columns={[
            { title: '#', dataIndex: 'seq', width: 50 },
            { title: t('asm.turnout.matter'), dataIndex: 'title' },
            { title: t('asm.turnout.participating'), width: 220, render: (_, m) => <FiguresText f={m.participating} /> },
            {
              title: t('asm.turnout.personsShare'),
              width: 150,
              render: (_, m) => (
                <span>
                  {percentText(m.participating.persons, tu.totals.persons)}% <QuorumTag reached={tu.totals.persons > 0 && atLeastShare(m.participating.persons, tu.totals.persons, 2, 3)} />
                </span>
              ),
            },
            {
              title: t('asm.turnout.areaShare'),
              width: 150,
              render: (_, m) => (
                <span>
                  {percentText(m.participating.areaCenti, tu.totals.areaCenti)}% <QuorumTag reached={tu.totals.areaCenti !== '0' && atLeastShare(m.participating.areaCenti, tu.totals.areaCenti, 2, 3)} />
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
