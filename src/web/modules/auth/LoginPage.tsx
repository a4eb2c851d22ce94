// The login page: product name, subtitle, username and password; works on a phone as on a desk.
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, setCsrfToken } from '../../api/client';
import type { LoginResult } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { LangButton } from '../../app/LangSwitch';
import './login.css';

interface Values {
  username: string;
  password: string;
}

/** Only same-site paths may be a return target. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorText = useErrorText();
  const login = useMutation({
    mutationFn: (v: Values) => api<LoginResult>('/auth/login', { method: 'POST', body: { username: v.username.trim(), password: v.password } }),
    onSuccess: (r) => {
      setCsrfToken(r.csrfToken);
      qc.clear();
      navigate(r.mustChangePassword ? '/change-password' : safeNext(params.get('next')), { replace: true });
    },
  });

  return (
    <div className="gz-login">
      <div className="gz-login-lang">
        <LangButton />
      </div>
      <main className="gz-login-card">
        <div className="gz-brand">
          <div className="gz-brand-mark" aria-hidden>
            共
          </div>
          <Typography.Title level={1} className="gz-brand-name">
            {t('common.product')}
          </Typography.Title>
          <Typography.Text className="gz-brand-sub">{t('common.subtitle')}</Typography.Text>
        </div>
        {params.get('expired') && !login.isError && <Alert type="info" showIcon title={t('shell.sessionExpired')} style={{ marginBottom: 16 }} />}
        <Form<Values> layout="vertical" size="large" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoCorrect="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {login.isError && (
            <div className="gz-form-error" role="alert">
              {errorText(login.error)}
            </div>
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} className="gz-login-submit">
            {login.isPending ? t('auth.loggingIn') : t('auth.login')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="gz-login-privacy">
          {t('auth.privacy')}
        </Typography.Paragraph>
      </main>
      <footer className="gz-login-footer">{t('auth.footer')}</footer>
    </div>
  );
}
