// The office console: side menu from /api/me (frame 'console'), header with the scope switcher,
// language, notifications and the user menu; pages render in the content area.
import { Suspense, useState } from 'react';
import { Button, Layout, Menu, Spin, Tooltip, Typography } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { menuFor, useSession } from '../session';
import { MenuIcon } from '../icons';
import { LangButton } from '../LangSwitch';
import { NotificationBell } from '../NotificationBell';
import { DemoBanner } from '../DemoBanner';
import { UserMenu } from './UserMenu';
import { ScopeProvider, useScope } from './scope';
import { PlaceTreeSelect } from '../../modules/places/PlaceTreeSelect';
import { pickLabel } from '../../i18n';
import './console.css';

const { Sider, Header, Content } = Layout;

function activeKey(pathname: string, paths: { key: string; path: string }[]): string | undefined {
  const hit = paths
    .filter((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(m.path + '/')))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return hit?.key;
}

function ScopeSwitcher() {
  const { t } = useTranslation();
  const { scopeId, view, setScope } = useScope();
  return (
    <div className="gz-scope">
      <span className="gz-scope-label">{t('shell.scope')}</span>
      <PlaceTreeSelect
        ariaLabel={t('shell.scope')}
        className="gz-scope-select"
        value={scopeId}
        valueLabel={view?.place.name}
        maxKind="estate"
        placeholder={t('shell.scopePlaceholder')}
        onChange={(id) => id && setScope(id)}
      />
    </div>
  );
}

function ConsoleFrame() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const { link } = useScope();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const items = menuFor(me, 'console');

  return (
    <Layout className="gz-console">
      <a className="gz-skip" href="#gz-main">
        {t('shell.skipToContent')}
      </a>
      <Sider collapsible collapsed={collapsed} trigger={null} width={208} collapsedWidth={64} className="gz-sider" theme="dark">
        <Link to={link('/')} className="gz-logo">
          <span className="gz-logo-mark">共</span>
          {!collapsed && (
            <span className="gz-logo-text">
              <b>{t('common.product')}</b>
              <small>{t('common.subtitle')}</small>
            </span>
          )}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[activeKey(location.pathname, items) ?? '']}
          items={items.map((m) => ({ key: m.key, icon: <MenuIcon name={m.icon} />, label: <Link to={link(m.path)}>{pickLabel(m.label, lang)}</Link> }))}
        />
      </Sider>
      <Layout>
        <Header className="gz-header">
          <Tooltip title={collapsed ? t('shell.expand') : t('shell.collapse')}>
            <Button type="text" aria-label={collapsed ? t('shell.expand') : t('shell.collapse')} icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} />
          </Tooltip>
          <ScopeSwitcher />
          <div className="gz-header-right">
            <LangButton />
            <NotificationBell />
            <UserMenu />
          </div>
        </Header>
        <DemoBanner demo={me.demo} />
        <Content className="gz-content" id="gz-main">
          <Suspense
            fallback={
              <div className="gz-center">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
        <footer className="gz-console-footer">
          <Typography.Text type="secondary">
            {t('common.product')} · {t('common.subtitle')}
          </Typography.Text>
        </footer>
      </Layout>
    </Layout>
  );
}

export default function ConsoleLayout() {
  return (
    <ScopeProvider>
      <ConsoleFrame />
    </ScopeProvider>
  );
}
