// 业主大会: the assemblies in my area (filters: place, state; kept in the URL), each with its state,
// voting period (Beijing time), the frozen roll's totals and, once counted, the matters passed; and
// the drawer to start a new one.
import { useState } from 'react';
import { Button, Card, Select, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useUrlFilters } from '../../app/urlFilters';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { STATE_LIST, useAssemblies, type AssemblyState, type AssemblySummary } from './api';
import { AssemblyDrawer } from './AssemblyDrawer';
import { areaText, beijing } from './figures';
import { StateTag } from './labels';
import './assemblies.css';

export default function AssembliesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { listFilter, link } = useScope();
  const canOrganise = useCan('assemblies.organise');
  const { params, set, page, size, placeParam, pagination } = useUrlFilters();
  const [creating, setCreating] = useState(false);
  const stateParam = params.get('state');
  const state = STATE_LIST.includes(stateParam as AssemblyState) ? (stateParam as AssemblyState) : undefined;
  const list = useAssemblies({ placeId: placeParam ?? listFilter.placeId, state }, page, size, listFilter.ready);

  return (
    <>
      <PageHeader
        title={t('asm.list.title')}
        sub={t('asm.list.sub')}
        extra={
          canOrganise && (
            <Button id="asm-new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('asm.list.new')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="gz-toolbar gz-toolbar-wrap">
          <PlaceTreeSelect
            ariaLabel={t('asm.list.place')}
            placeholder={t('asm.list.place')}
            maxKind="estate"
            value={placeParam}
            onChange={(id) => set({ place: id ? String(id) : undefined })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            id="asm-filter-state"
            placeholder={t('asm.list.state')}
            aria-label={t('asm.list.state')}
            style={{ width: 160 }}
            value={state}
            onChange={(v?: AssemblyState) => set({ state: v })}
            options={STATE_LIST.map((s) => ({ value: s, label: t(`asm.states.${s}`) }))}
          />
          {(placeParam || state) && (
            <Button type="link" onClick={() => set({ place: undefined, state: undefined })}>
              {t('asm.list.clear')}
            </Button>
          )}
        </div>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<AssemblySummary>
            id="asm-table"
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            onRow={(r) => ({ onClick: () => navigate(link(`/assemblies/${r.id}`)), style: { cursor: 'pointer' } })}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('asm.list.empty') }}
            pagination={pagination(list.data?.total ?? 0)}
            columns={[
              {
                title: t('asm.col.title'),
                dataIndex: 'title',
                render: (v: string, r) => (
                  <div className="gz-asm-title-cell">
                    <Typography.Text strong ellipsis>
                      {v}
                    </Typography.Text>
                    <Typography.Text type="secondary" className="gz-small">
                      {t(`asm.kinds.${r.kind}`)} · {t(`asm.organisers.${r.organiserKind}`)} {r.organiserName}
                    </Typography.Text>
                  </div>
                ),
              },
              { title: t('asm.col.estate'), dataIndex: 'estateName', width: 150, ellipsis: true },
              { title: t('asm.col.state'), dataIndex: 'state', width: 96, render: (s: AssemblyState) => <StateTag state={s} /> },
              {
                title: t('asm.col.period'),
                width: 200,
                render: (_, r) => (
                  <span className="gz-small">
                    {beijing(r.votingOpensAt)}
                    <br />
                    {t('asm.to')} {beijing(r.votingClosesAt)}
                  </span>
                ),
              },
              {
                title: t('asm.col.roll'),
                width: 170,
                render: (_, r) =>
                  r.rollPersons === null ? (
                    <Typography.Text type="secondary">{t('asm.list.notFrozen')}</Typography.Text>
                  ) : (
                    <span className="gz-small">
                      {t('asm.persons', { n: r.rollPersons })}
                      <br />
                      {areaText(r.rollAreaCenti)}
                    </span>
                  ),
              },
              {
                title: t('asm.col.result'),
                width: 120,
                render: (_, r) => (r.matterCount === null ? '—' : t('asm.list.passedOf', { passed: r.passedMatters, total: r.matterCount })),
              },
            ]}
          />
        )}
      </Card>
      <AssemblyDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
