// Roles and the permissions they hold. A role is always held on a subtree of the place tree
// (and, for property and department staff, for an organisation). Modules add permissions through
// their manifests; the core ones are declared here.

export const ROLES = [
  'district_admin',
  'street_admin',
  'community_worker',
  'pian_zhang',
  'zu_zhang',
  'lin_zhang',
  'property_staff',
  'department_staff',
  'resident',
  'owners_committee',
  'party_secretary',
] as const;
export type Role = (typeof ROLES)[number];

/** The place kind each role is normally granted on (the lowest it makes sense on). */
export const ROLE_PLACE_KINDS: Record<Role, readonly string[]> = {
  district_admin: ['district'],
  street_admin: ['street'],
  community_worker: ['community'],
  pian_zhang: ['community', 'estate'],
  zu_zhang: ['estate', 'building'],
  lin_zhang: ['building', 'entrance'],
  property_staff: ['district', 'street', 'community', 'estate'],
  department_staff: ['district', 'street'],
  resident: ['unit'],
  owners_committee: ['estate'],
  // a branch secretary on the estate (a joint branch: the community), a general branch on the community
  party_secretary: ['street', 'community', 'estate'],
};

/** Roles that need an organisation: the company or the department the person works for. */
export const ORG_ROLES: Partial<Record<Role, string>> = {
  property_staff: 'property_company',
  department_staff: 'department',
};

/** Which roles open the mobile frame rather than the office console. */
export const MOBILE_ROLES: readonly Role[] = ['resident', 'zu_zhang', 'lin_zhang'];

/** Rank used when granting: a user may grant only roles ranked below their own best role. */
export const ROLE_RANK: Record<Role, number> = {
  district_admin: 100,
  street_admin: 80,
  community_worker: 60,
  pian_zhang: 40,
  property_staff: 40,
  department_staff: 40,
  zu_zhang: 30,
  lin_zhang: 20,
  resident: 10,
  owners_committee: 25,
  party_secretary: 35,
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  district_admin: { zh: '区级管理员', en: 'District admin' },
  street_admin: { zh: '街道管理员', en: 'Street admin' },
  community_worker: { zh: '社区工作者', en: 'Community worker' },
  pian_zhang: { zh: '片长', en: 'Area leader (片长)' },
  zu_zhang: { zh: '组长', en: 'Group leader (组长)' },
  lin_zhang: { zh: '邻长', en: 'Neighbour leader (邻长)' },
  property_staff: { zh: '物业人员', en: 'Property company staff' },
  department_staff: { zh: '部门人员', en: 'Department staff' },
  resident: { zh: '居民', en: 'Resident' },
  owners_committee: { zh: '业委会/筹备组成员', en: "Owners' committee member" },
  party_secretary: { zh: '党组织书记', en: 'Party secretary' },
};

const OFFICE: Role[] = ['district_admin', 'street_admin', 'community_worker'];
const GRID: Role[] = ['pian_zhang', 'zu_zhang', 'lin_zhang'];

/** Core permissions → roles that hold them. */
export const CORE_PERMISSIONS: Record<string, Role[]> = {
  // the owners' committee sees its estate's buildings and units (to organise assemblies there), a party
  // secretary the places of their organisation (members' homes, covered estates)
  'places.view': [...OFFICE, ...GRID, 'property_staff', 'department_staff', 'owners_committee', 'party_secretary'],
  'places.manage': OFFICE,
  'places.import': OFFICE,
  'orgs.view': [...OFFICE, 'property_staff', 'department_staff'],
  'orgs.manage': ['district_admin', 'street_admin'],
  'people.view': [...OFFICE, ...GRID, 'property_staff'],
  'people.manage': OFFICE,
  'people.identity.view': OFFICE,
  'users.view': ['district_admin', 'street_admin', 'community_worker'],
  'users.manage': ['district_admin', 'street_admin', 'community_worker'],
  'audit.view': ['district_admin', 'street_admin'],
  'self.household': ['resident'],
  // every signed-in role has a profile page (password, language, data export, logout)
  'self.profile': [...ROLES],
};
