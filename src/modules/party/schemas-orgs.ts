// Request and response shapes of the organisation, member and coverage routes.
import { Type, type Static } from 'typebox';
import { Id } from '../../core/schemas';

export const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum(values));

export const ORG_KINDS = ['working_committee', 'general_branch', 'community_committee', 'branch', 'joint_branch', 'group'] as const;
export const TERM_KINDS = ['community', 'other'] as const;
export const POSTS = ['secretary', 'deputy_secretary', 'organisation', 'propaganda', 'discipline', 'member'] as const;
export const MEMBER_STATUSES = ['full', 'probationary'] as const;
export const CATEGORIES = ['in_service', 'retired', 'other'] as const;
export const DIRECTIONS = ['in', 'out', 'within'] as const;
export const COVERAGES = ['own_branch', 'joint_branch', 'party_work_only', 'none'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export type Post = (typeof POSTS)[number];

const Day = Type.String({ format: 'date', maxLength: 10 });
const NullableDay = Type.Union([Day, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends ReturnType<typeof Type.String> | typeof Id>(t: T) => Type.Union([t, Type.Null()]);

export const OrgListQuery = Type.Object({
  placeId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});

export const OrgCreateBody = Type.Object({
  kind: lit(ORG_KINDS),
  name: Name,
  placeId: Id,
  parentId: Type.Optional(Id),
  termKind: Type.Optional(lit(TERM_KINDS)),
  foundedOn: Type.Optional(Day),
  electedOn: Type.Optional(Day),
});
export type OrgCreateT = Static<typeof OrgCreateBody>;

export const OrgPatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Name),
  termKind: Type.Optional(lit(TERM_KINDS)),
  foundedOn: Type.Optional(NullableDay),
  electedOn: Type.Optional(NullableDay),
});
export type OrgPatchT = Static<typeof OrgPatchBody>;

export const OrgSummaryDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: lit(ORG_KINDS),
  name: Type.String(),
  placeId: Type.Integer(),
  placeName: Type.String(),
  termKind: lit(TERM_KINDS),
  electedOn: NullableDay,
  fullMembers: Type.Integer(),
  probationaryMembers: Type.Integer(),
  secretary: Type.Union([Type.String(), Type.Null()]),
});
export const OrgListDto = Type.Object({ items: Type.Array(OrgSummaryDto) });

const WarningDto = Type.Object({ code: Type.String(), article: Type.String(), figures: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])) });

export const OrgDetailDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  parentName: Type.Union([Type.String(), Type.Null()]),
  kind: lit(ORG_KINDS),
  name: Type.String(),
  placeId: Type.Integer(),
  placeName: Type.String(),
  termKind: lit(TERM_KINDS),
  termYears: Type.Integer(),
  electedOn: NullableDay,
  termEnds: NullableDay,
  foundedOn: NullableDay,
  version: Type.Integer(),
  members: Type.Object({ full: Type.Integer(), probationary: Type.Integer() }),
  committee: Type.Array(Type.Object({ personId: Type.Integer(), memberId: Type.Union([Type.Integer(), Type.Null()]), name: Type.String(), post: lit(POSTS), since: NullableDay })),
  estates: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), since: Day })),
  children: Type.Array(Type.Object({ id: Type.Integer(), kind: lit(ORG_KINDS), name: Type.String() })),
  warnings: Type.Array(WarningDto),
  founding: Type.Union([
    Type.Object({ fullMembersLiving: Type.Integer(), required: Type.Integer(), ok: Type.Boolean(), article: Type.String() }),
    Type.Null(),
  ]),
});

export const CommitteeBody = Type.Object({
  electedOn: Day,
  members: Type.Array(Type.Object({ personId: Id, post: lit(POSTS) }), { minItems: 1, maxItems: 15 }),
});
export type CommitteeT = Static<typeof CommitteeBody>;

