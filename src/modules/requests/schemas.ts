// Request DTOs: the shapes of the request loop's API. The web app imports these types only.
import { Type, type Static } from 'typebox';
import { DateTime, Id, NullableDateTime } from '../../core/schemas';
import { REQUEST_STATES } from './states';
import { REQUEST_KINDS } from './catalogue';

const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum(values));

export const RequestState = lit(REQUEST_STATES);
export const RequestKind = lit(REQUEST_KINDS);
export const CHANNELS = ['resident', 'staff', 'grid', 'hotline', 'open311'] as const;
export const Channel = lit(CHANNELS);
export const OWNER_KINDS = ['property', 'community', 'street', 'district', 'department'] as const;
export const OwnerKind = lit(OWNER_KINDS);
export const DEADLINE_CLASS_NAMES = ['emergency', 'utilities', 'ordinary', 'complex'] as const;
export const DeadlineClassT = lit(DEADLINE_CLASS_NAMES);
export const ROUTE_TARGETS = ['property', 'community', 'street', 'department'] as const;
export const RouteTo = lit(ROUTE_TARGETS);
export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export const Rating = lit(RATINGS);
export const FOLLOWUP_RESULTS = ['satisfied', 'basic', 'unsatisfied', 'unreachable'] as const;
/** What a 不满意 rating may name (the resident ticks any). */
export const RATING_REASONS = ['slow', 'unresolved', 'attitude', 'no_contact', 'quality', 'other'] as const;
export const CAPACITIES = ['requester', 'handler', 'cohandler', 'first_owner', 'office', 'viewer'] as const;
export const Capacity = lit(CAPACITIES);

export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

/** A handling unit: an office on the place tree or an organisation. */
export const UnitDto = Type.Object({
  kind: OwnerKind,
  placeId: Id,
  orgId: Type.Union([Id, Type.Null()]),
  name: Type.String(),
});
export type UnitT = Static<typeof UnitDto>;

export const CategoryDto = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kind: RequestKind,
  routeTo: RouteTo,
  departmentName: Type.Union([Type.String(), Type.Null()]),
  /** for routeTo=department after a street's rule: the department chosen */
  departmentOrgId: Type.Union([Id, Type.Null()]),
  deadlineClass: DeadlineClassT,
  sort: Type.Integer(),
  active: Type.Boolean(),
  /** true when the values shown come from the street's own rule */
  streetRule: Type.Boolean(),
});
export type CategoryT = Static<typeof CategoryDto>;

export const RequestSummaryDto = Type.Object({
  id: Type.Integer(),
  refNo: Type.String(),
  title: Type.String(),
  categoryId: Type.Integer(),
  categoryZh: Type.String(),
  categoryEn: Type.String(),
  kind: RequestKind,
  channel: Channel,
  state: RequestState,
  placeId: Type.Integer(),
  /** community / estate / building … as one line, e.g. 「阳光社区 · 阳光花园 · 3号楼」 */
  placeLabel: Type.String(),
  owner: UnitDto,
  deadlineClass: DeadlineClassT,
  submittedAt: DateTime,
  acceptDueAt: DateTime,
  resolveDueAt: NullableDateTime,
  /** unfinished and past its accept, contact or resolve deadline now */
  overdue: Type.Boolean(),
  reopenCount: Type.Integer(),
  rating: Type.Union([Rating, Type.Null()]),
  requesterName: Type.Union([Type.String(), Type.Null()]),
});
export type RequestSummaryT = Static<typeof RequestSummaryDto>;

export const RequestListDto = Type.Object({
  items: Type.Array(RequestSummaryDto),
  /** matching requests, counted up to 10,000 */
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
});
export type RequestListT = Static<typeof RequestListDto>;

export const EventDto = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  actorName: Type.String(),
  actorRole: Type.String(),
  type: Type.String(),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.Union([Type.String(), Type.Null()]),
  body: Type.Union([Type.String(), Type.Null()]),
  internal: Type.Boolean(),
  data: Type.Any(),
  photoIds: Type.Array(Type.Integer()),
});
export type EventT = Static<typeof EventDto>;

export const ClockDto = Type.Object({
  acceptDueAt: DateTime,
  contactDueAt: NullableDateTime,
  resolveDueAt: NullableDateTime,
  /** resolution time left in ms (negative when overdue); counts while deferred are frozen */
  resolveRemainingMs: Type.Union([Type.Integer(), Type.Null()]),
  paused: Type.Boolean(),
  responseOutcome: Type.Union([Type.Literal('in_time'), Type.Literal('late'), Type.Null()]),
  resolutionOutcome: Type.Union([Type.Literal('in_time'), Type.Literal('late'), Type.Literal('reopened'), Type.Literal('declined'), Type.Null()]),
});

