// Request and response shapes of the 三长 grid routes (/api/grid/…). The web pages import the
// types (`import type`) so the client and the server share one definition.
import { Type, type Static } from 'typebox';
import { Id } from '../../core/schemas';
import { lit } from '../assemblies/schemas';

export const LEVELS = ['pian', 'zu', 'lin'] as const;
export type Level = (typeof LEVELS)[number];
export const POINT_KINDS = ['visit', 'report', 'activity', 'award', 'adjust'] as const;
export const MANUAL_POINT_KINDS = ['activity', 'award', 'adjust'] as const;

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Day = Type.String({ format: 'date', maxLength: 10 });

/** A 三长 as the office sees them: the phone masked, party membership and 机关党员干部. */
export const LeaderDto = Type.Object({
  personId: Id,
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  /** party membership: 'full' / 'probationary', null when not a (current) member */
  partyStatus: Nullable(lit(['full', 'probationary'] as const)),
  organCadre: Type.Boolean(),
  /** the person's account, when they have one */
  userId: Nullable(Id),
});
export type LeaderT = Static<typeof LeaderDto>;

export const CellDto = Type.Object({
  id: Id,
  level: lit(LEVELS),
  parentId: Nullable(Id),
  name: Type.String(),
  placeId: Id,
  placeName: Type.String(),
  placeKind: Type.String(),
  cellPath: Type.String(),
  leader: Nullable(LeaderDto),
  leaderSince: Nullable(Type.String()),
  /** live cells directly below */
  children: Type.Integer(),
  /** 邻 in the subtree (itself for a 邻) */
  lins: Type.Integer(),
  /** households in the 邻 of the subtree */
  households: Type.Integer(),
  version: Type.Integer(),
});
export type CellT = Static<typeof CellDto>;

