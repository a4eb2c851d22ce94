// Request and response shapes of the meetings, the compliance calendar and the party settings
// (the web app imports the types from here).
import { Type, type Static } from 'typebox';
import { Id } from '../../core/schemas';
import { MEETING_KINDS } from './meetings';

const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum(values));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ORG_KINDS = ['working_committee', 'general_branch', 'community_committee', 'branch', 'joint_branch', 'group'] as const;
export const ATTENDANCE = ['present', 'leave', 'absent'] as const;
export const SLOT_STATUSES = ['held', 'missing', 'due_soon', 'open', 'upcoming'] as const;
export const FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;

const Day = Type.String({ format: 'date', maxLength: 10 });
const Count = Type.Integer({ minimum: 0, maximum: 100_000 });

export const MeetingKindT = lit(MEETING_KINDS);

const AttendanceIn = Type.Object({ memberId: Id, status: lit(ATTENDANCE) });
const MotionIn = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), inFavour: Count, against: Count, abstain: Count });

export const MeetingCreateBody = Type.Object({
  orgId: Id,
  kind: MeetingKindT,
  heldOn: Day,
  topic: Type.String({ minLength: 1, maxLength: 200 }),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  minutes: Type.Optional(Type.String({ maxLength: 20000 })),
  /** who came; members entitled to attend and not listed are recorded absent */
  attendance: Type.Array(AttendanceIn, { maxItems: 5000 }),
  motions: Type.Optional(Type.Array(MotionIn, { maxItems: 50 })),
});
export type MeetingCreateT = Static<typeof MeetingCreateBody>;

export const MeetingPatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  heldOn: Type.Optional(Day),
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  minutes: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
  attendance: Type.Optional(Type.Array(AttendanceIn, { maxItems: 5000 })),
  motions: Type.Optional(Type.Array(MotionIn, { maxItems: 50 })),
});
export type MeetingPatchT = Static<typeof MeetingPatchBody>;

export const MeetingListQuery = Type.Object({
  orgId: Type.Optional(Id),
  placeId: Type.Optional(Id),
  kind: Type.Optional(MeetingKindT),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type MeetingListQueryT = Static<typeof MeetingListQuery>;

export const MeetingSummaryDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgKind: lit(ORG_KINDS),
  placeName: Type.String(),
  kind: MeetingKindT,
  heldOn: Type.String(),
  topic: Type.String(),
  location: Nullable(Type.String()),
  entitled: Type.Integer(),
  present: Type.Integer(),
  /** 第十一条 / 第十二条 for members' and committee meetings; null where no quorum rule applies */
  quorate: Nullable(Type.Boolean()),
  motions: Type.Integer(),
  files: Type.Integer(),
  version: Type.Integer(),
});
export type MeetingSummary = Static<typeof MeetingSummaryDto>;

export const MeetingListDto = Type.Object({ items: Type.Array(MeetingSummaryDto), total: Type.Integer() });

export const MeetingFileDto = Type.Object({
  id: Type.Integer(),
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});
export type MeetingFile = Static<typeof MeetingFileDto>;

export const MeetingDetailDto = Type.Intersect([
  MeetingSummaryDto,
  Type.Object({
    minutes: Nullable(Type.String()),
    createdBy: Nullable(Type.String()),
    attendance: Type.Array(
      Type.Object({
        memberId: Type.Integer(),
        name: Type.String(),
        status: lit(ATTENDANCE),
        /** a full member (a probationary member attends without a vote) */
        voting: Type.Boolean(),
      }),
    ),
    counts: Type.Object({ present: Type.Integer(), leave: Type.Integer(), absent: Type.Integer() }),
    quorum: Nullable(
      Type.Object({
        rule: lit(['members', 'committee'] as const),
        entitled: Type.Integer(),
        present: Type.Integer(),
        quorate: Type.Boolean(),
        article: Type.String(),
      }),
    ),
    motionRule: Nullable(Type.String()),
    motionList: Type.Array(
      Type.Object({
        id: Type.Integer(),
        title: Type.String(),
        inFavour: Type.Integer(),
        against: Type.Integer(),
        abstain: Type.Integer(),
        /** those with a vote who should attend: a motion passes with more than half of them in favour */
        shouldAttend: Type.Integer(),
        passed: Type.Boolean(),
      }),
    ),
    fileList: Type.Array(MeetingFileDto),
  }),
]);
export type MeetingDetail = Static<typeof MeetingDetailDto>;

