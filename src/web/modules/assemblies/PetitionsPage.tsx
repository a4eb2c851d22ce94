// 联名提议: owners' petitions for an extraordinary assembly in my area, with the area and owners who
// signed against the live roll and the 20 % each needs (业主大会和业主委员会指导规则); a petition that
// reached both can be convened: the new-assembly drawer opens as an extraordinary meeting tied to it.
import { useState } from 'react';
import { Button, Card, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useScope } from '../../app/console/scope';
import { asmKeys, type Petition } from './api';
import { AssemblyDrawer, type DrawerPreset } from './AssemblyDrawer';
import { areaText, beijing } from './figures';
import './assemblies.css';

const THRESHOLD_PCT = 20;

function ThresholdBar({ pct, reached, label }: { pct: string; reached: boolean; label: string }) {
  const { t } = useTranslation();
  // the bar is full at the threshold: how far the petition is towards 20 %
  const towards = Math.min(100, (Number(pct) / THRESHOLD_PCT) * 100);
  return (
    <div className="gz-asm-threshold">
      <Typography.Text className="gz-small">{label}</Typography.Text>
      <Tooltip title={t('asm.petitions.barHint', { pct, threshold: THRESHOLD_PCT })}>
        <Progress percent={towards} size="small" status={reached ? 'success' : 'active'} format={() => `${pct}% / ${THRESHOLD_PCT}%`} />
      </Tooltip>
    </div>
  );
}

export default function PetitionsPage() {
  const { t } = useTranslation();
  const { listFilter, link } = useScope();
  const canOrganise = useCan('assemblies.organise');
  const [preset, setPreset] = useState<DrawerPreset | null>(null);
  const list = useQuery({
    queryKey: asmKeys.petitions(listFilter.placeId),
    queryFn: () => api<{ items: Petition[]; total: number }>('/petitions', { query: { placeId: listFilter.placeId, limit: 100 } }),
    enabled: listFilter.ready,
  });

  return (
    <>
      <PageHeader title={t('asm.petitions.title')} sub={t('asm.petitions.sub')} />
      <Card size="small">
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Petition>
            id="asm-petitions"
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('asm.petitions.none') }}
            expandable={{ rowExpandable: (p) => !!p.reason, expandedRowRender: (p) => <Typography.Paragraph className="gz-asm-pre" style={{ margin: 0 }}>{p.reason}</Typography.Paragraph> }}
            pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
            columns={[
              {
                title: t('asm.petitions.col.title'),
                dataIndex: 'title',
                render: (v: string, p) => (
                  <div className="gz-asm-title-cell">
                    <Typography.Text strong>{v}</Typography.Text>
                    <Typography.Text type="secondary" className="gz-small">
                      {p.estateName} · {beijing(p.createdAt, 'YYYY-MM-DD')}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('asm.petitions.col.signed'),
                width: 200,
                render: (_, p) => (
                  <span className="gz-small">
                    {t('asm.petitions.signedOf', { persons: p.totals.signed.persons, total: p.totals.roll.persons })}
                    <br />
                    {areaText(p.totals.signed.areaCenti)} / {areaText(p.totals.roll.areaCenti)}
                    {p.totals.lapsed > 0 && (
                      <>
                        <br />
                        <Typography.Text type="secondary">{t('asm.petitions.lapsed', { n: p.totals.lapsed })}</Typography.Text>
                      </>
                    )}
                  </span>
                ),
              },
              {
                title: t('asm.petitions.col.progress'),
                width: 280,
                render: (_, p) => (
                  <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                    <ThresholdBar pct={p.totals.areaPercent} reached={p.totals.areaReached} label={t('asm.petitions.area')} />
                    <ThresholdBar pct={p.totals.personsPercent} reached={p.totals.personsReached} label={t('asm.petitions.persons')} />
                  </Space>
                ),
              },
              {
                title: t('asm.petitions.col.state'),
                width: 130,
                render: (_, p) => (
                  <Space orientation="vertical" size={4}>
                    <Tag color={p.state === 'convened' ? 'blue' : p.state === 'withdrawn' ? 'default' : p.state === 'reached' ? 'green' : 'gold'}>{t(`asm.petitions.states.${p.state}`)}</Tag>
                    {p.totals.reached && p.state === 'open' && (
                      <Tag color="green" className="asm-petition-reached">
                        {t('asm.petitions.reached')}
                      </Tag>
                    )}
                    {p.reachedAt && <Typography.Text type="secondary" className="gz-small">{t('asm.petitions.reachedAt', { at: beijing(p.reachedAt, 'YYYY-MM-DD') })}</Typography.Text>}
                  </Space>
                ),
              },
              {
                title: t('common.actions'),
                width: 170,
                render: (_, p) => {
                  if (p.assemblyId) return <Link to={link(`/assemblies/${p.assemblyId}`)}>{t('asm.petitions.openAssembly')}</Link>;
                  const reached = p.totals.reached || p.state === 'reached';
                  if (!canOrganise || p.state === 'withdrawn' || p.state === 'convened') return null;
                  return (
                    <Tooltip title={reached ? undefined : t('asm.petitions.notReachedHint')}>
                      <Button
                        size="small"
                        type={reached ? 'primary' : 'default'}
                        className="asm-petition-convene"
                        onClick={() => setPreset({ estateId: p.estateId, estateName: p.estateName, kind: 'extraordinary', petitionId: p.id, title: p.title })}
                      >
                        {t('asm.petitions.convene')}
                      </Button>
                    </Tooltip>
                  );
                },
              },
            ]}
          />
        )}
      </Card>
      <AssemblyDrawer open={!!preset} onClose={() => setPreset(null)} preset={preset ?? undefined} />
    </>
  );
}
