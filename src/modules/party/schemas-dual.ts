// Request and response shapes of the 双报到 (dual reporting) routes.
import { Type, type Static } from 'typebox';
import { Id } from '../../core/schemas';

const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum(values));
const Day = Type.String({ format: 'date', maxLength: 10 });
const NullableDay = Type.Union([Day, Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const paging = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
const Phone = Type.String({ pattern: '^[0-9+\\- ]{5,20}$' });

export const REG_KINDS = ['member', 'organisation'] as const;
export const POST_KINDS = ['post', 'task'] as const;
export const POST_STATUSES = ['open', 'closed'] as const;
export const HOURS_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export const GRADES = ['excellent', 'good', 'fair', 'poor'] as const;

// --- registrations ---------------------------------------------------------------------------

export const RegistrationBody = Type.Object({
  communityId: Id,
  kind: lit(REG_KINDS),
  memberId: Type.Optional(Id),
  orgName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  contactName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  contactPhone: Type.Optional(Phone),
});
export type RegistrationBodyT = Static<typeof RegistrationBody>;

export const CandidateQuery = Type.Object({ communityId: Id, q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })) });
export const CandidateListDto = Type.Object({
  items: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), employer: Type.Union([Type.String(), Type.Null()]) })),
});

export const MyRegistrationBody = Type.Object({ communityId: Type.Optional(Id) });

export const RegistrationQuery = Type.Object({
  ...paging,
  communityId: Type.Optional(Id),
  kind: Type.Optional(lit(REG_KINDS)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  status: Type.Optional(lit(['active', 'ended', 'all'] as const)),
  year: Type.Optional(Year),
});
export type RegistrationQueryT = Static<typeof RegistrationQuery>;

export const RegistrationDto = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  kind: lit(REG_KINDS),
  memberId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  employer: Type.Union([Type.String(), Type.Null()]),
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  registeredOn: Type.String(),
  endedOn: Type.Union([Type.String(), Type.Null()]),
  year: Type.Integer(),
  /** confirmed service minutes in the year (exact) */
  confirmedMinutes: Type.Integer(),
  pendingMinutes: Type.Integer(),
  activeClaims: Type.Integer(),
  grade: Type.Union([lit(GRADES), Type.Null()]),
});
export type RegistrationDtoT = Static<typeof RegistrationDto>;
export const RegistrationListDto = Type.Object({ items: Type.Array(RegistrationDto), total: Type.Integer() });

// --- the catalogue --------------------------------------------------------------------------

export const PostBody = Type.Object({
  communityId: Id,
  kind: lit(POST_KINDS),
  title: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  capacity: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10000 }), Type.Null()])),
  startsOn: Type.Optional(NullableDay),
  endsOn: Type.Optional(NullableDay),
  status: Type.Optional(lit(POST_STATUSES)),
});
export type PostBodyT = Static<typeof PostBody>;

export const PostPatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  kind: Type.Optional(lit(POST_KINDS)),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  capacity: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10000 }), Type.Null()])),
  startsOn: Type.Optional(NullableDay),
  endsOn: Type.Optional(NullableDay),
  status: Type.Optional(lit(POST_STATUSES)),
});
export type PostPatchBodyT = Static<typeof PostPatchBody>;

export const PostQuery = Type.Object({ ...paging, communityId: Type.Optional(Id), status: Type.Optional(lit(POST_STATUSES)), kind: Type.Optional(lit(POST_KINDS)) });
export type PostQueryT = Static<typeof PostQuery>;

export const PostDto = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  kind: lit(POST_KINDS),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  claimed: Type.Integer(),
  /** null: no limit */
  placesLeft: Type.Union([Type.Integer(), Type.Null()]),
  startsOn: NullableDay,
  endsOn: NullableDay,
  status: lit(POST_STATUSES),
  version: Type.Integer(),
  /** the caller's own active claim on it (the phone page) */
  myClaimId: Type.Union([Type.Integer(), Type.Null()]),
});
export type PostDtoT = Static<typeof PostDto>;
export const PostListDto = Type.Object({ items: Type.Array(PostDto), total: Type.Integer() });