export const ACTION_NAMES = [
  'accept',
  'start',
  'contact',
  'defer',
  'resume',
  'escalate',
  'transfer',
  'decline',
  'resolve',
  'reopen',
  'close',
  'reply',
  'note',
  'cohandler',
  'rate',
  'followup',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const RequestDetailDto = Type.Object({
  ...RequestSummaryDto.properties,
  description: Type.String(),
  locationNote: Type.Union([Type.String(), Type.Null()]),
  requesterPhone: Type.Union([Type.String(), Type.Null()]),
  enteredByName: Type.Union([Type.String(), Type.Null()]),
  externalRef: Type.Union([Type.String(), Type.Null()]),
  firstOwner: UnitDto,
  acceptedByName: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: NullableDateTime,
  contactedAt: NullableDateTime,
  resolvedAt: NullableDateTime,
  closedAt: NullableDateTime,
  resolution: Type.Union([Type.String(), Type.Null()]),
  transferCount: Type.Integer(),
  ratingReasons: Type.Array(Type.String()),
  ratingComment: Type.Union([Type.String(), Type.Null()]),
  ratedAt: NullableDateTime,
  followupResult: Type.Union([Type.String(), Type.Null()]),
  followupNote: Type.Union([Type.String(), Type.Null()]),
  followupAt: NullableDateTime,
  cohandlers: Type.Array(UnitDto),
  clock: ClockDto,
  events: Type.Array(EventDto),
  photoIds: Type.Array(Type.Integer()),
  /** the capacities in which I see this request */
  capacities: Type.Array(Capacity),
  /** the actions I may take now */
  actions: Type.Array(lit(ACTION_NAMES)),
  version: Type.Integer(),
});
export type RequestDetailT = Static<typeof RequestDetailDto>;

const PhotoIds = Type.Array(Id, { maxItems: 9, uniqueItems: true });
const UnitTarget = Type.Object({ kind: OwnerKind, orgId: Type.Optional(Id) }, { additionalProperties: false });

export const IntakeBody = Type.Object(
  {
    categoryId: Id,
    placeId: Id,
    title: Type.Optional(Text(100)),
    description: Text(2000),
    locationNote: Type.Optional(Type.String({ maxLength: 200 })),
    photoIds: Type.Optional(PhotoIds),
    /** filing for someone else (phone call, 三长 visit): who they are */
    onBehalf: Type.Optional(
      Type.Object(
        {
          name: Text(50),
          phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }),
          personId: Type.Optional(Id),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type IntakeT = Static<typeof IntakeBody>;

const act = <A extends string, P extends Record<string, import('typebox').TSchema>>(action: A, props: P) =>
  // no additionalProperties:false here: with removeAdditional, ajv would strip the fields of one
  // action while trying the branch of another; each branch still demands its own fields
  Type.Object({ action: Type.Literal(action), version: Type.Optional(Type.Integer({ minimum: 1 })), ...props });
const Reason = Type.String({ maxLength: 2000 });

/** One body per action; `text` is the reason, note or reply the action carries. */
export const ActionBody = Type.Union([
  act('accept', { text: Type.Optional(Reason) }),
  act('start', { text: Type.Optional(Reason) }),
  act('contact', { text: Type.Optional(Reason), method: lit(['phone', 'visit', 'message'] as const) }),
  act('defer', { text: Reason }),
  act('resume', { text: Type.Optional(Reason) }),
  act('escalate', { text: Reason, target: Type.Optional(UnitTarget) }),
  act('transfer', { text: Reason, target: UnitTarget }),
  act('decline', { text: Reason }),
  act('resolve', { text: Reason, photoIds: Type.Optional(PhotoIds) }),
  act('reopen', { text: Reason, photoIds: Type.Optional(PhotoIds) }),
  act('close', { text: Type.Optional(Reason) }),
  act('reply', { text: Text(2000), photoIds: Type.Optional(PhotoIds) }),
  act('note', { text: Text(2000) }),
  act('cohandler', { target: UnitTarget, text: Type.Optional(Reason) }),
  act('rate', { rating: Rating, reasons: Type.Optional(Type.Array(lit(RATING_REASONS), { maxItems: 6, uniqueItems: true })), text: Type.Optional(Type.String({ maxLength: 500 })) }),
  act('followup', { result: lit(FOLLOWUP_RESULTS), text: Type.Optional(Reason) }),
]);
export type ActionBodyT = Static<typeof ActionBody>;

export const ListQuery = Type.Object({
  /**
   * inbox: with my units now; first: my units received first (首接); cohandling: my units help;
   * scope: everything in my area (office, 三长); mine: I asked; entered: I filed for others;
   * overdue: unfinished past a deadline in my area
   */
  view: lit(['inbox', 'first', 'cohandling', 'scope', 'mine', 'entered', 'overdue'] as const),
  state: Type.Optional(Type.Array(RequestState, { maxItems: 8 })),
  open: Type.Optional(Type.Boolean()),
  categoryId: Type.Optional(Id),
  channel: Type.Optional(Channel),
  placeId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
});
export type ListQueryT = Static<typeof ListQuery>;

export const TargetsDto = Type.Object({ items: Type.Array(UnitDto) });

const Fraction = Type.Union([Type.Object({ num: Type.Integer(), den: Type.Integer(), percent: Type.Number() }), Type.Null()]);
export const RatesDto = Type.Object({
  submitted: Type.Integer(),
  responseDue: Type.Integer(),
  respondedInTime: Type.Integer(),
  resolutionDue: Type.Integer(),
  resolvedInTime: Type.Integer(),
  declined: Type.Integer(),
  reopened: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  response: Fraction,
  resolution: Fraction,
  satisfaction: Fraction,
  composite: Type.Union([Type.Number(), Type.Null()]),
});
export type RatesT = Static<typeof RatesDto>;

export const StatsQuery = Type.Object({
  placeId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  /** the trend's step */
  step: lit(['day', 'month'] as const),
  categoryId: Type.Optional(Id),
});

export const StatsDto = Type.Object({
  scope: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), path: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  weights: Type.Object({ response: Type.Integer(), resolution: Type.Integer(), satisfaction: Type.Integer() }),
  total: RatesDto,
  trend: Type.Array(Type.Object({ period: Type.String(), ...RatesDto.properties })),
  byCategory: Type.Array(Type.Object({ categoryId: Type.Integer(), nameZh: Type.String(), nameEn: Type.String(), ...RatesDto.properties })),
  children: Type.Array(Type.Object({ placeId: Type.Integer(), name: Type.String(), kind: Type.String(), ...RatesDto.properties })),
  handlers: Type.Array(Type.Object({ kind: Type.String(), id: Type.Integer(), name: Type.String(), ...RatesDto.properties })),
  now: Type.Object({ open: Type.Integer(), overdue: Type.Integer(), deferred: Type.Integer() }),
});
export type StatsT = Static<typeof StatsDto>;

export const SpanT = Type.Object({ unit: lit(['hours', 'days'] as const), amount: Type.Integer({ minimum: 1, maximum: 720 }) }, { additionalProperties: false });
const ClassSpansT = Type.Object({ response: Type.Optional(SpanT), resolution: Type.Optional(SpanT) }, { additionalProperties: false });
const DateList = Type.Array(Type.String({ format: 'date' }), { maxItems: 400, uniqueItems: true });
export const SettingsPatchT = Type.Object(
  {
    deadlines: Type.Optional(
      Type.Object(
        { emergency: Type.Optional(ClassSpansT), utilities: Type.Optional(ClassSpansT), ordinary: Type.Optional(ClassSpansT), complex: Type.Optional(ClassSpansT) },
        { additionalProperties: false },
      ),
    ),
    contactHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })),
    workingDays: Type.Optional(Type.Boolean()),
    holidays: Type.Optional(DateList),
    makeUpDays: Type.Optional(DateList),
    weights: Type.Optional(
      Type.Object(
        { response: Type.Integer({ minimum: 0, maximum: 100 }), resolution: Type.Integer({ minimum: 0, maximum: 100 }), satisfaction: Type.Integer({ minimum: 0, maximum: 100 }) },
        { additionalProperties: false },
      ),
    ),
    autoCloseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  },
  { additionalProperties: false },
);
export type SettingsPatchBody = Static<typeof SettingsPatchT>;

