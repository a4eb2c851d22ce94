// The request loop (接诉即办): manifest of permissions, menu items, routes and the deadline sweep.
import type { ModuleManifest } from '../../core/manifest';
import type { Role } from '../../core/access/roles';
import { requestRoutes } from './routes';
import { open311Routes } from './open311';
import { keyRoutes } from './keys';
import { ensureDefaultCategories } from './config';
import { sweepDeadlines } from './sweep';
import './errors';

const OFFICE: Role[] = ['district_admin', 'street_admin', 'community_worker'];
const GRID: Role[] = ['pian_zhang', 'zu_zhang', 'lin_zhang'];
const m = (zh: string, en: string) => ({ zh, en });

export const requestsModule: ModuleManifest = {
  name: 'requests',
  permissions: {
    // file a request for someone else (phone call, 三长 visit)
    'requests.intake': [...OFFICE, ...GRID, 'property_staff'],
    // see the requests of one's area (property and department staff see what their unit handles)
    'requests.view': [...OFFICE, ...GRID],
    // act as the people of a handling unit
    'requests.handle': [...OFFICE, 'property_staff', 'department_staff'],
    // transfer, escalate, add co-handlers, close, follow-up checks over one's area
    'requests.supervise': OFFICE,
    'requests.configure': ['district_admin', 'street_admin'],
    'requests.import': OFFICE,
    'requests.dashboard': OFFICE,
    'open311.manage': ['district_admin', 'street_admin'],
    // the console's request pages (inbox, detail)
    'requests.console': [...OFFICE, 'pian_zhang', 'property_staff', 'department_staff'],
    // a phone page of one's own requests: residents, and 三长 for the ones they filed
    'requests.mine': ['resident', ...GRID],
  },
  menu: [
    { key: 'requests', label: m('诉求办理', 'Requests'), path: '/requests', permission: 'requests.console', frame: 'console', icon: 'inbox', order: 30 },
    { key: 'requests-dashboard', label: m('三率看板', 'Three rates'), path: '/requests/dashboard', permission: 'requests.dashboard', frame: 'console', icon: 'fund', order: 31 },
    { key: 'requests-settings', label: m('诉求设置', 'Request settings'), path: '/requests/settings', permission: 'requests.configure', frame: 'console', icon: 'setting', order: 32 },
    { key: 'open311-keys', label: m('开放接口密钥', 'Open311 keys'), path: '/requests/open311-keys', permission: 'open311.manage', frame: 'console', icon: 'api', order: 33 },
    { key: 'm-report', label: m('我要反映', 'Report'), path: '/m/report', permission: 'requests.mine', frame: 'mobile', icon: 'form', order: 5 },
    { key: 'm-requests', label: m('我的诉求', 'My requests'), path: '/m/requests', permission: 'requests.mine', frame: 'mobile', icon: 'profile', order: 6 },
  ],
  routes: async (app, ctx) => {
    await requestRoutes(app, ctx);
    await keyRoutes(app, ctx);
  },
  rootRoutes: open311Routes,
  init: async (ctx) => ensureDefaultCategories(ctx.db),
  sweeps: [{ name: 'requests.deadlines', run: sweepDeadlines }],
};
