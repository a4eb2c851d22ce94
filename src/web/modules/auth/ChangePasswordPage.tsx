// Forced password change after login with an initial or reset password.
import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useLogout } from '../../app/session';
import './login.css';

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <div className="gz-login">
      <main className="gz-login-card">
        <Typography.Title level={3}>{t('auth.mustChangeTitle')}</Typography.Title>
        <Alert type="info" showIcon title={t('auth.mustChangeText')} style={{ marginBottom: 20 }} />
        <ChangePasswordForm size="large" onDone={() => navigate('/', { replace: true })} />
        <Button type="link" block onClick={() => void logout()} style={{ marginTop: 12 }}>
          {t('shell.logout')}
        </Button>
      </main>
    </div>
  );
}
