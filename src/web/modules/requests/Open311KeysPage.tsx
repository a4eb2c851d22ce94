// 开放接口密钥: the Open311 keys issued in my area. A new key's secret is shown once, to copy; a key
// can be revoked (requests filed with it stay).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Table, Tag, Typography, App as AntApp } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/Page';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { requestKeys, useOpen311Keys, type Open311KeyCreatedT, type Open311KeyT } from './api';
import './requests.css';

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (r: Open311KeyCreatedT) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string; placeId: number }>();
  const create = useMutation({
    mutationFn: (v: { name: string; placeId: number }) => api<Open311KeyCreatedT>('/open311-keys', { method: 'POST', body: { name: v.name.trim(), placeId: v.placeId } }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: requestKeys.open311 });
      onCreated(r);
    },
  });
  return (
    <Modal
      open
      width={520}
      title={t('requests.open311.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'key-submit' }}
      okText={t('requests.open311.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('requests.open311.name')} rules={[{ required: true, whitespace: true, message: t('requests.open311.nameRequired') }, { max: 60 }]}>
          <Input id="key-name" placeholder={t('requests.open311.namePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item name="placeId" label={t('requests.open311.place')} rules={[{ required: true, message: t('requests.open311.placeRequired') }]}>
          <PlaceTreeSelect id="key-place" maxKind="street" selectableKinds={['district', 'street']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The secret, once: a copyable box and the warning that it cannot be shown again. */
function SecretDialog({ created, onClose }: { created: Open311KeyCreatedT; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      width={560}
      title={t('requests.open311.secretTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button id="key-secret-close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('requests.open311.secretWarn')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>
        {created.item.name} · {created.item.placeName}
      </Typography.Paragraph>
      <Typography.Text code copyable={{ text: created.key, tooltips: [undefined, t('requests.open311.copied')] }} className="gz-secret" id="key-secret">
        {created.key}
      </Typography.Text>
    </Modal>
  );
}

export default function Open311KeysPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const keys = useOpen311Keys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Open311KeyCreatedT>();

  const revoke = useMutation({
    mutationFn: (k: Open311KeyT) => api<Open311KeyT>(`/open311-keys/${k.id}/revoke`, { method: 'POST' }),
    onSuccess: async () => {
      message.success(t('requests.open311.revokedDone'));
      await qc.invalidateQueries({ queryKey: requestKeys.open311 });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const confirmRevoke = (k: Open311KeyT) =>
    modal.confirm({
      title: t('requests.open311.revoke'),
      content: t('requests.open311.revokeConfirm', { name: k.name }),
      okText: t('requests.open311.revoke'),
      okButtonProps: { danger: true, id: 'key-revoke-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(k),
    });

  return (
    <>
      <PageHeader
        title={t('requests.open311.title')}
        sub={t('requests.open311.sub')}
        extra={
          <Button id="key-create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('requests.open311.create')}
          </Button>
        }
      />
      <Card size="small">
        {keys.isError ? (
          <ErrorResult error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<Open311KeyT>
            id="keys-table"
            size="middle"
            rowKey="id"
            loading={keys.isFetching}
            dataSource={keys.data ?? []}
            pagination={false}
            locale={{ emptyText: t('requests.open311.empty') }}
            rowClassName={(k) => (k.revokedAt ? 'gz-key-revoked' : '')}
            columns={[
              {
                title: t('requests.open311.name'),
                dataIndex: 'name',
                render: (v: string, k) => (
                  <span>
                    <KeyOutlined style={{ color: '#8c8c8c', marginRight: 6 }} />
                    {v}
                    {k.isDemo && (
                      <Tag color="orange" style={{ marginLeft: 6 }}>
                        {t('common.demo')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              { title: t('requests.open311.prefix'), dataIndex: 'prefix', width: 160, render: (v: string) => <span className="gz-mono">{v}…</span> },
              { title: t('requests.open311.place'), dataIndex: 'placeName', width: 180 },
              { title: t('requests.open311.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string, k) => <span title={k.createdByName ?? undefined}>{formatDateTime(v)}</span> },
              {
                title: t('requests.open311.lastUsedAt'),
                dataIndex: 'lastUsedAt',
                width: 180,
                render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('requests.open311.never')}</Typography.Text>),
              },
              {
                title: t('requests.open311.status'),
                dataIndex: 'revokedAt',
                width: 200,
                render: (v: string | null) =>
                  v ? (
                    <span>
                      <Tag>{t('requests.open311.revoked')}</Tag>
                      <Typography.Text type="secondary" className="gz-small">
                        {formatDateTime(v)}
                      </Typography.Text>
                    </span>
                  ) : (
                    <Tag color="green">{t('requests.open311.active')}</Tag>
                  ),
              },
              {
                title: t('common.actions'),
                width: 90,
                render: (_, k) =>
                  !k.revokedAt && (
                    <Button size="small" type="link" danger className="key-revoke" onClick={() => confirmRevoke(k)}>
                      {t('requests.open311.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setCreated(r);
          }}
        />
      )}
      {created && <SecretDialog created={created} onClose={() => setCreated(undefined)} />}
    </>
  );
}
