// 用户与角色: accounts in my area with their role grants; create, grant, revoke, disable, unlock, reset.
import { useState } from 'react';
import { Button, Card, Dropdown, Input, Select, Space, Table, Tag, Tooltip, App as AntApp } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Paged, User, UserGrant } from '../../api/types';
import { ErrorResult, useErrorText } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { useCan } from '../../app/permissions';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { useRoles } from './api';
import { PlaceName } from '../places/PlaceName';
import { CreateUserDialog, GrantRoleDialog } from './UserDialogs';
import { showInitialPassword } from './InitialPassword';
import './users.css';

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const me = useSession();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const canManage = useCan('users.manage');
  const roles = useRoles();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { listFilter, view: scopeView } = useScope();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? undefined;
  // the page lives in the URL: a new scope (which drops ?page) starts again at page 1
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [size, setSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User>();

  const list = useQuery({
    queryKey: ['users', listFilter.placeId ?? 0, q, role, page, size],
    queryFn: () => api<Paged<User>>('/users', { query: { placeId: listFilter.placeId, q: q || undefined, role, limit: size, offset: (page - 1) * size } }),
    enabled: listFilter.ready,
    placeholderData: keepPreviousData,
  });
  const roleLabel = (r: string) => {
    const info = roles.data?.find((x) => x.role === r);
    return info ? pickLabel(info.label, lang) : r;
  };

  const setFilter = (key: 'q' | 'role' | 'page', value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    });
  const setPage = (p: number) => setFilter('page', p > 1 ? String(p) : undefined);

  const done = async (text: string) => {
    message.success(text);
    await qc.invalidateQueries({ queryKey: ['users'] });
  };
  const patch = useMutation({
    mutationFn: (v: { id: number; body: { disabled?: boolean; unlock?: boolean } }) => api<User>(`/users/${v.id}`, { method: 'PATCH', body: v.body }),
    onSuccess: (_, v) => done(v.body.unlock ? t('users.unlocked') : v.body.disabled ? t('users.disabledDone') : t('users.enabledDone')),
    onError: (e) => message.error(errorText(e)),
  });
  const revoke = useMutation({
    mutationFn: (v: { userId: number; grantId: number }) => api(`/users/${v.userId}/roles/${v.grantId}`, { method: 'DELETE' }),
    onSuccess: () => done(t('users.revoked')),
    onError: (e) => message.error(errorText(e)),
  });
  const reset = (u: User) =>
    modal.confirm({
      title: t('users.resetPassword'),
      content: t('users.resetConfirm', { name: u.displayName }),
      okText: t('users.resetPassword'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await api<{ initialPassword: string }>(`/users/${u.id}/reset-password`, { method: 'POST' });
          await qc.invalidateQueries({ queryKey: ['users'] });
          showInitialPassword(modal, t, u.displayName, r.initialPassword);
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  const confirmDisable = (u: User) =>
    modal.confirm({
      title: t('users.disable'),
      content: t('users.disableConfirm', { name: u.displayName }),
      okText: t('users.disable'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => patch.mutateAsync({ id: u.id, body: { disabled: true } }),
    });

  const confirmRevoke = (u: User, g: UserGrant) =>
    modal.confirm({
      title: t('users.revokeConfirm', { role: roleLabel(g.role), place: g.placeName }),
      okText: t('common.confirm'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync({ userId: u.id, grantId: g.id }),
    });

  const grantTag = (u: User, g: UserGrant) => {
    const removable = canManage && u.id !== me.user.id;
    return (
      <Tooltip key={g.id} title={<PlaceName id={g.placeId} full />} mouseEnterDelay={0.3}>
        <Tag
          color={g.role === 'resident' ? 'default' : 'red'}
          variant="outlined"
          className="gz-grant-tag"
          closable={removable}
          onClose={(e) => {
            e.preventDefault();
            confirmRevoke(u, g);
          }}
        >
          {roleLabel(g.role)} @ {g.placeName}
          {g.orgName ? ` · ${g.orgName}` : ''}
        </Tag>
      </Tooltip>
    );
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        sub={listFilter.placeId && scopeView ? t('users.subScoped', { name: scopeView.place.name }) : t('users.sub')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('users.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="gz-toolbar">
          <Input.Search key={q} defaultValue={q} allowClear placeholder={t('users.searchPlaceholder')} onSearch={(v) => setFilter('q', v.trim() || undefined)} style={{ maxWidth: 280 }} enterButton />
          <Select
            allowClear
            value={role}
            placeholder={t('users.allRoles')}
            style={{ width: 200 }}
            onChange={(v: string | undefined) => setFilter('role', v)}
            options={(roles.data ?? []).map((r) => ({ value: r.role, label: pickLabel(r.label, lang) }))}
          />
        </div>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="small"
            loading={list.isFetching || !listFilter.ready}
            dataSource={list.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: size,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => t('common.total', { count: n }),
              onChange: (p, s) => {
                setPage(s !== size ? 1 : p);
                setSize(s);
              },
            }}
            columns={[
              {
                title: t('users.username'),
                dataIndex: 'username',
                width: 150,
                render: (v: string, u) => (
                  <Space size={4}>
                    <span className="gz-mono">{v}</span>
                    {u.id === me.user.id && <Tag color="blue">{t('users.self')}</Tag>}
                  </Space>
                ),
              },
              { title: t('users.displayName'), dataIndex: 'displayName', width: 170 },
              { title: t('users.roles'), render: (_, u) => <div className="gz-grants">{u.grants.map((g) => grantTag(u, g))}</div> },
              {
                title: t('users.status'),
                width: 100,
                render: (_, u) => (u.disabled ? <Tag>{t('users.disabled')}</Tag> : u.locked ? <Tag color="orange">{t('users.locked')}</Tag> : <Tag color="green">{t('users.active')}</Tag>),
              },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      width: 170,
                      render: (_: unknown, u: User) =>
                        u.id === me.user.id ? null : (
                          <Space size={0}>
                            <Button type="link" size="small" onClick={() => setGranting(u)}>
                              {t('users.grant')}
                            </Button>
                            <Dropdown
                              trigger={['click']}
                              menu={{
                                items: [
                                  ...(u.locked ? [{ key: 'unlock', label: t('users.unlock'), onClick: () => patch.mutate({ id: u.id, body: { unlock: true } }) }] : []),
                                  { key: 'reset', label: t('users.resetPassword'), onClick: () => reset(u) },
                                  u.disabled
                                    ? { key: 'enable', label: t('users.enable'), onClick: () => patch.mutate({ id: u.id, body: { disabled: false } }) }
                                    : { key: 'disable', danger: true, label: t('users.disable'), onClick: () => confirmDisable(u) },
                                ],
                              }}
                            >
                              <Button type="link" size="small" icon={<MoreOutlined />} aria-label={t('users.more')}>
                                {t('users.more')}
                              </Button>
                            </Dropdown>
                          </Space>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
      {granting && <GrantRoleDialog user={granting} onClose={() => setGranting(undefined)} />}
    </>
  );
}
