// Request and response shapes of the assembly routes.
import { Type, type Static } from 'typebox';
import { Id } from '../../core/schemas';

export const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum(values));

export const STATES = ['draft', 'announced', 'voting', 'closed', 'counted', 'published', 'archived'] as const;
export const KINDS = ['regular', 'extraordinary', 'first'] as const;
export const ORGANISERS = ['preparatory_group', 'owners_committee', 'residents_committee', 'street'] as const;
export const CHOICES = ['agree', 'oppose', 'abstain'] as const;

const Title = Type.String({ minLength: 2, maxLength: 100 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Item = Type.Integer({ minimum: 1, maximum: 9 });

export const AssemblyCreateBody = Type.Object({
  estateId: Id,
  title: Title,
  kind: lit(KINDS),
  organiserKind: lit(ORGANISERS),
  organiserName: Type.String({ minLength: 2, maxLength: 100 }),
  notice: Type.Optional(Type.String({ maxLength: 20000 })),
  votingOpensAt: Instant,
  votingClosesAt: Instant,
  petitionId: Type.Optional(Type.Union([Id, Type.Null()])),
});
export type AssemblyCreateT = Static<typeof AssemblyCreateBody>;

export const AssemblyPatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  title: Type.Optional(Title),
  kind: Type.Optional(lit(KINDS)),
  organiserKind: Type.Optional(lit(ORGANISERS)),
  organiserName: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  notice: Type.Optional(Type.String({ maxLength: 20000 })),
  votingOpensAt: Type.Optional(Instant),
  votingClosesAt: Type.Optional(Instant),
});

export const MatterBody = Type.Object({
  item: Item,
  title: Type.String({ minLength: 2, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10000 })),
});
export const MatterPatchBody = Type.Partial(MatterBody);
export const MatterParams = Type.Object({ id: Id, matterId: Id });

export const ListQuery = Type.Object({
  placeId: Type.Optional(Id),
  state: Type.Optional(lit(STATES)),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const RollQueryT = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const CorrectionBody = Type.Object({
  action: lit(['area', 'delegate', 'remove', 'restore'] as const),
  // a voter's whole area (a developer may hold many units), in 0.01 m²
  areaCenti: Type.Optional(Type.Integer({ minimum: 0, maximum: 99_999_999_999 })),
  delegatePersonId: Type.Optional(Id),
  reason: Type.String({ minLength: 2, maxLength: 500 }),
});
export const VoterParams = Type.Object({ id: Id, voterId: Id });

export const SettingsBody = Type.Object({
  version: Type.Integer({ minimum: 0 }),
  settings: Type.Object({
    noticeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    publicityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    deemedVotes: Type.Optional(Type.Boolean()),
    committeeSeats: Type.Optional(Type.Integer({ minimum: 5, maximum: 11 })),
    committeeTermYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    crossAppointmentTargetPct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  }, { additionalProperties: false }),
});

const Figures = Type.Object({ areaCenti: Type.String(), persons: Type.Integer() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AssemblySummaryDto = Type.Object(
  {
    id: Type.Integer(),
    estateId: Type.Integer(),
    estateName: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    organiserKind: Type.String(),
    organiserName: Type.String(),
    state: lit(STATES),
    votingOpensAt: Type.String(),
    votingClosesAt: Type.String(),
    rollAreaCenti: Nullable(Type.String()),
    rollPersons: Nullable(Type.Integer()),
    version: Type.Integer(),
  },
  { additionalProperties: true },
);

export const AssemblyListDto = Type.Object({ items: Type.Array(AssemblySummaryDto), total: Type.Integer() });

/** The detail: the summary plus notice, matters, election, materials, turnout and results. */
export const AssemblyDetailDto = Type.Object(
  {
    id: Type.Integer(),
    state: lit(STATES),
    notice: Type.String(),
    matters: Type.Array(Type.Object({ id: Type.Integer(), seq: Type.Integer(), item: Type.Integer(), title: Type.String() }, { additionalProperties: true })),
    election: Type.Union([Type.Object({ id: Type.Integer(), seats: Type.Integer() }, { additionalProperties: true }), Type.Null()]),
    turnout: Type.Union([Type.Object({ totals: Figures, voted: Figures }, { additionalProperties: true }), Type.Null()]),
    results: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  },
  { additionalProperties: true },
);

export const RollDto = Type.Object({
  frozen: Type.Boolean(),
  totals: Figures,
  warnings: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  items: Type.Array(
    Type.Object({
      id: Nullable(Type.Integer()),
      voterNo: Type.Integer(),
      kind: Type.String(),
      name: Type.String(),
      areaCenti: Type.String(),
      unitCount: Type.Integer(),
      units: Type.Array(Type.String()),
      active: Type.Boolean(),
      delivery: Nullable(Type.String()),
      voted: Type.Boolean(),
    }),
  ),
  total: Type.Integer(),
});
