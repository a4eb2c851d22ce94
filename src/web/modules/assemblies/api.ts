// Queries, cache keys and types of the organiser's assembly pages. Every shape comes from the
// server (type-only imports of the schemas and of the services' return types): no server code
// reaches the web bundle.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { detail as detailOf, listCorrections, summary as summaryOf, Turnout } from '../../../modules/assemblies/service';
import type { AssemblyCreateBody, CHOICES, KINDS, ORGANISERS, RollDto, STATES } from '../../../modules/assemblies/schemas';
import type { RollWarnings } from '../../../modules/assemblies/roll';
import type { AssemblySettings } from '../../../modules/assemblies/settings';
import type { FileDto } from '../../../modules/assemblies/files';
import type { listSubmissions, PaperInput } from '../../../modules/assemblies/paper';
import type { DELIVERY_FILTERS as DELIVERY_FILTERS_T, DELIVERY_METHODS as DELIVERY_METHODS_T, listDeliveries } from '../../../modules/assemblies/deliveries';
import type { eligibleOwners } from '../../../modules/assemblies/elections';
import type { listPetitions } from '../../../modules/assemblies/petitions';
import type { listCommittees } from '../../../modules/assemblies/committees';

export type AssemblyState = (typeof STATES)[number];
export type AssemblyKind = (typeof KINDS)[number];
export type OrganiserKind = (typeof ORGANISERS)[number];
export type Choice = (typeof CHOICES)[number];
export type AssemblyCreate = Static<typeof AssemblyCreateBody>;
export type AssemblySummary = ReturnType<typeof summaryOf>;
export type AssemblyDetail = Awaited<ReturnType<typeof detailOf>>;
export type Matter = AssemblyDetail['matters'][number];
export type Election = NonNullable<AssemblyDetail['election']>;
export type Candidate = Election['candidates'][number];
export type Results = NonNullable<AssemblyDetail['results']>;
export type MatterResult = Results['matters'][number];
export type TestRow = MatterResult['tests'][number];
export type { Turnout, RollWarnings, AssemblySettings };
export type Roll = Omit<Static<typeof RollDto>, 'warnings'> & { warnings: RollWarnings | null };
export type Voter = Roll['items'][number];
export type Correction = Awaited<ReturnType<typeof listCorrections>>[number];

export const STATE_LIST: readonly AssemblyState[] = ['draft', 'announced', 'voting', 'closed', 'counted', 'published', 'archived'];
export const KIND_LIST: readonly AssemblyKind[] = ['regular', 'extraordinary', 'first'];
export const ORGANISER_LIST: readonly OrganiserKind[] = ['preparatory_group', 'owners_committee', 'residents_committee', 'street'];
export const CHOICE_LIST: readonly Choice[] = ['agree', 'oppose', 'abstain'];
export const ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Item = (typeof ITEMS)[number];

// --- ballots, elections, deliveries, petitions, committees: the services' own return types ------

export type FileInfo = FileDto;
export type Submission = Awaited<ReturnType<typeof listSubmissions>>['items'][number];
export type SubmissionStatus = 'pending' | 'counted' | 'superseded' | 'rejected';
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['pending', 'counted', 'superseded', 'rejected'];
export type PaperBallotBody = PaperInput;

export type DeliveryMethod = (typeof DELIVERY_METHODS_T)[number];
export type DeliveryFilter = (typeof DELIVERY_FILTERS_T)[number];
export const DELIVERY_METHODS: readonly DeliveryMethod[] = ['app_read', 'paper', 'failed', 'public_notice'];
export type DeliveryList = Awaited<ReturnType<typeof listDeliveries>>;
export type DeliveryRow = DeliveryList['items'][number];

export type EligibleList = Awaited<ReturnType<typeof eligibleOwners>>;
export type EligibleOwner = EligibleList['items'][number];

export type Petition = Awaited<ReturnType<typeof listPetitions>>['items'][number];
export type Committee = Awaited<ReturnType<typeof listCommittees>>['items'][number];
export type CommitteeMember = Committee['members'][number];
export type CommitteeTask = Committee['tasks'][number];

