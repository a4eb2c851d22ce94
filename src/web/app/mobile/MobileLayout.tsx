// The phone frame for residents and grid volunteers: a top bar, the page, and a bottom tab bar
// built from the menu entries of frame 'mobile' (home and "我的" come with self.profile, which
// every role holds).
import { Suspense } from 'react';
import { Button, ConfigProvider, Spin } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router-dom';
import { pickLabel } from '../../i18n';
import { MenuIcon } from '../icons';
import { NotificationBell } from '../NotificationBell';
import { DemoBanner } from '../DemoBanner';
import { menuFor, useSession } from '../session';
import './mobile.css';

export default function MobileLayout() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const tabs = menuFor(me, 'mobile');
  const current = tabs.find((m) => m.path === location.pathname);
  const nested = !current;
  const title = current ? pickLabel(current.label, lang) : t('common.product');

  return (
    <ConfigProvider theme={{ token: { fontSize: 16, controlHeight: 44, controlHeightLG: 52, fontSizeLG: 18 } }}>
      <div className="gz-m">
        <header className="gz-m-top">
          {nested ? (
            <Button type="text" size="large" icon={<LeftOutlined />} onClick={() => navigate(-1)} aria-label={t('shell.back')} className="gz-m-back" />
          ) : (
            <span className="gz-m-logo" aria-hidden>
              共
            </span>
          )}
          <h1 className="gz-m-title">{title}</h1>
          <NotificationBell size="large" />
        </header>
        <DemoBanner demo={me.demo} compact />
        <main className="gz-m-main" id="gz-main">
          <Suspense
            fallback={
              <div className="gz-center">
                <Spin size="large" />
              </div>
            }
          >
            <Outlet />
            {/* a new page opens at its top, a page gone back to where it was */}
            <ScrollRestoration />
          </Suspense>
        </main>
        <nav className="gz-m-tabs" aria-label={t('common.product')}>
          {tabs.map((m) => (
            <NavLink key={m.key} to={m.path} end={m.path === '/m'} className={({ isActive }) => (isActive ? 'gz-m-tab active' : 'gz-m-tab')}>
              <span className="gz-m-tab-icon">
                <MenuIcon name={m.icon} />
              </span>
              <span className="gz-m-tab-label">{pickLabel(m.label, lang)}</span>
            </NavLink>
          ))}
        </nav>
      </div>
    </ConfigProvider>
  );
}
