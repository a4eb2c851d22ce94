// The core's own manifests: the features every module stands on.
import type { ModuleManifest } from './manifest';
import { authRoutes } from './auth/routes';
import { placeRoutes } from './places/routes';
import { peopleRoutes } from './people/routes';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { notificationRoutes } from './notifications/routes';
import { sweepExpiredSessions } from './auth/sessions';
import { sweepRateLimits } from './auth/rate-store';
import './places/errors';
import './people/errors';
import './accounts/errors';
import './auth/errors';

const m = (zh: string, en: string) => ({ zh, en });

export const coreManifests: ModuleManifest[] = [
  {
    name: 'auth',
    routes: authRoutes,
    sweeps: [
      {
        name: 'sessions.expire',
        run: async (ctx) => ({ deleted: await sweepExpiredSessions(ctx.db, ctx.config.sessionIdleHours) }),
      },
      { name: 'rate-limits.expire', run: async (ctx) => ({ deleted: await sweepRateLimits(ctx.db) }) },
    ],
  },
  {
    name: 'places',
    routes: placeRoutes,
    menu: [
      { key: 'overview', label: m('概览', 'Overview'), path: '/', permission: 'places.view', frame: 'console', icon: 'dashboard', order: 0 },
      { key: 'places', label: m('地点管理', 'Places'), path: '/places', permission: 'places.view', frame: 'console', icon: 'apartment', order: 10 },
    ],
  },
  {
    name: 'people',
    routes: peopleRoutes,
    menu: [
      { key: 'people', label: m('居民与房屋', 'Residents'), path: '/people', permission: 'people.view', frame: 'console', icon: 'team', order: 20 },
      { key: 'm-home', label: m('首页', 'Home'), path: '/m', permission: 'self.profile', frame: 'mobile', icon: 'home', order: 0 },
      { key: 'm-households', label: m('我的住户', 'My households'), path: '/m/households', permission: 'people.view', frame: 'mobile', icon: 'team', order: 10 },
      { key: 'm-me', label: m('我的', 'Me'), path: '/m/me', permission: 'self.profile', frame: 'mobile', icon: 'user', order: 90 },
    ],
  },
  {
    name: 'accounts',
    routes: accountRoutes,
    menu: [
      { key: 'users', label: m('用户与角色', 'Users & roles'), path: '/users', permission: 'users.view', frame: 'console', icon: 'user', order: 80 },
      { key: 'orgs', label: m('单位', 'Organisations'), path: '/orgs', permission: 'orgs.view', frame: 'console', icon: 'bank', order: 85 },
    ],
  },
  {
    name: 'audit',
    routes: auditRoutes,
    menu: [{ key: 'audit', label: m('审计日志', 'Audit log'), path: '/audit', permission: 'audit.view', frame: 'console', icon: 'audit', order: 90 }],
  },
  { name: 'notifications', routes: notificationRoutes },
];
