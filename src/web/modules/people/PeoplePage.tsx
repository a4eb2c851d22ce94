// 居民与房屋: residents inside the chosen scope, searchable, with masked ID numbers; a person opens
// in a drawer, a unit in a second drawer.
import { useState } from 'react';
import { Card, Drawer, Input, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Paged, Person } from '../../api/types';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { ageFrom } from '../../app/format';
import { PageHeader } from '../../app/Page';
import { peopleKeys } from './api';
import { PersonDrawer } from './PersonDrawer';
import { UnitPanel } from './UnitPanel';

const PAGE_SIZE = 20;

export default function PeoplePage() {
  const { t } = useTranslation();
  const { scopeId, view } = useScope();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [size, setSize] = useState(PAGE_SIZE);
  const [personId, setPersonId] = useState<number>();
  const [unit, setUnit] = useState<{ id: number; label: string }>();

  const list = useQuery({
    queryKey: peopleKeys.list(scopeId ?? 0, q, page, size),
    queryFn: () => api<Paged<Person>>('/people', { query: { placeId: scopeId, q: q || undefined, limit: size, offset: (page - 1) * size } }),
    enabled: !!scopeId,
    placeholderData: keepPreviousData,
  });

  const setQuery = (next: { q?: string; page?: number }) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (next.q !== undefined) {
        if (next.q) p.set('q', next.q);
        else p.delete('q');
        p.delete('page');
      }
      if (next.page !== undefined) {
        if (next.page > 1) p.set('page', String(next.page));
        else p.delete('page');
      }
      return p;
    });

  return (
    <>
      <PageHeader title={t('people.title')} sub={view ? t('people.sub', { name: view.place.name }) : undefined} />
      <Card size="small">
        <div className="gz-toolbar">
          <Input.Search key={q} defaultValue={q} allowClear placeholder={t('people.searchPlaceholder')} onSearch={(v) => setQuery({ q: v.trim() })} style={{ maxWidth: 320 }} enterButton />
        </div>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Person>
            size="middle"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            onRow={(p) => ({ onClick: () => setPersonId(p.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize: size,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('common.total', { count: n }),
              onChange: (p, s) => {
                if (s !== size) setSize(s);
                setQuery({ page: s !== size ? 1 : p });
              },
            }}
            columns={[
              { title: t('people.name'), dataIndex: 'name', render: (n: string, p) => <Typography.Link onClick={() => setPersonId(p.id)}>{n}</Typography.Link> },
              { title: t('people.gender'), dataIndex: 'gender', width: 80, render: (g: string | null) => (g ? t(`common.genders.${g}`) : '—') },
              { title: t('people.age'), dataIndex: 'birthDate', width: 80, render: (b: string | null) => ageFrom(b) ?? '—' },
              { title: t('people.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              { title: t('people.idNumber'), dataIndex: 'idNumberMask', render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span> },
            ]}
          />
        )}
      </Card>
      <PersonDrawer personId={personId} onClose={() => setPersonId(undefined)} onOpenUnit={(id, label) => setUnit({ id, label })} />
      <Drawer open={!!unit} onClose={() => setUnit(undefined)} size={640} title={unit ? t('people.unitTitle', { name: unit.label }) : ''} destroyOnHidden>
        {unit && (
          <UnitPanel
            unitId={unit.id}
            onOpenPerson={(id) => {
              setUnit(undefined);
              setPersonId(id);
            }}
          />
        )}
      </Drawer>
    </>
  );
}
