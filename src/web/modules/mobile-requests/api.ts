// Queries and writes of the phone request pages (我要反映, 我的诉求). The shapes are the server's
// DTOs (src/modules/requests/schemas.ts); timestamps may be typed Date | string there and arrive as
// ISO text, which dayjs reads either way.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type { NotificationList } from '../../api/types';
import type {
  ActionBody,
  CategoryDto,
  IntakeBody,
  PhotoDto,
  RATING_REASONS,
  RATINGS,
  RequestDetailDto,
  RequestListDto,
  RequestSummaryDto,
} from '../../../modules/requests/schemas';

export type Category = Static<typeof CategoryDto>;
export type RequestSummary = Static<typeof RequestSummaryDto>;
export type RequestList = Static<typeof RequestListDto>;
export type RequestDetail = Static<typeof RequestDetailDto>;
export type RequestEvent = RequestDetail['events'][number];
export type Intake = Static<typeof IntakeBody>;
export type Action = Static<typeof ActionBody>;
export type Photo = Static<typeof PhotoDto>;
export type Rating = (typeof RATINGS)[number];
export type RatingReason = (typeof RATING_REASONS)[number];
export type RequestState = RequestSummary['state'];

/** The reasons a 不满意 rating may name, in the order the form shows them. */
export const REASONS: readonly RatingReason[] = ['slow', 'unresolved', 'attitude', 'no_contact', 'quality', 'other'];
export const RATING_CHOICES: readonly Rating[] = ['satisfied', 'basic', 'unsatisfied'];

const PAGE = 10;

export const mreqKeys = {
  all: ['requests'] as const,
  categories: (placeId: number) => ['requests', 'categories', placeId] as const,
  list: (view: string, open: string) => ['requests', 'mobile-list', view, open] as const,
  count: (view: string) => ['requests', 'mobile-count', view] as const,
  detail: (id: number) => ['requests', 'detail', id] as const,
};

/** The active categories at a place (they differ by street). */
export function useCategories(placeId: number | undefined) {
  return useQuery({
    queryKey: mreqKeys.categories(placeId ?? 0),
    queryFn: () => api<{ items: Category[] }>('/requests/categories', { query: { placeId } }).then((r) => r.items),
    enabled: !!placeId,
    staleTime: 5 * 60_000,
  });
}

export type ListView = 'mine' | 'entered';
export type OpenFilter = 'all' | 'open' | 'done';

/** One of my lists, page by page ("load more"). */
export function useRequestPages(view: ListView, open: OpenFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: mreqKeys.list(view, open),
    queryFn: ({ pageParam }) =>
      api<RequestList>('/requests', { query: { view, limit: PAGE, offset: pageParam, open: open === 'all' ? undefined : open === 'open' } }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return last.items.length === PAGE && loaded < last.total ? loaded : undefined;
    },
    enabled,
  });
}

/** How many requests a view holds (to decide whether to offer its tab). */
export function useRequestCount(view: ListView, enabled = true) {
  return useQuery({
    queryKey: mreqKeys.count(view),
    queryFn: () => api<RequestList>('/requests', { query: { view, limit: 1 } }).then((r) => r.total),
    enabled,
    staleTime: 60_000,
  });
}

export function useRequest(id: number) {
  return useQuery({ queryKey: mreqKeys.detail(id), queryFn: () => api<RequestDetail>(`/requests/${id}`), enabled: id > 0 });
}

export function useCreateRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Intake) => api<RequestDetail>('/requests', { method: 'POST', body }),
    onSuccess: (r) => {
      qc.setQueryData(mreqKeys.detail(r.id), r);
      void qc.invalidateQueries({ queryKey: ['requests', 'mobile-list'] });
      void qc.invalidateQueries({ queryKey: ['requests', 'mobile-count'] });
    },
  });
}

export function useAct(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Action) => api<RequestDetail>(`/requests/${id}/actions`, { method: 'POST', body }),
    onSuccess: (r) => {
      qc.setQueryData(mreqKeys.detail(id), r);
      void qc.invalidateQueries({ queryKey: ['requests', 'mobile-list'] });
    },
  });
}

export function uploadPhoto(file: Blob, name: string): Promise<Photo> {
  const form = new FormData();
  form.append('file', file, name);
  return api<Photo>('/request-photos', { method: 'POST', body: form });
}

export const photoUrl = (id: number) => `/api/request-photos/${id}`;

/** The request pages a notification points at, e.g. "/m/requests/12" → 12. */
export function requestIdOfLink(link: string | null): number | null {
  const m = link ? /^\/m\/requests\/(\d+)$/.exec(link) : null;
  return m ? Number(m[1]) : null;
}

/** My unread notifications about requests (the bell polls the same endpoint). */
export function useUnreadRequestNotes() {
  return useQuery({
    queryKey: ['notifications', 'requests-unread'],
    queryFn: () => api<NotificationList>('/notifications', { query: { limit: 100, unreadOnly: true } }),
    select: (d) => d.items.filter((n) => requestIdOfLink(n.link) !== null),
    staleTime: 15_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => api<{ marked: number }>('/notifications/read', { method: 'POST', body: { ids } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