// --- claims ---------------------------------------------------------------------------------

export const ClaimBody = Type.Object({ registrationId: Id });
export const ClaimDto = Type.Object({
  id: Type.Integer(),
  postId: Type.Integer(),
  postTitle: Type.String(),
  postKind: lit(POST_KINDS),
  registrationId: Type.Integer(),
  name: Type.String(),
  claimedAt: Type.String(),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
});
export type ClaimDtoT = Static<typeof ClaimDto>;
export const ClaimListDto = Type.Object({ items: Type.Array(ClaimDto) });
export const PostClaimsParams = Type.Object({ id: Id });

// --- hours ----------------------------------------------------------------------------------

const hoursFields = {
  postId: Type.Optional(Type.Union([Id, Type.Null()])),
  servedOn: Day,
  minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
};
export const HoursBody = Type.Object({ registrationId: Id, ...hoursFields });
export type HoursBodyT = Static<typeof HoursBody>;
export const MyHoursBody = Type.Object(hoursFields);
export type MyHoursBodyT = Static<typeof MyHoursBody>;

export const DecisionBody = Type.Object({ decision: lit(['confirm', 'reject'] as const) });

export const HoursQuery = Type.Object({ ...paging, communityId: Type.Optional(Id), status: Type.Optional(lit(HOURS_STATUSES)), registrationId: Type.Optional(Id) });
export type HoursQueryT = Static<typeof HoursQuery>;

export const HoursDto = Type.Object({
  id: Type.Integer(),
  registrationId: Type.Integer(),
  name: Type.String(),
  communityName: Type.String(),
  postId: Type.Union([Type.Integer(), Type.Null()]),
  postTitle: Type.Union([Type.String(), Type.Null()]),
  servedOn: Type.String(),
  minutes: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  status: lit(HOURS_STATUSES),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type HoursDtoT = Static<typeof HoursDto>;
export const HoursListDto = Type.Object({ items: Type.Array(HoursDto), total: Type.Integer() });

// --- evaluations, the summary and the letters ------------------------------------------------

export const EvaluationParams = Type.Object({ id: Id, year: Year });
export const EvaluationBody = Type.Object({ grade: lit(GRADES), comment: Type.Optional(Type.String({ maxLength: 1000 })) });
export const EvaluationDto = Type.Object({
  registrationId: Type.Integer(),
  year: Type.Integer(),
  grade: lit(GRADES),
  comment: Type.Union([Type.String(), Type.Null()]),
  evaluatedAt: Type.String(),
});
export type EvaluationDtoT = Static<typeof EvaluationDto>;

export const SummaryQuery = Type.Object({ communityId: Type.Optional(Id), year: Year });
export type SummaryQueryT = Static<typeof SummaryQuery>;
export const SummaryItemDto = Type.Object({
  registrationId: Type.Integer(),
  communityName: Type.String(),
  kind: lit(REG_KINDS),
  name: Type.String(),
  employer: Type.Union([Type.String(), Type.Null()]),
  confirmedMinutes: Type.Integer(),
  /** titles of the posts and tasks claimed in the year */
  posts: Type.Array(Type.String()),
  grade: Type.Union([lit(GRADES), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});
export type SummaryItemT = Static<typeof SummaryItemDto>;
export const SummaryDto = Type.Object({ year: Type.Integer(), items: Type.Array(SummaryItemDto) });

export const LetterQuery = Type.Object({ year: Year });
export const LettersQuery = Type.Object({ communityId: Id, year: Year });

// --- the member's own page --------------------------------------------------------------------

export const MineDto = Type.Object({
  member: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    employer: Type.Union([Type.String(), Type.Null()]),
    inService: Type.Boolean(),
    communityId: Type.Union([Type.Integer(), Type.Null()]),
    communityName: Type.Union([Type.String(), Type.Null()]),
  }),
  registration: Type.Union([RegistrationDto, Type.Null()]),
  claims: Type.Array(ClaimDto),
  hours: Type.Array(HoursDto),
  evaluations: Type.Array(EvaluationDto),
});
export type MineDtoT = Static<typeof MineDto>;
