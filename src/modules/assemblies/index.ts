// Owners' assemblies (业主大会) and owners' committees (业委会): permissions, menus, routes, sweep.
import type { ModuleManifest } from '../../core/manifest';
import type { Role } from '../../core/access/roles';
import { assemblyRoutes } from './routes';
import { ballotRoutes } from './ballot-routes';
import { electionRoutes } from './election-routes';
import { exportRoutes } from './export-routes';
import { sweepAssemblies } from './service';
import { smsSweep } from './sms';
import './errors';

const OFFICE: Role[] = ['district_admin', 'street_admin', 'community_worker'];
const m = (zh: string, en: string) => ({ zh, en });

export const assembliesModule: ModuleManifest = {
  name: 'assemblies',
  permissions: {
    // see assemblies, their rolls, turnout and results in one's area
    'assemblies.view': [...OFFICE, 'owners_committee'],
    // organise: create, matters, announce, corrections, deliveries, paper ballots, count, publish
    'assemblies.organise': [...OFFICE, 'owners_committee'],
    // record the party organisation's review of candidates
    'assemblies.review': OFFICE,
    'assemblies.configure': OFFICE,
    // the owner's phone pages (my assemblies, vote, receipts, petitions)
    'assemblies.mine': ['resident', 'owners_committee'],
  },
  menu: [
    { key: 'assemblies', label: m('业主大会', "Owners' assemblies"), path: '/assemblies', permission: 'assemblies.view', frame: 'console', icon: 'vote', order: 40 },
    { key: 'assembly-committees', label: m('业委会', "Owners' committees"), path: '/assemblies/committees', permission: 'assemblies.view', frame: 'console', icon: 'team', order: 41 },
    { key: 'assembly-petitions', label: m('联名提议', "Owners' petitions"), path: '/assemblies/petitions', permission: 'assemblies.view', frame: 'console', icon: 'flag', order: 42 },
    { key: 'assembly-settings', label: m('业主大会设置', 'Assembly settings'), path: '/assemblies/settings', permission: 'assemblies.configure', frame: 'console', icon: 'setting', order: 43 },
    { key: 'm-assemblies', label: m('业主表决', "Owners' votes"), path: '/m/assemblies', permission: 'assemblies.mine', frame: 'mobile', icon: 'vote', order: 7 },
    { key: 'm-petitions', label: m('联名提议', 'Petitions'), path: '/m/petitions', permission: 'assemblies.mine', frame: 'mobile', icon: 'flag', order: 8 },
  ],
  routes: async (app, ctx) => {
    await assemblyRoutes(app, ctx);
    await ballotRoutes(app, ctx);
    await electionRoutes(app, ctx);
    await exportRoutes(app, ctx);
  },
  sweeps: [{ name: 'assemblies.schedule', run: sweepAssemblies }, smsSweep],
};
