// Queries, cache keys and types of the request pages. The shapes come from the server's schemas
// (type-only imports); timestamps arrive as ISO text, which dayjs and formatDateTime take as is.
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  ActionBodyT,
  ActionName,
  CategoryT,
  RequestDetailT,
  RequestListT,
  RequestSummaryT,
  SettingsPatchBody,
  SettingsT,
  StatsT,
  UnitT,
  CHANNELS,
  DEADLINE_CLASS_NAMES,
  OWNER_KINDS,
  RATINGS,
  RATING_REASONS,
  FOLLOWUP_RESULTS,
  ROUTE_TARGETS,
} from '../../../modules/requests/schemas';
import type { REQUEST_STATES } from '../../../modules/requests/states';
import type { Open311KeyCreatedT, Open311KeyT } from '../../../modules/requests/open311.schemas';
import type { REQUEST_KINDS } from '../../../modules/requests/catalogue';

export type { Open311KeyCreatedT, Open311KeyT };
export type { ActionBodyT, ActionName, CategoryT, RequestDetailT, RequestListT, RequestSummaryT, SettingsPatchBody, SettingsT, StatsT, UnitT };
export type RequestState = (typeof REQUEST_STATES)[number];
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type Channel = (typeof CHANNELS)[number];
export type OwnerKind = (typeof OWNER_KINDS)[number];
export type DeadlineClass = (typeof DEADLINE_CLASS_NAMES)[number];
export type RouteTo = (typeof ROUTE_TARGETS)[number];
export type Rating = (typeof RATINGS)[number];
export type RatingReason = (typeof RATING_REASONS)[number];
export type FollowupResult = (typeof FOLLOWUP_RESULTS)[number];
export type EventT = RequestDetailT['events'][number];
export type RatesT = StatsT['total'];

// Value lists for filters and forms (the type checks that each matches the server's list).
export const STATES: readonly RequestState[] = ['submitted', 'accepted', 'in_progress', 'deferred', 'escalated', 'resolved', 'closed', 'declined'];
export const KINDS: readonly RequestKind[] = ['inquiry', 'help', 'complaint', 'report', 'suggestion'];
export const CHANNEL_LIST: readonly Channel[] = ['resident', 'staff', 'grid', 'hotline', 'open311'];
export const CLASSES: readonly DeadlineClass[] = ['emergency', 'utilities', 'ordinary', 'complex'];
export const ROUTES: readonly RouteTo[] = ['property', 'community', 'street', 'department'];
export const RATING_LIST: readonly Rating[] = ['satisfied', 'basic', 'unsatisfied'];
export const REASON_LIST: readonly RatingReason[] = ['slow', 'unresolved', 'attitude', 'no_contact', 'quality', 'other'];
export const FOLLOWUP_LIST: readonly FollowupResult[] = ['satisfied', 'basic', 'unsatisfied', 'unreachable'];

export type View = 'inbox' | 'first' | 'cohandling' | 'scope' | 'overdue';

export interface ListFilters {
  view: View;
  state?: RequestState[];
  open?: boolean;
  categoryId?: number;
  channel?: Channel;
  placeId?: number;
  q?: string;
  from?: string;
  to?: string;
}

export const requestKeys = {
  all: ['requests'] as const,
  lists: ['requests', 'list'] as const,
  list: (f: ListFilters, page: number, size: number) => ['requests', 'list', f, page, size] as const,
  count: (view: View, placeId: number | undefined) => ['requests', 'count', view, placeId ?? 0] as const,
  detail: (id: number) => ['requests', 'detail', id] as const,
  targets: (id: number) => ['requests', 'targets', id] as const,
  categoriesAt: (placeId: number) => ['request-categories', 'at', placeId] as const,
  adminCategories: (streetId: number | undefined) => ['request-categories', 'admin', streetId ?? 0] as const,
  settings: (placeId: number) => ['request-settings', placeId] as const,
  stats: ['requests-stats'] as const,
  open311: ['open311-keys'] as const,
};

/** GET /requests: the state list goes as a repeated parameter, which the client's query helper does not write. */
export function fetchList(f: ListFilters, page: number, size: number): Promise<RequestListT> {
  const params = new URLSearchParams();
  const { state, ...rest } = f;
  for (const s of state ?? []) params.append('state', s);
  for (const [k, v] of Object.entries({ ...rest, limit: size, offset: (page - 1) * size })) if (v !== undefined && v !== '') params.set(k, String(v));
  return api<RequestListT>(`/requests?${params.toString()}`);
}

export function useRequestList(f: ListFilters, page: number, size: number, enabled = true) {
  return useQuery({ queryKey: requestKeys.list(f, page, size), queryFn: () => fetchList(f, page, size), enabled, placeholderData: keepPreviousData });
}

/** The number of unfinished requests in a view (one counted page of one row). */
export function useOpenCount(view: View, placeId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: requestKeys.count(view, placeId),
    queryFn: () => api<RequestListT>('/requests', { query: { view, open: true, placeId, limit: 1 } }).then((r) => r.total),
    enabled,
    staleTime: 30_000,
  });
}

export function useRequest(id: number) {
  return useQuery({ queryKey: requestKeys.detail(id), queryFn: () => api<RequestDetailT>(`/requests/${id}`), enabled: id > 0 });
}

export function useTargets(id: number, enabled: boolean) {
  return useQuery({ queryKey: requestKeys.targets(id), queryFn: () => api<{ items: UnitT[] }>(`/requests/${id}/targets`).then((r) => r.items), enabled, staleTime: 60_000 });
}

export function act(id: number, body: ActionBodyT): Promise<RequestDetailT> {
  return api<RequestDetailT>(`/requests/${id}/actions`, { method: 'POST', body });
}

/** The active categories where a request is filed (the intake form); 0 for the district's list. */
export function useCategoriesAt(placeId: number | undefined) {
  return useQuery({
    queryKey: requestKeys.categoriesAt(placeId ?? 0),
    queryFn: () => api<{ items: CategoryT[] }>('/requests/categories', { query: { placeId: placeId || undefined } }).then((r) => r.items),
    enabled: placeId !== undefined,
    staleTime: 5 * 60_000,
  });
}

/** The whole catalogue, or with a street id the catalogue as that street's rules make it. */
export function useAdminCategories(streetId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: requestKeys.adminCategories(streetId),
    queryFn: () => api<{ items: CategoryT[] }>('/request-categories', { query: { streetId } }).then((r) => r.items),
    enabled,
  });
}

export function useSettings(placeId: number | undefined) {
  return useQuery({ queryKey: requestKeys.settings(placeId ?? 0), queryFn: () => api<SettingsT>(`/request-settings/${placeId}`), enabled: !!placeId });
}

export interface StatsParams {
  placeId: number;
  from: string;
  to: string;
  step: 'day' | 'month';
}

export function useStats(p: StatsParams | undefined) {
  return useQuery({
    queryKey: [...requestKeys.stats, p],
    queryFn: () => api<StatsT>('/requests-stats', { query: { ...p } }),
    enabled: !!p,
    placeholderData: keepPreviousData,
  });
}

export function useOpen311Keys() {
  return useQuery({ queryKey: requestKeys.open311, queryFn: () => api<{ items: Open311KeyT[] }>('/open311-keys').then((r) => r.items) });
}

export async function uploadPhoto(file: File): Promise<{ id: number }> {
  const body = new FormData();
  body.append('file', file, file.name);
  return api<{ id: number; mime: string; size: number }>('/request-photos', { method: 'POST', body });
}

export const photoUrl = (id: number) => `/api/request-photos/${id}`;
