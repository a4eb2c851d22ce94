// Error codes of 三会一课 meetings, their files, the compliance calendar and the party settings.
import { defineErrors } from '../../core/errors';

export const MeetingErrors = defineErrors({
  PARTY_MEETING_NOT_FOUND: { status: 404, zh: '找不到该会议记录', en: 'Meeting not found' },
  PARTY_MEETING_IN_FUTURE: { status: 400, zh: '会议召开后才能记录，日期不能晚于今天', en: 'A meeting is recorded once held: its date cannot be after today' },
  PARTY_MEETING_KIND_NOT_APPLICABLE: {
    status: 400,
    zh: '该党组织不召开此类会议（例如：党小组会由党小组召开，支委会须设有支部委员会）',
    en: 'This organisation does not hold this kind of meeting (a group meeting belongs to a party group; a committee meeting needs a committee)',
  },
  PARTY_MEETING_ATTENDANCE_INVALID: { status: 400, zh: '出席名单有误：只能登记应参会人员，且每人一次', en: 'The attendance list is not valid: only people entitled to attend, each once' },
  PARTY_MEETING_MOTIONS_NOT_ALLOWED: { status: 400, zh: '只有党员大会记录表决事项', en: 'Only a members’ meeting (党员大会) records motions' },
  PARTY_MEETING_NOT_QUORATE: {
    status: 409,
    zh: '到会有表决权的党员不足半数，不能进行表决（《中国共产党支部工作条例（试行）》第十一条）',
    en: 'Fewer than half of the members with a vote are present: no vote may be taken (Branch Work Regulations, art. 11)',
  },
  PARTY_MEETING_VOTES_INCONSISTENT: {
    status: 400,
    zh: '赞成、反对、弃权票数之和不能超过到会有表决权的党员人数',
    en: 'In favour, against and abstaining together cannot exceed the members with a vote present',
  },
  PARTY_MEETING_FILE_INVALID: { status: 400, zh: '附件须为 PDF、JPEG、PNG 或 DOCX 文件', en: 'An attachment must be a PDF, JPEG, PNG or DOCX file' },
  PARTY_MEETING_FILE_TOO_LARGE: { status: 413, zh: '附件不能超过 10 MB', en: 'An attachment may be at most 10 MB' },
  PARTY_CALENDAR_RANGE_INVALID: { status: 400, zh: '日历的起止日期无效（起始不晚于结束，跨度不超过三年）', en: 'The calendar range is not valid (from ≤ to, at most three years)' },
});
