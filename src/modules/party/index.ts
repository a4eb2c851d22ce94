// Party organisation (党组织, 三会一课, 双报到) and the 三长 grid: permissions, menus, routes, sweep.
// Who sees what is decided in scope.ts: office roles by place, party secretaries by their own
// organisation, 三长 by the grid cells they lead.
import type { ModuleManifest } from '../../core/manifest';
import type { Role } from '../../core/access/roles';
import { orgsRoutes } from './orgs-routes';
import { meetingsRoutes } from './meetings-routes';
import { gridRoutes } from './grid-routes';
import { dualRoutes } from './dual-routes';
import { importRoutes } from './import-routes';
import { reminderSweep } from './reminders';
import './errors';

const OFFICE: Role[] = ['district_admin', 'street_admin', 'community_worker'];
const GRID: Role[] = ['pian_zhang', 'zu_zhang', 'lin_zhang'];
const m = (zh: string, en: string) => ({ zh, en });

export const partyModule: ModuleManifest = {
  name: 'party',
  permissions: {
    // the organisation tree, members, committees, meetings and the compliance calendar
    'party.view': [...OFFICE, 'party_secretary'],
    // found, re-shape or retire organisations, cover estates, party work (offices only)
    'party.orgs.manage': OFFICE,
    // members, transfers, committees of one's organisation
    'party.members.manage': [...OFFICE, 'party_secretary'],
    // record meetings, attendance, motions, minutes, files
    'party.meetings.manage': [...OFFICE, 'party_secretary'],
    // the coverage report (应建尽建) and cross-appointment report
    'party.coverage': OFFICE,
    'party.configure': ['district_admin', 'street_admin'],
    // XLSX import of members and 三长
    'party.import': OFFICE,
    // 双报到: the community's catalogue, registrations, hours, evaluations, feedback letters
    'dual.manage': OFFICE,
    // 双报到 on the phone: a member registers, claims posts and logs hours
    'dual.mine': ['resident', ...GRID, 'party_secretary'],
    // the 片/组/邻 tree, households, coverage (三长: the cells they lead)
    'grid.view': [...OFFICE, ...GRID],
    // create cells, assign leaders and households, bulk assignment
    'grid.manage': OFFICE,
    // log visits and report on a resident's behalf (their own households)
    'grid.visit': GRID,
    // points and the yearly ranking
    'grid.points': [...OFFICE, ...GRID],
  },
  menu: [
    { key: 'party-orgs', label: m('党组织', 'Party organisations'), path: '/party', permission: 'party.view', frame: 'console', icon: 'flag', order: 50 },
    { key: 'party-members', label: m('党员', 'Party members'), path: '/party/members', permission: 'party.view', frame: 'console', icon: 'team', order: 51 },
    { key: 'party-meetings', label: m('三会一课', 'Party meetings'), path: '/party/meetings', permission: 'party.view', frame: 'console', icon: 'calendar', order: 52 },
    { key: 'party-calendar', label: m('组织生活日历', 'Compliance calendar'), path: '/party/calendar', permission: 'party.view', frame: 'console', icon: 'schedule', order: 53 },
    { key: 'party-coverage', label: m('应建尽建', 'Party coverage'), path: '/party/coverage', permission: 'party.coverage', frame: 'console', icon: 'fund', order: 54 },
    { key: 'party-dual', label: m('双报到', 'Dual reporting'), path: '/party/dual', permission: 'dual.manage', frame: 'console', icon: 'solution', order: 55 },
    { key: 'party-settings', label: m('党建设置', 'Party settings'), path: '/party/settings', permission: 'party.configure', frame: 'console', icon: 'setting', order: 56 },
    { key: 'grid', label: m('三长网格', 'Grid (三长)'), path: '/grid', permission: 'grid.view', frame: 'console', icon: 'apartment', order: 60 },
    { key: 'grid-points', label: m('三长积分', 'Grid points'), path: '/grid/points', permission: 'grid.points', frame: 'console', icon: 'trophy', order: 61 },
    // the phone's tab bar stays short: points and 双报到 open from the grid page and from 我的
    { key: 'm-grid', label: m('网格走访', 'My grid'), path: '/m/grid', permission: 'grid.visit', frame: 'mobile', icon: 'apartment', order: 3 },
  ],
  routes: async (app, ctx) => {
    await orgsRoutes(app, ctx);
    await meetingsRoutes(app, ctx);
    await gridRoutes(app, ctx);
    await dualRoutes(app, ctx);
    await importRoutes(app, ctx);
  },
  sweeps: [reminderSweep],
};
