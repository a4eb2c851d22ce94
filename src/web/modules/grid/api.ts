// Queries and writes of the grid console pages (/grid, /grid/points) and the shapes shared with the
// phone pages. The shapes are the server's DTOs (src/modules/party/schemas-grid.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

import type { Static } from 'typebox';
import type {
  BulkBody,
  CellCreateBody,
  CellDetailT,
  CellListT,
  CellT,
  CoverageT,
  HouseholdDetailT,
  HouseholdRowT,
  LeaderT,
  Level,
  LinHouseholdsBody,
  LinHouseholdsDto,
  MineT,
  MyPointsT,
  PointBodyT,
  RankingT,
  CadreT,
  VisitBodyT,
  VisitCreatedDto,
  BulkT,
} from '../../../modules/party/schemas-grid';

export type { Level };
export const LEVELS: readonly Level[] = ['pian', 'zu', 'lin'];
export type PointKind = keyof MyPointsT['byKind'];
export const POINT_KINDS: readonly PointKind[] = ['visit', 'report', 'activity', 'award', 'adjust'];
export type ManualKind = PointBodyT['kind'];
export const MANUAL_KINDS: readonly ManualKind[] = ['activity', 'award', 'adjust'];

export type Leader = LeaderT;
export type Cell = CellT;
export type CellDetail = CellDetailT;
export type CellHousehold = HouseholdRowT;
export type Coverage = CoverageT;
export type CoverageRow = CoverageT['estates'][number];
export type CellCreate = Static<typeof CellCreateBody>;
export type Bulk = Static<typeof BulkBody>;
export type BulkResult = BulkT;
export type LinHouseholds = Static<typeof LinHouseholdsBody>;
export type LinHouseholdsResult = Static<typeof LinHouseholdsDto>;
export type Mine = MineT;
export type MineHousehold = HouseholdRowT;
export type Household = HouseholdDetailT;
export type HouseholdMember = HouseholdDetailT['members'][number];
export type Visit = HouseholdDetailT['visits'][number];
export type VisitBody = VisitBodyT;
export type VisitResult = Static<typeof VisitCreatedDto>;
export type MyPoints = MyPointsT;
export type Ranking = RankingT;
export type RankingRow = RankingT['items'][number];
export type PointBody = PointBodyT;
export type Cadre = CadreT['items'][number];

export const gridKeys = {
  all: ['grid'] as const,
  cells: (placeId: number | undefined, parentId: number | undefined) => ['grid', 'cells', placeId ?? 0, parentId ?? 0] as const,
  cell: (id: number) => ['grid', 'cell', id] as const,
  coverage: (placeId: number | undefined) => ['grid', 'coverage', placeId ?? 0] as const,
  ranking: (year: number, placeId: number | undefined, level: Level) => ['grid', 'points', 'ranking', year, placeId ?? 0, level] as const,
  cadres: (placeId: number | undefined) => ['grid', 'cadres', placeId ?? 0] as const,
};

/** The top cells of a place (parentId undefined) or the children of one cell. */
export function fetchCells(placeId: number | undefined, parentId: number | undefined): Promise<Cell[]> {
  return api<CellListT>('/grid/cells', { query: parentId ? { parentId, limit: 500 } : { placeId, level: 'pian', limit: 500 } }).then((r) => r.items);
}

export function useCell(id: number | undefined) {
  return useQuery({ queryKey: gridKeys.cell(id ?? 0), queryFn: () => api<CellDetail>(`/grid/cells/${id}`), enabled: !!id });
}

export function useCoverage(placeId: number | undefined) {
  return useQuery({ queryKey: gridKeys.coverage(placeId), queryFn: () => api<Coverage>('/grid/coverage', { query: { placeId } }), enabled: !!placeId });
}

export function useRanking(year: number, placeId: number | undefined, level: Level, enabled = true) {
  return useQuery({ queryKey: gridKeys.ranking(year, placeId, level), queryFn: () => api<Ranking>('/grid/points/ranking', { query: { year, placeId, level, limit: 200 } }), enabled });
}

export function useCadres(placeId: number | undefined, enabled: boolean) {
  return useQuery({ queryKey: gridKeys.cadres(placeId), queryFn: () => api<CadreT>('/grid/cadres', { query: { placeId } }).then((r) => r.items), enabled });
}

/** Any grid write: afterwards every grid query is stale (the tree, the detail, the coverage). */
export function useGridWrite<B, R>(fn: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: gridKeys.all }) });
}
