// The category table of the settings page: the district's catalogue (a district admin adds and
// edits entries) or a street's view of it (the street sets its own rule per category or restores
// the catalogue's).
import { useState } from 'react';
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { useAdminCategories, type CategoryT } from './api';
import { CategoryEntryDialog, StreetRuleDialog } from './CategoryDialogs';
import { useCategoryName } from './labels';

export function CategoriesPanel({ streetId, canEditCatalogue }: { streetId: number | undefined; canEditCatalogue: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const categoryName = useCategoryName();
  const list = useAdminCategories(streetId);
  // the catalogue itself, to tell a street's own choices from the district's
  const base = useAdminCategories(undefined, streetId !== undefined);
  const [editing, setEditing] = useState<CategoryT | 'new'>();
  const [ruleFor, setRuleFor] = useState<CategoryT>();

  const clear = useMutation({
    mutationFn: (c: CategoryT) => api(`/request-categories/${c.id}/streets/${streetId}`, { method: 'PUT', body: { routeTo: null, departmentOrgId: null, deadlineClass: null, active: null } }),
    onSuccess: async () => {
      message.success(t('requests.settings.ruleCleared'));
      await qc.invalidateQueries({ queryKey: ['request-categories'] });
    },
    onError: (e) => message.error(errorText(e)),
  });

  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const baseOf = (id: number) => base.data?.find((c) => c.id === id);

  return (
    <>
      <div className="gz-toolbar">
        <Typography.Text type="secondary" style={{ flex: 1 }}>
          {t('requests.settings.onlyDistrict')}
        </Typography.Text>
        {streetId === undefined && canEditCatalogue && (
          <Button id="category-add" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('requests.settings.addCategory')}
          </Button>
        )}
      </div>
      {clear.isError && <Alert type="error" showIcon title={errorText(clear.error)} style={{ marginBottom: 12 }} />}
      <Table<CategoryT>
        id="categories-table"
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('requests.settings.sort'), dataIndex: 'sort', width: 64 },
          { title: t('requests.settings.code'), dataIndex: 'code', width: 140, render: (v: string) => <span className="gz-mono">{v}</span> },
          {
            title: t('requests.filters.category'),
            render: (_, c) => (
              <Space size={4}>
                {categoryName(c)}
                {c.streetRule && <Tag color="red">{t('requests.settings.streetRule')}</Tag>}
              </Space>
            ),
          },
          { title: t('requests.settings.kind'), dataIndex: 'kind', width: 80, render: (k: string) => t(`requests.kinds.${k}`) },
          {
            title: t('requests.settings.routeTo'),
            width: 220,
            render: (_, c) => (
              <span>
                {t(`requests.ownerKinds.${c.routeTo}`)}
                {c.routeTo === 'department' && c.departmentName && <Typography.Text type="secondary"> · {c.departmentName}</Typography.Text>}
              </span>
            ),
          },
          { title: t('requests.settings.deadlineClass'), dataIndex: 'deadlineClass', width: 110, render: (d: string) => t(`requests.classes.${d}`) },
          {
            title: t('requests.settings.active'),
            dataIndex: 'active',
            width: 80,
            render: (a: boolean) => (a ? <Tag color="green">{t('requests.settings.active')}</Tag> : <Tag>{t('requests.settings.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            width: 170,
            render: (_, c) =>
              streetId === undefined ? (
                canEditCatalogue && (
                  <Button size="small" type="link" className="category-edit" onClick={() => setEditing(c)}>
                    {t('requests.settings.edit')}
                  </Button>
                )
              ) : (
                <Space size={0}>
                  <Button size="small" type="link" className="rule-edit" onClick={() => setRuleFor(c)}>
                    {t('requests.settings.setRule')}
                  </Button>
                  {c.streetRule && (
                    <Popconfirm
                      title={t('requests.settings.resetConfirm', { name: categoryName(c) })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => clear.mutateAsync(c)}
                    >
                      <Button size="small" type="link" className="rule-reset">
                        {t('requests.settings.resetRule')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && <CategoryEntryDialog entry={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
      {ruleFor && streetId !== undefined && <StreetRuleDialog streetId={streetId} entry={ruleFor} base={baseOf(ruleFor.id)} onClose={() => setRuleFor(undefined)} />}
    </>
  );
}