export const RosterQuery = Type.Object({ orgId: Id, kind: MeetingKindT });
export const RosterDto = Type.Object({
  /** the kinds of meeting the organisation holds */
  kinds: Type.Array(MeetingKindT),
  /** who should attend a meeting of the kind asked (empty when the organisation does not hold it) */
  entitled: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), voting: Type.Boolean() })),
});
export type Roster = Static<typeof RosterDto>;

export const CalendarQuery = Type.Object({
  placeId: Type.Optional(Id),
  orgId: Type.Optional(Id),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});
export type CalendarQueryT = Static<typeof CalendarQuery>;

const Completion = {
  held: Type.Integer(),
  due: Type.Integer(),
  /** held / due in percent to one decimal, exact (rounded half up); null when nothing was due yet */
  percent: Nullable(Type.String()),
  missing: Type.Integer(),
  dueSoon: Type.Integer(),
};

export const CalendarOrgDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: lit(ORG_KINDS),
  placeId: Type.Integer(),
  placeName: Type.String(),
  /** the community the organisation lies in (for the chart by community), if any */
  communityName: Nullable(Type.String()),
  kinds: Type.Array(MeetingKindT),
  ...Completion,
});
export type CalendarOrg = Static<typeof CalendarOrgDto>;

export const CalendarSlotDto = Type.Object({
  kind: MeetingKindT,
  start: Type.String(),
  end: Type.String(),
  held: Type.Array(Type.String()),
  status: lit(SLOT_STATUSES),
});
export type CalendarSlot = Static<typeof CalendarSlotDto>;

export const CalendarDto = Type.Object({
  from: Type.String(),
  to: Type.String(),
  today: Type.String(),
  totals: Type.Object({ orgs: Type.Integer(), ...Completion }),
  /** worst first: the lowest completion, then the most missing */
  orgs: Type.Array(CalendarOrgDto),
  /** the periods of one organisation (only with orgId) */
  slots: Nullable(Type.Array(CalendarSlotDto)),
  frequencies: Nullable(Type.Record(Type.String(), lit(FREQUENCIES))),
});
export type Calendar = Static<typeof CalendarDto>;

const Freq = lit(FREQUENCIES);
const Frequencies = Type.Object(
  {
    members: Type.Optional(Freq),
    committee: Type.Optional(Freq),
    group: Type.Optional(Freq),
    lecture: Type.Optional(Freq),
    theme_day: Type.Optional(Freq),
    life_meeting: Type.Optional(Freq),
    appraisal: Type.Optional(Freq),
  },
  { additionalProperties: false },
);

export const PartySettingsPatch = Type.Object(
  {
    frequencies: Type.Optional(Frequencies),
    remindDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    termWarningDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    linMinHouseholds: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    linMaxHouseholds: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    pointsPerVisit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    pointsPerReport: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type PartySettingsPatchT = Static<typeof PartySettingsPatch>;

export const PartySettingsBody = Type.Object({ version: Type.Integer({ minimum: 0 }), settings: PartySettingsPatch });

export const PartySettingsDto = Type.Object({
  place: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  own: PartySettingsPatch,
  effective: Type.Object({
    frequencies: Type.Record(Type.String(), lit(FREQUENCIES)),
    remindDays: Type.Integer(),
    termWarningDays: Type.Integer(),
    linMinHouseholds: Type.Integer(),
    linMaxHouseholds: Type.Integer(),
    pointsPerVisit: Type.Integer(),
    pointsPerReport: Type.Integer(),
  }),
  version: Type.Integer(),
});
export type PartySettingsView = Static<typeof PartySettingsDto>;
