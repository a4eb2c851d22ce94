// 党员: the roll of the chosen scope with filters (organisation, status, category, name), the
// record / edit drawer, the transfer dialog with its history, and the XLSX import.
import { useState } from 'react';
import { Button, Card, Checkbox, Input, Select, Space, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useScope } from '../../app/console/scope';
import { CATEGORY_LIST, STATUS_LIST, partyKeys, useMembers, useOrgs, type Category, type Member, type MemberStatus } from './api-orgs';
import { MemberDrawer } from './MemberDrawer';
import { MemberTransferDialog } from './MemberTransferDialog';
import PartyImportDialog from './PartyImportDialog';

const PAGE = 20;

export default function PartyMembersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { listFilter } = useScope();
  const canManage = useCan('party.members.manage');
  const canImport = useCan('party.import');
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Member | 'new' | null>(null);
  const [moving, setMoving] = useState<Member | null>(null);
  const [importing, setImporting] = useState(false);
  const orgId = Number(params.get('orgId')) || undefined;
  const status = (params.get('status') as MemberStatus | null) ?? undefined;
  const category = (params.get('category') as Category | null) ?? undefined;
  const includeLeft = params.get('left') === '1';
  const setFilter = (k: string, v: string | undefined) => {
    setPage(1);
    setParams(
      (p) => {
        if (v) p.set(k, v);
        else p.delete(k);
        return p;
      },
      { replace: true },
    );
  };
  const orgs = useOrgs(listFilter.placeId, listFilter.ready);
  const list = useMembers({ placeId: orgId ? undefined : listFilter.placeId, orgId, status, category, q: q || undefined, includeLeft: includeLeft || undefined }, page, PAGE, listFilter.ready);
  const p = 'partyOrgs.membersPage';
  return (
    <div className="party-members-page">
      <PageHeader
        title={t(`${p}.title`)}
        sub={t(`${p}.sub`)}
        extra={
          <Space>
            {canImport && <Button onClick={() => setImporting(true)}>{t(`${p}.import`)}</Button>}
            {canManage && (
              <Button type="primary" id="party-member-new" onClick={() => setEditing('new')}>
                {t(`${p}.add`)}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            placeholder={t(`${p}.allOrgs`)}
            value={orgId}
            onChange={(v?: number) => setFilter('orgId', v ? String(v) : undefined)}
            options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
          <Select allowClear style={{ width: 140 }} placeholder={t(`${p}.allStatuses`)} value={status} onChange={(v?: string) => setFilter('status', v)} options={STATUS_LIST.map((s) => ({ value: s, label: t(`${p}.statuses.${s}`) }))} />
          <Select allowClear style={{ width: 170 }} placeholder={t(`${p}.allCategories`)} value={category} onChange={(v?: string) => setFilter('category', v)} options={CATEGORY_LIST.map((c) => ({ value: c, label: t(`${p}.categories.${c}`) }))} />
          <Input.Search allowClear style={{ width: 200 }} placeholder={t(`${p}.searchName`)} onSearch={(v) => { setPage(1); setQ(v.trim()); }} />
          <Checkbox checked={includeLeft} onChange={(e) => setFilter('left', e.target.checked ? '1' : undefined)}>
            {t(`${p}.includeLeft`)}
          </Checkbox>
        </Space>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Member>
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
            columns={[
              { title: t(`${p}.name`), dataIndex: 'name', width: 100 },
              { title: t(`${p}.phone`), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
              {
                title: t(`${p}.status`),
                key: 'status',
                width: 110,
                render: (_, m) => (m.orgId === null ? <Tag>{t(`${p}.statuses.left`)}</Tag> : <Tag color={m.status === 'full' ? 'red' : 'orange'}>{t(`${p}.statuses.${m.status}`)}</Tag>),
              },
              { title: t(`${p}.category`), dataIndex: 'category', width: 190, render: (c: Category, m) => <Space size={4}><span style={{ whiteSpace: 'nowrap' }}>{t(`${p}.categories.${c}`)}</span>{m.organCadre && <Tag color="blue">{t(`${p}.organCadre`)}</Tag>}</Space> },
              { title: t(`${p}.org`), dataIndex: 'orgName', render: (v: string | null) => v ?? '—' },
              { title: t(`${p}.address`), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
              { title: t(`${p}.joinedOn`), dataIndex: 'joinedOn', width: 110, render: (v: string | null) => v ?? '—' },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 130,
                      fixed: 'right' as const,
                      render: (_: unknown, m: Member) => (
                        <Space size={4}>
                          <Button size="small" type="link" onClick={() => setEditing(m)}>
                            {t(`${p}.edit`)}
                          </Button>
                          <Button size="small" type="link" className="party-member-transfer" onClick={() => setMoving(m)}>
                            {t(`${p}.transfer`)}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {editing && <MemberDrawer member={editing === 'new' ? undefined : editing} placeId={listFilter.placeId} onClose={() => setEditing(null)} />}
      {moving && <MemberTransferDialog member={moving} placeId={listFilter.placeId} onClose={() => setMoving(null)} />}
      <PartyImportDialog kind="members" open={importing} onClose={() => setImporting(false)} onDone={() => void qc.invalidateQueries({ queryKey: partyKeys.orgAll })} />
    </div>
  );
}
