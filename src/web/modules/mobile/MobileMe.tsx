// 我的: profile, language, change password, export my data, log out — large and simple.
import { useState } from 'react';
import { Button, Drawer, App as AntApp } from 'antd';
import { DownloadOutlined, KeyOutlined, LogoutOutlined, SolutionOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { can } from '../../app/permissions';
import { useTranslation } from 'react-i18next';
import { LangSegmented } from '../../app/LangSwitch';
import { exportMyData } from '../../app/selfService';
import { useErrorText } from '../../app/errors';
import { useLogout, useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { ChangePasswordForm } from '../auth/ChangePasswordForm';

export default function MobileMe() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const logout = useLogout();
  const errorText = useErrorText();
  const { message, modal } = AntApp.useApp();
  const [pwOpen, setPwOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  const onExport = async () => {
    setExporting(true);
    try {
      await exportMyData();
      message.success(t('shell.exportStarted'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="gz-m-page">
      <section className="gz-m-card gz-m-profile">
        <span className="gz-m-avatar" aria-hidden>
          <UserOutlined />
        </span>
        <div>
          <div className="gz-m-card-title">{me.user.displayName}</div>
          <div className="gz-m-row-sub">
            {t('mobile.username', { name: me.user.username })}
          </div>
        </div>
      </section>

      <div className="gz-m-section-title">{t('mobile.roles')}</div>
      <section className="gz-m-card">
        {me.grants.map((g) => (
          <div key={`${g.role}-${g.placeId}`} className="gz-m-kv">
            <span>{pickLabel(g.roleLabel, lang)}</span>
            <b>{g.placeName}</b>
          </div>
        ))}
      </section>

      {can(me, 'dual.mine') && (
        <>
          {/* 双报到 is for party members; it opens from here to keep the tab bar short */}
          <div className="gz-m-section-title">{t('mobile.services')}</div>
          <section className="gz-m-card">
            <Link to="/m/dual">
              <Button size="large" block icon={<SolutionOutlined />}>
                {t('mobile.dualLink')}
              </Button>
            </Link>
            <p className="gz-m-note">{t('mobile.dualHint')}</p>
          </section>
        </>
      )}

      <div className="gz-m-section-title">{t('mobile.settings')}</div>
      <section className="gz-m-card gz-m-settings">
        <div className="gz-m-setting">
          <span>{t('mobile.language')}</span>
          <LangSegmented size="large" />
        </div>
        <Button size="large" block icon={<KeyOutlined />} onClick={() => setPwOpen(true)}>
          {t('mobile.changePassword')}
        </Button>
        <Button size="large" block icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()}>
          {t('mobile.exportMyData')}
        </Button>
        <p className="gz-m-note">{t('mobile.exportHint')}</p>
      </section>

      <Button
        size="large"
        danger
        block
        icon={<LogoutOutlined />}
        className="gz-m-logout"
        onClick={() => modal.confirm({ title: t('mobile.logoutConfirm'), okText: t('mobile.logout'), cancelText: t('common.cancel'), onOk: () => logout() })}
      >
        {t('mobile.logout')}
      </Button>

      <Drawer open={pwOpen} onClose={() => setPwOpen(false)} placement="bottom" size={540} title={t('mobile.changePassword')} destroyOnHidden>
        <ChangePasswordForm size="large" onDone={() => setPwOpen(false)} />
      </Drawer>
    </div>
  );
}
