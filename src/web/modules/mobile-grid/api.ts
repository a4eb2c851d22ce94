// Queries and writes of the 三长's phone pages (my households, one household, a visit, my points).
// The shapes are the server's DTOs (src/modules/party/schemas-grid.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Household, Mine, MyPoints, VisitBody, VisitResult } from '../grid/api';

export const mgridKeys = {
  mine: ['grid', 'mine'] as const,
  household: (id: number) => ['grid', 'household', id] as const,
  points: (year: number) => ['grid', 'points', 'mine', year] as const,
};

/** A visit older than this many days counts as overdue (the same window the server allows to log). */
export const VISIT_WINDOW_DAYS = 90;

export function useMine() {
  return useQuery({ queryKey: mgridKeys.mine, queryFn: () => api<Mine>('/grid/mine') });
}

export function useHousehold(id: number) {
  return useQuery({ queryKey: mgridKeys.household(id), queryFn: () => api<Household>(`/grid/households/${id}`), enabled: id > 0, retry: false });
}

export function useLogVisit(householdId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: VisitBody) => api<VisitResult>('/grid/visits', { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: mgridKeys.household(householdId) });
      void qc.invalidateQueries({ queryKey: mgridKeys.mine });
      void qc.invalidateQueries({ queryKey: ['grid', 'points'] });
      void qc.invalidateQueries({ queryKey: ['requests'] });
    },
  });
}

export function useMyPoints(year: number) {
  return useQuery({ queryKey: mgridKeys.points(year), queryFn: () => api<MyPoints>('/grid/points/mine', { query: { year } }) });
}

