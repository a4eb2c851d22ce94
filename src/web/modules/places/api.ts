// Place tree queries and cache keys shared by the shell (scope picker) and the pages.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged, Place, PlaceKind, PlaceView } from '../../api/types';
import { PLACE_KIND_ORDER } from '../../api/types';

export const placeKeys = {
  all: ['places'] as const,
  roots: ['places', 'roots'] as const,
  view: (id: number) => ['places', 'view', id] as const,
  children: (id: number, includeRetired: boolean) => ['places', 'children', id, includeRetired] as const,
};

export function useRoots(enabled = true) {
  return useQuery({ queryKey: placeKeys.roots, queryFn: () => api<{ items: Place[] }>('/places/roots').then((r) => r.items), staleTime: 5 * 60_000, enabled });
}

export function usePlaceView(id: number | undefined) {
  return useQuery({
    queryKey: placeKeys.view(id ?? 0),
    queryFn: () => api<PlaceView>(`/places/${id}`),
    enabled: id !== undefined && id > 0,
    staleTime: 30_000,
  });
}

export function childrenQuery(id: number, includeRetired = false) {
  return {
    queryKey: placeKeys.children(id, includeRetired),
    queryFn: () => api<Paged<Place>>(`/places/${id}/children`, { query: { limit: 500, includeRetired } }),
    staleTime: 30_000,
  };
}

export function usePlaceChildren(id: number | undefined, includeRetired = false) {
  return useQuery({ ...childrenQuery(id ?? 0, includeRetired), enabled: id !== undefined && id > 0 });
}

export function fetchChildren(qc: QueryClient, id: number, includeRetired = false): Promise<Paged<Place>> {
  return qc.fetchQuery(childrenQuery(id, includeRetired));
}

export function kindIndex(kind: string): number {
  return PLACE_KIND_ORDER.indexOf(kind as PlaceKind);
}

/** The kind a new child of `kind` gets, or null under a unit. */
export function childKind(kind: string): PlaceKind | null {
  const i = kindIndex(kind);
  return i >= 0 && i < PLACE_KIND_ORDER.length - 1 ? PLACE_KIND_ORDER[i + 1] : null;
}

export function parentKind(kind: string): PlaceKind | null {
  const i = kindIndex(kind);
  return i > 0 ? PLACE_KIND_ORDER[i - 1] : null;
}

export function isDemoPlace(p: Place): boolean {
  return p.isDemo || p.attrs?.demo === true;
}
