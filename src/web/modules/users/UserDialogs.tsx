// New user (with the first role) and grant-another-role dialogs.
import { Alert, Form, Input, Modal, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { GrantFields, type GrantValues } from './GrantFields';
import { showInitialPassword } from './InitialPassword';

interface NewUserValues extends GrantValues {
  username: string;
  displayName: string;
  password?: string;
}

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<NewUserValues>();
  const create = useMutation({
    mutationFn: (v: NewUserValues) =>
      api<{ id: number; initialPassword: string }>('/users', {
        method: 'POST',
        body: {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password || undefined,
          grant: { role: v.role, placeId: v.placeId, orgId: v.orgId ?? undefined },
        },
      }),
    onSuccess: async (r, v) => {
      message.success(t('users.createdDone', { name: v.displayName }));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
      if (!v.password) showInitialPassword(modal, t, v.displayName, r.initialPassword);
    },
  });
  return (
    <Modal open width={560} title={t('users.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} requiredMark={false}>
        <Form.Item name="username" label={t('users.username')} extra={t('users.usernameRule')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,40}$/, message: t('users.usernameRule') }]}>
          <Input autoComplete="off" autoCapitalize="none" spellCheck={false} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} extra={t('users.passwordHint')} rules={[{ min: 8, message: t('auth.tooShort') }, { max: 128 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <GrantFields />
      </Form>
    </Modal>
  );
}

export function GrantRoleDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<GrantValues>();
  const grant = useMutation({
    mutationFn: (v: GrantValues) => api(`/users/${user.id}/roles`, { method: 'POST', body: { role: v.role, placeId: v.placeId, orgId: v.orgId ?? undefined } }),
    onSuccess: async () => {
      message.success(t('users.granted'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });
  return (
    <Modal open width={520} title={t('users.grantTitle', { name: user.displayName })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={grant.isPending} okText={t('users.grant')} cancelText={t('common.cancel')} destroyOnHidden>
      {grant.isError && <Alert type="error" showIcon title={errorText(grant.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => grant.mutate(v)} requiredMark={false}>
        <GrantFields />
      </Form>
    </Modal>
  );
}
