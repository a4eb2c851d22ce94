// Queries, cache keys and types of the organisation, member and coverage pages. Every shape comes
// from the server (type-only imports of its schemas and services): no server code reaches the bundle.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { listOrgs, orgDetail } from '../../../modules/party/orgs';
import type { listMembers, listTransfers } from '../../../modules/party/members';
import type { coverageReport, crossAppointmentReport } from '../../../modules/party/coverage';
import type { CATEGORIES, DIRECTIONS, MEMBER_STATUSES, MemberCreateBody, OrgCreateBody, ORG_KINDS, POSTS, TERM_KINDS } from '../../../modules/party/schemas-orgs';

export type OrgKind = (typeof ORG_KINDS)[number];
export type TermKind = (typeof TERM_KINDS)[number];
export type Post = (typeof POSTS)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type Category = (typeof CATEGORIES)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type OrgSummary = Awaited<ReturnType<typeof listOrgs>>['items'][number];
export type OrgDetail = Awaited<ReturnType<typeof orgDetail>>;
export type OrgCreate = Static<typeof OrgCreateBody>;
export type MemberList = Awaited<ReturnType<typeof listMembers>>;
export type Member = MemberList['items'][number];
export type MemberCreate = Static<typeof MemberCreateBody>;
export type Transfer = Awaited<ReturnType<typeof listTransfers>>['items'][number];
export type CoverageReport = Awaited<ReturnType<typeof coverageReport>>;
export type CoverageEstate = CoverageReport['estates'][number];
export type CrossReport = Awaited<ReturnType<typeof crossAppointmentReport>>;
export type CrossRow = CrossReport['items'][number];

export const ORG_KIND_LIST: readonly OrgKind[] = ['working_committee', 'general_branch', 'community_committee', 'branch', 'joint_branch', 'group'];
export const POST_LIST: readonly Post[] = ['secretary', 'deputy_secretary', 'organisation', 'propaganda', 'discipline', 'member'];
export const CATEGORY_LIST: readonly Category[] = ['in_service', 'retired', 'other'];
export const STATUS_LIST: readonly MemberStatus[] = ['full', 'probationary'];
export const DIRECTION_LIST: readonly Direction[] = ['within', 'out', 'in'];
export const COVERAGE_LIST = ['own_branch', 'joint_branch', 'party_work_only', 'none'] as const;

/** The kinds that may sit under a parent of `kind`, and the place kind each sits on. */
export const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  working_committee: ['general_branch', 'community_committee'],
  general_branch: ['branch', 'joint_branch'],
  community_committee: ['branch', 'joint_branch'],
  branch: ['group'],
  joint_branch: ['group'],
  group: [],
};
export const PLACE_KIND: Record<OrgKind, 'street' | 'community' | 'estate' | 'building'> = {
  working_committee: 'street',
  general_branch: 'community',
  community_committee: 'community',
  branch: 'estate',
  joint_branch: 'community',
  group: 'building',
};

export const partyKeys = {
  orgs: (placeId: number | undefined) => ['party', 'orgs', placeId ?? 0] as const,
  org: (id: number) => ['party', 'org', id] as const,
  orgAll: ['party'] as const,
  members: (f: object) => ['party', 'members', f] as const,
  transfers: (id: number) => ['party', 'transfers', id] as const,
  coverage: (placeId: number | undefined) => ['party', 'coverage', placeId ?? 0] as const,
  cross: (placeId: number | undefined) => ['party', 'cross', placeId ?? 0] as const,
};

export function useOrgs(placeId: number | undefined, enabled = true) {
  return useQuery({ queryKey: partyKeys.orgs(placeId), queryFn: () => api<{ items: OrgSummary[] }>('/party/orgs', { query: { placeId } }).then((r) => r.items), enabled });
}

export function useOrg(id: number | undefined) {
  return useQuery({ queryKey: partyKeys.org(id ?? 0), queryFn: () => api<OrgDetail>(`/party/orgs/${id}`), enabled: !!id });
}

export interface MemberFilters {
  orgId?: number;
  placeId?: number;
  status?: MemberStatus;
  category?: Category;
  q?: string;
  includeLeft?: boolean;
}

export function useMembers(f: MemberFilters, page: number, size: number, enabled = true) {
  return useQuery({
    queryKey: partyKeys.members({ ...f, page, size }),
    queryFn: () => api<MemberList>('/party/members', { query: { ...f, limit: size, offset: (page - 1) * size } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useTransfers(memberId: number | undefined) {
  return useQuery({ queryKey: partyKeys.transfers(memberId ?? 0), queryFn: () => api<{ items: Transfer[] }>(`/party/members/${memberId}/transfers`).then((r) => r.items), enabled: !!memberId });
}

export function useCoverage(placeId: number | undefined, enabled: boolean) {
  return useQuery({ queryKey: partyKeys.coverage(placeId), queryFn: () => api<CoverageReport>('/party/coverage', { query: { placeId } }), enabled });
}

export function useCross(placeId: number | undefined, enabled: boolean) {
  return useQuery({ queryKey: partyKeys.cross(placeId), queryFn: () => api<CrossReport>('/party/cross-appointment', { query: { placeId } }), enabled });
}

/** Build the forest from the flat list: roots are the organisations whose parent is not visible. */
export interface OrgNode extends OrgSummary {
  children: OrgNode[];
}
export function orgForest(list: OrgSummary[]): OrgNode[] {
  const byId = new Map<number, OrgNode>(list.map((o) => [o.id, { ...o, children: [] }]));
  const roots: OrgNode[] = [];
  for (const o of byId.values()) {
    const parent = o.parentId === null ? undefined : byId.get(o.parentId);
    if (parent) parent.children.push(o);
    else roots.push(o);
  }
  return roots;
}