export const EstatesBody = Type.Object({ estateIds: Type.Array(Id, { minItems: 1, maxItems: 20 }) });
export const EstateParams = Type.Object({ estateId: Id });
export const WorkEstateBody = Type.Object({
  contactPersonId: Type.Optional(Nullable(Id)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
export const WorkEstateDto = Type.Object({ estateId: Type.Integer(), contactPersonId: Type.Union([Type.Integer(), Type.Null()]), note: Type.Union([Type.String(), Type.Null()]), since: Day });

// --- members -----------------------------------------------------------------------------------

export const MemberListQuery = Type.Object({
  orgId: Type.Optional(Id),
  placeId: Type.Optional(Id),
  status: Type.Optional(lit(MEMBER_STATUSES)),
  category: Type.Optional(lit(CATEGORIES)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  includeLeft: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type MemberListQueryT = Static<typeof MemberListQuery>;

export const MemberCreateBody = Type.Object({
  personId: Id,
  orgId: Id,
  status: lit(MEMBER_STATUSES),
  joinedOn: Type.Optional(Day),
  fullOn: Type.Optional(Day),
  category: Type.Optional(lit(CATEGORIES)),
  employer: Type.Optional(Type.String({ maxLength: 100 })),
  organCadre: Type.Optional(Type.Boolean()),
  unitId: Type.Optional(Id),
});
export type MemberCreateT = Static<typeof MemberCreateBody>;

export const MemberPatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  status: Type.Optional(lit(MEMBER_STATUSES)),
  joinedOn: Type.Optional(NullableDay),
  fullOn: Type.Optional(NullableDay),
  category: Type.Optional(lit(CATEGORIES)),
  employer: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  organCadre: Type.Optional(Type.Boolean()),
  unitId: Type.Optional(Nullable(Id)),
});
export type MemberPatchT = Static<typeof MemberPatchBody>;

export const MemberDto = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  status: lit(MEMBER_STATUSES),
  joinedOn: NullableDay,
  fullOn: NullableDay,
  category: lit(CATEGORIES),
  employer: Type.Union([Type.String(), Type.Null()]),
  organCadre: Type.Boolean(),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.Integer(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  estateId: Type.Union([Type.Integer(), Type.Null()]),
  leftOn: NullableDay,
  version: Type.Integer(),
});
export const MemberListDto = Type.Object({ items: Type.Array(MemberDto), total: Type.Integer() });

export const TransferBody = Type.Object({
  direction: lit(DIRECTIONS),
  toOrgId: Type.Optional(Id),
  outsideOrg: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  onDate: Day,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export type TransferT = Static<typeof TransferBody>;

export const TransferDto = Type.Object({
  id: Type.Integer(),
  direction: lit(DIRECTIONS),
  fromOrgId: Type.Union([Type.Integer(), Type.Null()]),
  fromOrgName: Type.Union([Type.String(), Type.Null()]),
  toOrgId: Type.Union([Type.Integer(), Type.Null()]),
  toOrgName: Type.Union([Type.String(), Type.Null()]),
  outsideOrg: Type.Union([Type.String(), Type.Null()]),
  onDate: Day,
  reason: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export const TransferListDto = Type.Object({ items: Type.Array(TransferDto) });

// --- reports -----------------------------------------------------------------------------------

export const ReportQuery = Type.Object({ placeId: Type.Optional(Id) });

const EstateRef = Type.Object({ estateId: Type.Integer(), name: Type.String(), fullMembers: Type.Integer() });
const CoverageTotals = Type.Object({
  estates: Type.Integer(),
  fullMembers: Type.Integer(),
  own_branch: Type.Integer(),
  joint_branch: Type.Integer(),
  party_work_only: Type.Integer(),
  none: Type.Integer(),
  shouldHaveOwnBranch: Type.Integer(),
});
export const CoverageDto = Type.Object({
  totals: CoverageTotals,
  communities: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      totals: CoverageTotals,
      suggestedJointBranches: Type.Array(Type.Array(EstateRef)),
      leftOver: Type.Array(EstateRef),
    }),
  ),
  estates: Type.Array(
    Type.Object({
      estateId: Type.Integer(),
      name: Type.String(),
      communityId: Type.Integer(),
      communityName: Type.String(),
      fullMembers: Type.Integer(),
      coverage: lit(COVERAGES),
      branchId: Type.Union([Type.Integer(), Type.Null()]),
      branchName: Type.Union([Type.String(), Type.Null()]),
      shouldHaveOwnBranch: Type.Boolean(),
    }),
  ),
});

export const CrossAppointmentDto = Type.Object({
  targetPct: Type.Integer(),
  items: Type.Array(
    Type.Object({
      estateId: Type.Integer(),
      name: Type.String(),
      communityName: Type.String(),
      branchId: Type.Union([Type.Integer(), Type.Null()]),
      branchName: Type.Union([Type.String(), Type.Null()]),
      branchCommittee: Type.Integer(),
      ownersCommitteeId: Type.Union([Type.Integer(), Type.Null()]),
      ownersCommittee: Type.Integer(),
      overlap: Type.Integer(),
      fraction: Type.Union([Type.String(), Type.Null()]),
      percent: Type.Union([Type.String(), Type.Null()]),
      targetPct: Type.Integer(),
      meetsTarget: Type.Boolean(),
    }),
  ),
});