const Span = Type.Object({ unit: lit(['hours', 'days'] as const), amount: Type.Integer() });
const Spans = Type.Object({ response: Span, resolution: Span });
export const SettingsDto = Type.Object({
  place: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  /** what this place sets itself */
  own: Type.Any(),
  /** what applies here (defaults, district, street merged) */
  effective: Type.Object({
    deadlines: Type.Object({ emergency: Spans, utilities: Spans, ordinary: Spans, complex: Spans }),
    contactHours: Type.Integer(),
    workingDays: Type.Boolean(),
    holidays: Type.Array(Type.String()),
    makeUpDays: Type.Array(Type.String()),
    weights: Type.Object({ response: Type.Integer(), resolution: Type.Integer(), satisfaction: Type.Integer() }),
    autoCloseDays: Type.Integer(),
  }),
  version: Type.Integer(),
});
export type SettingsT = Static<typeof SettingsDto>;

export const CategoryCreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    nameZh: Text(50),
    nameEn: Text(80),
    kind: RequestKind,
    routeTo: RouteTo,
    departmentName: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
    deadlineClass: DeadlineClassT,
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export const CategoryPatchBody = Type.Object(
  {
    nameZh: Type.Optional(Text(50)),
    nameEn: Type.Optional(Text(80)),
    kind: Type.Optional(RequestKind),
    routeTo: Type.Optional(RouteTo),
    departmentName: Type.Optional(Type.Union([Type.String({ minLength: 2, maxLength: 50 }), Type.Null()])),
    deadlineClass: Type.Optional(DeadlineClassT),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** A street's own rule for a category; null fields fall back to the catalogue. */
export const CategoryRuleBody = Type.Object(
  {
    routeTo: Type.Union([RouteTo, Type.Null()]),
    departmentOrgId: Type.Union([Id, Type.Null()]),
    deadlineClass: Type.Union([DeadlineClassT, Type.Null()]),
    active: Type.Union([Type.Boolean(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const PhotoDto = Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() });
