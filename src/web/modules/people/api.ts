// Queries for people and units.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MyHousehold, PersonView, UnitDetail } from '../../api/types';

export const peopleKeys = {
  all: ['people'] as const,
  list: (placeId: number, q: string, page: number, size: number) => ['people', 'list', placeId, q, page, size] as const,
  person: (id: number) => ['people', 'person', id] as const,
  unit: (id: number) => ['units', id] as const,
  myHousehold: ['my-household'] as const,
};

export function usePerson(id: number | undefined) {
  return useQuery({ queryKey: peopleKeys.person(id ?? 0), queryFn: () => api<PersonView>(`/people/${id}`), enabled: !!id });
}

export function unitQuery(id: number) {
  return { queryKey: peopleKeys.unit(id), queryFn: () => api<UnitDetail>(`/units/${id}`), staleTime: 30_000 };
}

export function useUnit(id: number | undefined) {
  return useQuery({ ...unitQuery(id ?? 0), enabled: !!id });
}

/** The resident's own homes (permission self.household). */
export function useMyHousehold(enabled = true) {
  return useQuery({ queryKey: peopleKeys.myHousehold, queryFn: () => api<MyHousehold>('/me/household'), enabled, staleTime: 60_000 });
}
