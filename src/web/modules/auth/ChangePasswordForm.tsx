// Change my password: used by the forced page after login, the console user menu and the mobile "我的" page.
import { Button, Form, Input, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { ME_KEY } from '../../app/session';

interface Values {
  current: string;
  next: string;
  confirm: string;
}

export function ChangePasswordForm({ onDone, size }: { onDone?: () => void; size?: 'large' | 'middle' }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const change = useMutation({
    mutationFn: (v: Values) => api('/auth/password', { method: 'POST', body: { current: v.current, next: v.next } }),
    onSuccess: async () => {
      message.success(t('auth.changed'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      onDone?.();
    },
  });
  return (
    <Form<Values> form={form} layout="vertical" size={size} onFinish={(v) => change.mutate(v)} requiredMark={false}>
      <Form.Item name="current" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="next" label={t('auth.newPassword')} extra={t('auth.passwordRule')} rules={[{ required: true, message: t('auth.passwordRequired') }, { min: 8, message: t('auth.tooShort') }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={['next']}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: (_, v: string) => (!v || v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {change.isError && <div className="gz-form-error" role="alert">{errorText(change.error)}</div>}
      <Button type="primary" htmlType="submit" block loading={change.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
