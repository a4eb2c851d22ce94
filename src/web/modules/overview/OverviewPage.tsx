// 概览: the figures of the chosen scope and of each place directly below it.
import { Card, Col, Empty, Row, Skeleton, Statistic, Table, Button, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { PlaceKind, PlaceView } from '../../api/types';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { placeKeys, usePlaceChildren, usePlaceView, kindIndex, childKind } from '../places/api';
import { ChildrenChart } from './ChildrenChart';

const FIGURE_KINDS: PlaceKind[] = ['street', 'community', 'estate', 'building', 'unit'];
const MAX_CHILDREN = 30;

export default function OverviewPage() {
  const { t } = useTranslation();
  const { scopeId, setScope } = useScope();
  const view = usePlaceView(scopeId);
  const children = usePlaceChildren(scopeId);
  const kids = (children.data?.items ?? []).slice(0, MAX_CHILDREN);
  const kidViews = useQueries({
    queries: kids.map((k) => ({ queryKey: placeKeys.view(k.id), queryFn: () => api<PlaceView>(`/places/${k.id}`), staleTime: 30_000 })),
  });

  if (view.isError) return <ErrorResult error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Skeleton active />;
  const { place, counts } = view.data;
  const below = FIGURE_KINDS.filter((k) => kindIndex(k) > kindIndex(place.kind));
  const nextKind = childKind(place.kind);
  const rows = kids.map((k, i) => ({ place: k, view: kidViews[i]?.data }));
  const chartRows = rows.filter((r) => r.view).map((r) => ({ name: r.place.name, households: r.view!.counts.households, residents: r.view!.counts.residents }));
  const deeper = FIGURE_KINDS.filter((k) => kindIndex(k) > kindIndex(nextKind ?? 'unit'));

  return (
    <>
      <PageHeader title={t('overview.title')} sub={t('overview.sub', { name: [...view.data.ancestors.map((a) => a.name), place.name].join(' / ') })} />
      <Row gutter={[16, 16]}>
        {below.map((k) => (
          <Col key={k} flex="1 1 140px">
            <Card size="small" className="gz-stat">
              <Statistic title={t(`common.kindsPlural.${k}`)} value={counts.byKind[k] ?? 0} />
            </Card>
          </Col>
        ))}
        <Col flex="1 1 140px">
          <Card size="small" className="gz-stat gz-stat-accent">
            <Statistic title={t('common.households')} value={counts.households} />
          </Card>
        </Col>
        <Col flex="1 1 140px">
          <Card size="small" className="gz-stat gz-stat-accent">
            <Statistic title={t('common.residents')} value={counts.residents} />
          </Card>
        </Col>
      </Row>

      {nextKind && (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card title={t('overview.chartTitle', { kind: t(`common.kinds.${nextKind}`) })} size="small">
              {children.isLoading ? <Skeleton active /> : chartRows.length ? <ChildrenChart rows={chartRows} /> : <Empty description={t('overview.noChildren')} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card
              title={t('overview.childrenTitle', { kind: t(`common.kindsPlural.${nextKind}`) })}
              size="small"
              className="gz-scroll-card"
              extra={children.data && children.data.total > MAX_CHILDREN ? <Typography.Text type="secondary">{t('overview.tooMany', { n: MAX_CHILDREN })}</Typography.Text> : null}
            >
              <Table
                size="small"
                rowKey={(r) => r.place.id}
                loading={children.isLoading}
                dataSource={rows}
                pagination={false}
                locale={{ emptyText: t('overview.noChildren') }}
                columns={[
                  { title: t(`common.kinds.${nextKind}`), render: (_, r) => r.place.name },
                  ...deeper.slice(0, 2).map((k) => ({ title: t(`common.kindsPlural.${k}`), align: 'right' as const, render: (_: unknown, r: (typeof rows)[number]) => (r.view ? (r.view.counts.byKind[k] ?? 0) : '…') })),
                  { title: t('common.households'), align: 'right' as const, render: (_, r) => r.view?.counts.households ?? '…' },
                  { title: t('common.residents'), align: 'right' as const, render: (_, r) => r.view?.counts.residents ?? '…' },
                  {
                    title: '',
                    width: 72,
                    render: (_, r) =>
                      kindIndex(r.place.kind) <= kindIndex('estate') ? (
                        <Button size="small" type="link" onClick={() => setScope(r.place.id)}>
                          {t('overview.showScope')}
                        </Button>
                      ) : (
                        <Link to={`/places?scope=${scopeId}&place=${r.place.id}`}>{t('overview.showScope')}</Link>
                      ),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
