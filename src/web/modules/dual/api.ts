// Queries and writes of the 双报到 pages (console and phone). The shapes are the server's DTOs
// (src/modules/party/schemas-dual.ts), imported as types only.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from '../../api/client';
import type {
  CandidateListDto,
  ClaimDto,
  EvaluationDto,
  GRADES,
  HoursDto,
  HoursListDto,
  MineDto,
  MyHoursBody,
  PostBody,
  PostDto,
  PostListDto,
  PostPatchBody,
  RegistrationBody,
  RegistrationDto,
  RegistrationListDto,
  SummaryDto,
} from '../../../modules/party/schemas-dual';

export type Registration = Static<typeof RegistrationDto>;
export type RegistrationList = Static<typeof RegistrationListDto>;
export type RegistrationInput = Static<typeof RegistrationBody>;
export type Post = Static<typeof PostDto>;
export type PostList = Static<typeof PostListDto>;
export type PostInput = Static<typeof PostBody>;
export type PostPatch = Static<typeof PostPatchBody>;
export type Claim = Static<typeof ClaimDto>;
export type Hours = Static<typeof HoursDto>;
export type HoursList = Static<typeof HoursListDto>;
export type MyHoursInput = Static<typeof MyHoursBody>;
export type Evaluation = Static<typeof EvaluationDto>;
export type Summary = Static<typeof SummaryDto>;
export type SummaryItem = Summary['items'][number];
export type Candidate = Static<typeof CandidateListDto>['items'][number];
export type Mine = Static<typeof MineDto>;
export type Grade = (typeof GRADES)[number];
export const GRADE_LIST: readonly Grade[] = ['excellent', 'good', 'fair', 'poor'];

/** Exact minutes as h:mm (the server's hm in dual.ts). */
export function hm(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export const dualKeys = {
  all: ['dual'] as const,
  registrations: (f: object) => ['dual', 'registrations', f] as const,
  posts: (f: object) => ['dual', 'posts', f] as const,
  holders: (postId: number) => ['dual', 'holders', postId] as const,
  hours: (f: object) => ['dual', 'hours', f] as const,
  summary: (f: object) => ['dual', 'summary', f] as const,
  candidates: (communityId: number, q: string) => ['dual', 'candidates', communityId, q] as const,
  mine: ['dual', 'mine'] as const,
  myPosts: ['dual', 'mine', 'posts'] as const,
};

type Query = Record<string, string | number | undefined>;

export function useRegistrations(q: Query, enabled = true) {
  return useQuery({ queryKey: dualKeys.registrations(q), queryFn: () => api<RegistrationList>('/dual/registrations', { query: q }), placeholderData: keepPreviousData, enabled });
}

export function usePosts(q: Query, enabled = true) {
  return useQuery({ queryKey: dualKeys.posts(q), queryFn: () => api<PostList>('/dual/posts', { query: q }), placeholderData: keepPreviousData, enabled });
}

export function useHolders(postId: number | null) {
  return useQuery({
    queryKey: dualKeys.holders(postId ?? 0),
    queryFn: () => api<{ items: Claim[] }>(`/dual/posts/${postId}/claims`).then((r) => r.items),
    enabled: postId !== null,
  });
}

export function useHours(q: Query, enabled = true) {
  return useQuery({ queryKey: dualKeys.hours(q), queryFn: () => api<HoursList>('/dual/hours', { query: q }), placeholderData: keepPreviousData, enabled });
}

export function useSummary(q: { communityId?: number; year: number }, enabled = true) {
  return useQuery({ queryKey: dualKeys.summary(q), queryFn: () => api<Summary>('/dual/summary', { query: q }), placeholderData: keepPreviousData, enabled });
}

export function useCandidates(communityId: number | undefined, q: string) {
  return useQuery({
    queryKey: dualKeys.candidates(communityId ?? 0, q),
    queryFn: () => api<{ items: Candidate[] }>('/dual/candidates', { query: { communityId, q: q || undefined } }).then((r) => r.items),
    enabled: communityId !== undefined,
  });
}

/** A write that refreshes every 双报到 list when it succeeds. */
export function useDualWrite<V, R = unknown>(fn: (v: V) => Promise<R>, onDone?: (r: R) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: dualKeys.all });
      onDone?.(r);
    },
  });
}

export function useMine() {
  return useQuery({ queryKey: dualKeys.mine, queryFn: () => api<Mine>('/dual/mine'), retry: false });
}

export function useMyPosts(enabled: boolean) {
  return useQuery({ queryKey: dualKeys.myPosts, queryFn: () => api<PostList>('/dual/mine/posts').then((r) => r.items), enabled });
}
