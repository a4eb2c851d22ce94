// 应建尽建: the chosen scope's estates by party coverage — summary cards and a pie of the coverage
// kinds, the table per estate with filters (e.g. should have its own branch), the suggested joint
// branches per community — and the cross-appointment tab.
import { useMemo, useState } from 'react';
import { Card, Checkbox, Col, Empty, List, Row, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { COVERAGE_LIST, useCoverage, type CoverageEstate, type CoverageReport } from './api-orgs';
import { CoverageCross } from './CoverageCross';

echarts.use([PieChart, LegendComponent, TooltipComponent, CanvasRenderer]);

type Kind = (typeof COVERAGE_LIST)[number];
const COLORS: Record<Kind, string> = { own_branch: '#c0161d', joint_branch: '#f08a24', party_work_only: '#f5c242', none: '#bfbfbf' };

function CoveragePie({ totals }: { totals: CoverageReport['totals'] }) {
  const { t } = useTranslation();
  const option = {
    animationDuration: 300,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '44%'],
        label: { formatter: '{c}' },
        data: COVERAGE_LIST.map((k) => ({ name: t(`partyOrgs.coverage.kinds.${k}`), value: totals[k], itemStyle: { color: COLORS[k] } })),
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260, width: '100%' }} />;
}

function Suggestions({ data }: { data: CoverageReport }) {
  const { t } = useTranslation();
  const c = 'partyOrgs.coverage';
  const rows = data.communities.filter((x) => x.suggestedJointBranches.length > 0 || x.leftOver.length > 0);
  if (rows.length === 0) return <Empty description={t(`${c}.noSuggestions`)} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(x) => (
        <List.Item>
          <div>
            <Typography.Text strong>{x.name}</Typography.Text>
            {x.suggestedJointBranches.map((g, i) => (
              <div key={i} className="party-suggestion">
                {t(`${c}.group`, { n: i + 1, names: g.map((e) => e.name).join('、'), members: g.reduce((s, e) => s + e.fullMembers, 0) })}
              </div>
            ))}
            {x.leftOver.length > 0 && <div className="gz-small">{t(`${c}.leftOver`, { names: x.leftOver.map((e) => `${e.name}（${e.fullMembers}）`).join('、') })}</div>}
          </div>
        </List.Item>
      )}
    />
  );
}

function CoverageTab({ placeId, ready }: { placeId: number | undefined; ready: boolean }) {
  const { t } = useTranslation();
  const report = useCoverage(placeId, ready);
  const [kind, setKind] = useState<Kind | undefined>();
  const [should, setShould] = useState(false);
  const rows = useMemo(() => (report.data?.estates ?? []).filter((e) => (!kind || e.coverage === kind) && (!should || e.shouldHaveOwnBranch)), [report.data, kind, should]);
  if (report.isError) return <ErrorResult error={report.error} onRetry={() => void report.refetch()} />;
  if (!report.data) return <Skeleton active />;
  const d = report.data;
  const c = 'partyOrgs.coverage';
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8}>
              <Card size="small"><Statistic title={t(`${c}.estates`)} value={d.totals.estates} /></Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small"><Statistic title={t(`${c}.fullMembers`)} value={d.totals.fullMembers} /></Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small"><Statistic title={t(`${c}.should`)} value={d.totals.shouldHaveOwnBranch} valueStyle={{ color: d.totals.shouldHaveOwnBranch ? '#c0161d' : undefined }} /></Card>
            </Col>
            {COVERAGE_LIST.map((k) => (
              <Col xs={12} md={6} key={k}>
                <Card size="small"><Statistic title={t(`${c}.kinds.${k}`)} value={d.totals[k]} valueStyle={{ color: COLORS[k] }} /></Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t(`${c}.suggestions`)} style={{ marginTop: 12 }}>
            <Suggestions data={d} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t(`${c}.pieTitle`)}>
            <CoveragePie totals={d.totals} />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear style={{ width: 180 }} placeholder={t(`${c}.allKinds`)} value={kind} onChange={setKind} options={COVERAGE_LIST.map((k) => ({ value: k, label: t(`${c}.kinds.${k}`) }))} />
          <Checkbox id="party-coverage-should" checked={should} onChange={(e) => setShould(e.target.checked)}>
            {t(`${c}.shouldOnly`)}
          </Checkbox>
        </Space>
        <Table<CoverageEstate>
          rowKey="estateId"
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
          columns={[
            { title: t(`${c}.community`), dataIndex: 'communityName', width: 140 },
            { title: t(`${c}.estate`), dataIndex: 'name' },
            { title: t(`${c}.fullMembers`), dataIndex: 'fullMembers', width: 100, sorter: (a, b) => a.fullMembers - b.fullMembers },
            { title: t(`${c}.coverage`), dataIndex: 'coverage', width: 140, render: (k: Kind) => <Tag color={k === 'none' ? undefined : COLORS[k]}>{t(`${c}.kinds.${k}`)}</Tag> },
            { title: t(`${c}.branch`), dataIndex: 'branchName', render: (v: string | null) => v ?? '—' },
            { title: t(`${c}.should`), dataIndex: 'shouldHaveOwnBranch', width: 130, render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : null) },
          ]}
        />
      </Card>
    </>
  );
}

export default function PartyCoveragePage() {
  const { t } = useTranslation();
  const { listFilter } = useScope();
  const c = 'partyOrgs.coverage';
  return (
    <div className="party-coverage-page">
      <PageHeader title={t(`${c}.title`)} sub={t(`${c}.sub`)} />
      <Tabs
        items={[
          { key: 'coverage', label: t(`${c}.tabCoverage`), children: <CoverageTab placeId={listFilter.placeId} ready={listFilter.ready} /> },
          { key: 'cross', label: t(`${c}.tabCross`), children: <CoverageCross placeId={listFilter.placeId} ready={listFilter.ready} /> },
        ]}
      />
    </div>
  );
}