export const CellListQuery = Type.Object({
  placeId: Type.Optional(Id),
  parentId: Type.Optional(Id),
  level: Type.Optional(lit(LEVELS)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type CellListQueryT = Static<typeof CellListQuery>;
export const CellListDto = Type.Object({ items: Type.Array(CellDto), total: Type.Integer() });
export type CellListT = Static<typeof CellListDto>;

/** A household as a 三长 sees it in a list. */
export const HouseholdRowDto = Type.Object({
  householdId: Id,
  unitId: Id,
  /** building, entrance and unit: '3号楼1单元 101' */
  address: Type.String(),
  linId: Nullable(Id),
  linName: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Integer(),
  phoneMasked: Nullable(Type.String()),
  lastVisitAt: Nullable(Type.String()),
  openRequests: Type.Integer(),
});
export type HouseholdRowT = Static<typeof HouseholdRowDto>;

export const CellDetailDto = Type.Object({
  ...CellDto.properties,
  parent: Nullable(Type.Object({ id: Id, level: lit(LEVELS), name: Type.String() })),
  childCells: Type.Array(CellDto),
  /** the households of a 邻 (empty for a 片 or 组) */
  householdList: Type.Array(HouseholdRowDto),
});
export type CellDetailT = Static<typeof CellDetailDto>;

export const CellCreateBody = Type.Object(
  { level: lit(LEVELS), parentId: Type.Optional(Id), placeId: Id, name: Name, leaderPersonId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type CellCreateT = Static<typeof CellCreateBody>;
export const CellPatchBody = Type.Object({ name: Name, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const LeaderBody = Type.Object({ personId: Nullable(Id) }, { additionalProperties: false });

export const LinHouseholdsBody = Type.Object(
  {
    householdIds: Type.Array(Id, { maxItems: 500, uniqueItems: true }),
    /** take households over from another 邻 (otherwise such a household is refused) */
    move: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const LinHouseholdsDto = Type.Object({ linId: Id, households: Type.Integer(), added: Type.Integer(), removed: Type.Integer(), moved: Type.Integer() });

export const BulkBody = Type.Object(
  {
    /** a building (all its entrances) or one entrance */
    placeId: Id,
    zuId: Id,
    /** 邻长 for the new 邻, in order */
    leaders: Type.Optional(Type.Array(Id, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export const BulkDto = Type.Object({
  created: Type.Array(Type.Object({ id: Id, name: Type.String(), placeId: Id, households: Type.Integer(), leaderPersonId: Nullable(Id) })),
  /** households assigned by this run */
  assigned: Type.Integer(),
  limits: Type.Object({ minHouseholds: Type.Integer(), maxHouseholds: Type.Integer() }),
});
export type BulkT = Static<typeof BulkDto>;

const CoverageFigures = {
  households: Type.Integer(),
  /** households in a 邻 with a 邻长 */
  covered: Type.Integer(),
  /** households in no 邻 or in a 邻 without a 邻长 */
  uncovered: Type.Integer(),
  /** covered / households, two decimals, rounded down */
  percent: Type.String(),
  lins: Type.Integer(),
  linsWithoutLeader: Type.Integer(),
  linsTooSmall: Type.Integer(),
  linsTooLarge: Type.Integer(),
  zus: Type.Integer(),
  zusWithoutLeader: Type.Integer(),
  pians: Type.Integer(),
};
export const CoverageQuery = Type.Object({ placeId: Id });
export const CoverageDto = Type.Object({
  place: Type.Object({ id: Id, name: Type.String(), kind: Type.String() }),
  limits: Type.Object({ minHouseholds: Type.Integer(), maxHouseholds: Type.Integer() }),
  totals: Type.Object({ ...CoverageFigures, piansWithoutLeader: Type.Integer() }),
  estates: Type.Array(Type.Object({ estateId: Id, name: Type.String(), communityName: Type.String(), ...CoverageFigures })),
});
export type CoverageT = Static<typeof CoverageDto>;

export const MineQuery = Type.Object({
  cellId: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const MineDto = Type.Object({ cells: Type.Array(CellDto), households: Type.Array(HouseholdRowDto), total: Type.Integer() });
export type MineT = Static<typeof MineDto>;

export const VisitDto = Type.Object({
  id: Id,
  householdId: Id,
  address: Type.String(),
  linId: Nullable(Id),
  visitorName: Nullable(Type.String()),
  visitedAt: Type.String(),
  notes: Type.String(),
  concern: Type.Boolean(),
  requestId: Nullable(Id),
  requestRefNo: Nullable(Type.String()),
  requestState: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type VisitT = Static<typeof VisitDto>;

export const HouseholdDetailDto = Type.Object({
  household: HouseholdRowDto,
  estateName: Type.String(),
  members: Type.Array(
    Type.Object({ personId: Id, name: Type.String(), relation: Type.String(), gender: Nullable(Type.String()), age: Nullable(Type.Integer()), phoneMasked: Nullable(Type.String()) }),
  ),
  visits: Type.Array(VisitDto),
  requests: Type.Array(Type.Object({ id: Id, refNo: Type.String(), title: Type.String(), state: Type.String(), channel: Type.String(), submittedAt: Type.String() })),
});
export type HouseholdDetailT = Static<typeof HouseholdDetailDto>;

export const VisitBody = Type.Object(
  {
    householdId: Id,
    visitedAt: Type.String({ format: 'date-time', maxLength: 40 }),
    notes: Type.String({ minLength: 1, maxLength: 2000 }),
    /** a concern found on the visit: filed as a request on the resident's behalf (channel grid) */
    concern: Type.Optional(
      Type.Object(
        {
          categoryId: Id,
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          description: Type.String({ minLength: 1, maxLength: 2000 }),
          locationNote: Type.Optional(Type.String({ maxLength: 200 })),
          /** the resident concerned (a member of the household); default the head */
          personId: Type.Optional(Id),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type VisitBodyT = Static<typeof VisitBody>;
export const VisitCreatedDto = Type.Object({ ...VisitDto.properties, pointsAwarded: Type.Integer() });

export const VisitListQuery = Type.Object({
  householdId: Type.Optional(Id),
  cellId: Type.Optional(Id),
  requestId: Type.Optional(Id),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type VisitListQueryT = Static<typeof VisitListQuery>;
export const VisitListDto = Type.Object({ items: Type.Array(VisitDto), total: Type.Integer() });

export const PointEntryDto = Type.Object({
  id: Id,
  personId: Id,
  kind: lit(POINT_KINDS),
  points: Type.Integer(),
  refId: Nullable(Id),
  note: Nullable(Type.String()),
  at: Type.String(),
});
export const MyPointsQuery = Type.Object({ year: Type.Optional(Year) });
export const MyPointsDto = Type.Object({
  year: Type.Integer(),
  total: Type.Integer(),
  byKind: Type.Object({ visit: Type.Integer(), report: Type.Integer(), activity: Type.Integer(), award: Type.Integer(), adjust: Type.Integer() }),
  entries: Type.Array(PointEntryDto),
  /** my place among the leaders of my highest level in my community (no one else's figures) */
  standing: Nullable(Type.Object({ level: Type.Union([Type.Literal('pian'), Type.Literal('zu'), Type.Literal('lin')]), community: Type.String(), rank: Type.Integer(), of: Type.Integer(), candidate: Type.Boolean() })),
});
export type MyPointsT = Static<typeof MyPointsDto>;

export const RankingQuery = Type.Object({
  year: Type.Optional(Year),
  placeId: Type.Optional(Id),
  level: Type.Optional(lit(LEVELS)),
  /** how many of the top are flagged as 最美邻长 candidates */
  candidates: Type.Integer({ minimum: 0, maximum: 100, default: 10 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type RankingQueryT = Static<typeof RankingQuery>;
export const RankingDto = Type.Object({
  year: Type.Integer(),
  level: lit(LEVELS),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      personId: Id,
      name: Type.String(),
      cells: Type.Array(Type.Object({ id: Id, name: Type.String() })),
      points: Type.Integer(),
      visits: Type.Integer(),
      reports: Type.Integer(),
      /** among the top `candidates` with points: a 最美邻长 candidate */
      candidate: Type.Boolean(),
    }),
  ),
});
export type RankingT = Static<typeof RankingDto>;

export const PointBody = Type.Object(
  {
    personId: Id,
    kind: lit(MANUAL_POINT_KINDS),
    points: Type.Integer({ minimum: -1000, maximum: 1000, not: { const: 0 } }),
    note: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PointBodyT = Static<typeof PointBody>;

export const CadreQuery = Type.Object({ placeId: Type.Optional(Id) });
export const CadreDto = Type.Object({
  items: Type.Array(
    Type.Object({
      personId: Id,
      name: Type.String(),
      phoneMasked: Nullable(Type.String()),
      employer: Nullable(Type.String()),
      partyStatus: lit(['full', 'probationary'] as const),
      cells: Type.Array(Type.Object({ id: Id, level: lit(LEVELS), name: Type.String(), placeName: Type.String() })),
      /** property fee paid first (带头缴费): unknown until fees are recorded */
      feeStatus: lit(['paid', 'unpaid', 'unknown'] as const),
      feeReason: Nullable(lit(['no_fee_data'] as const)),
    }),
  ),
});
export type CadreT = Static<typeof CadreDto>;
