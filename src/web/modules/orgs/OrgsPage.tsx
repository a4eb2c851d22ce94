// 单位: the organisations of the district (property companies, departments, …) and adding one.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Table, Tag, App as AntApp } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ORG_KINDS, type Org } from '../../api/types';
import { ErrorResult, useErrorText } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { PlaceName } from '../places/PlaceName';
import { useOrgs } from './api';

interface NewOrg {
  kind: string;
  name: string;
  placeId: number;
}

function CreateOrgDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewOrg>();
  const create = useMutation({
    mutationFn: (v: NewOrg) => api<Org>('/orgs', { method: 'POST', body: { ...v, name: v.name.trim() } }),
    onSuccess: async (o) => {
      message.success(t('orgs.created', { name: o.name }));
      await qc.invalidateQueries({ queryKey: ['orgs'] });
      onClose();
    },
  });
  return (
    <Modal open title={t('orgs.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} requiredMark={false}>
        <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('orgs.kindRequired') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`common.orgKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true, message: t('orgs.nameRequired') }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="placeId" label={t('orgs.place')} extra={t('orgs.placeHint')} rules={[{ required: true, message: t('orgs.placeRequired') }]}>
          <PlaceTreeSelect maxKind="community" selectableKinds={['district', 'street', 'community']} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function OrgsPage() {
  const { t } = useTranslation();
  const canManage = useCan('orgs.manage');
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const orgs = useOrgs(kind);
  const [creating, setCreating] = useState(false);
  const rows = [...(orgs.data ?? [])].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'zh-CN'));

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        sub={t('orgs.sub')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('orgs.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="gz-toolbar">
          <Select
            allowClear
            value={kind}
            placeholder={t('orgs.allKinds')}
            style={{ width: 220 }}
            onChange={(v: string | undefined) =>
              setParams((prev) => {
                const next = new URLSearchParams(prev);
                if (v) next.set('kind', v);
                else next.delete('kind');
                return next;
              })
            }
            options={ORG_KINDS.map((k) => ({ value: k, label: t(`common.orgKinds.${k}`) }))}
          />
        </div>
        {orgs.isError ? (
          <ErrorResult error={orgs.error} onRetry={() => void orgs.refetch()} />
        ) : (
          <Table<Org>
            rowKey="id"
            size="middle"
            loading={orgs.isLoading}
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
            columns={[
              { title: t('orgs.name'), dataIndex: 'name' },
              { title: t('orgs.kind'), dataIndex: 'kind', width: 160, render: (k: string) => <Tag>{t(`common.orgKinds.${k}`, { defaultValue: k })}</Tag> },
              { title: t('orgs.place'), dataIndex: 'placeId', width: 220, render: (id: number) => <PlaceName id={id} /> },
              { title: t('orgs.estates'), dataIndex: 'estates', width: 120, align: 'right', render: (n: number, o) => (o.kind === 'property_company' ? n : '—') },
            ]}
          />
        )}
      </Card>
      {creating && <CreateOrgDialog onClose={() => setCreating(false)} />}
    </>
  );
}