export interface Figures {
  areaCenti: string;
  persons: number;
}

export interface SettingsView {
  place: { id: number; name: string; kind: string };
  own: Partial<AssemblySettings>;
  effective: AssemblySettings;
  version: number;
}

// --- keys and queries --------------------------------------------------------------------------

export const asmKeys = {
  all: ['assemblies'] as const,
  list: (f: object) => ['assemblies', 'list', f] as const,
  detail: (id: number) => ['assemblies', 'detail', id] as const,
  roll: (id: number, q: string, page: number, size: number) => ['assemblies', 'roll', id, q, page, size] as const,
  rollAll: (id: number) => ['assemblies', 'roll', id] as const,
  corrections: (id: number) => ['assemblies', 'corrections', id] as const,
  deliveries: (id: number) => ['assemblies', 'deliveries', id] as const,
  submissions: (id: number) => ['assemblies', 'submissions', id] as const,
  eligible: (id: number, q: string) => ['assemblies', 'eligible', id, q] as const,
  settings: (placeId: number) => ['assembly-settings', placeId] as const,
  petitions: (placeId: number | undefined) => ['petitions', placeId ?? 0] as const,
  committees: (placeId: number | undefined) => ['owners-committees', placeId ?? 0] as const,
};

export interface ListFilters {
  placeId?: number;
  state?: AssemblyState;
}

export function useAssemblies(f: ListFilters, page: number, size: number, enabled: boolean) {
  return useQuery({
    queryKey: asmKeys.list({ ...f, page, size }),
    queryFn: () => api<{ items: AssemblySummary[]; total: number }>('/assemblies', { query: { ...f, limit: size, offset: (page - 1) * size } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useAssembly(id: number) {
  return useQuery({
    queryKey: asmKeys.detail(id),
    queryFn: () => api<AssemblyDetail>(`/assemblies/${id}`),
    enabled: id > 0,
    // live turnout while the vote runs
    refetchInterval: (q) => (q.state.data?.state === 'voting' ? 30_000 : false),
  });
}

export function useRoll(id: number, q: string, page: number, size: number) {
  return useQuery({
    queryKey: asmKeys.roll(id, q, page, size),
    queryFn: () => api<Roll>(`/assemblies/${id}/roll`, { query: { q: q || undefined, limit: size, offset: (page - 1) * size } }),
    placeholderData: keepPreviousData,
  });
}

export function useCorrections(id: number, enabled: boolean) {
  return useQuery({ queryKey: asmKeys.corrections(id), queryFn: () => api<{ items: Correction[] }>(`/assemblies/${id}/roll-corrections`).then((r) => r.items), enabled });
}

/** Effective settings where they can be read (assemblies.configure); others get no hint. */
export function useAssemblySettings(placeId: number | undefined, enabled = true) {
  return useQuery({ queryKey: asmKeys.settings(placeId ?? 0), queryFn: () => api<SettingsView>(`/assembly-settings/${placeId}`), enabled: enabled && !!placeId, staleTime: 60_000 });
}

export function useEligibleOwners(id: number, q: string, enabled: boolean) {
  return useQuery({
    queryKey: asmKeys.eligible(id, q),
    queryFn: () => api<EligibleList>(`/assemblies/${id}/eligible-owners`, { query: { q: q || undefined, limit: 50 } }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function uploadFile(assemblyId: number, kind: 'scan' | 'mandate' | 'material', file: File): Promise<FileInfo> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', file, file.name);
  return api<FileInfo>(`/assemblies/${assemblyId}/files`, { method: 'POST', body });
}

export const fileUrl = (assemblyId: number, fileId: number) => `/api/assemblies/${assemblyId}/files/${fileId}`;

/** A lifecycle step: POST /assemblies/:id/<step>, answering with the detail. */
export type Step = 'announce' | 'open' | 'close' | 'count' | 'publish' | 'archive';

export function runStep(id: number, step: Step): Promise<AssemblyDetail> {
  return api<AssemblyDetail>(`/assemblies/${id}/${step}`, { method: 'POST' });
}
