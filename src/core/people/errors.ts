import { defineErrors } from '../errors';

export const PeopleErrors = defineErrors({
  PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  HOUSEHOLD_NOT_FOUND: { status: 404, zh: '找不到该住户', en: 'Household not found' },
  OWNERSHIP_NOT_FOUND: { status: 404, zh: '找不到该产权记录', en: 'Ownership record not found' },
  INVALID_ID_NUMBER: { status: 400, zh: '身份证号码无效（格式、出生日期或校验位不正确）', en: 'The ID number is not valid (format, birth date or check digit)' },
  ID_NUMBER_TAKEN: { status: 409, zh: '该身份证号码已登记在另一人员名下', en: 'This ID number is already registered to another person' },
  NOT_A_UNIT: { status: 400, zh: '只能关联到房屋', en: 'This must be a unit (房屋)' },
  ALREADY_MEMBER: { status: 409, zh: '该人员已是此住户成员', en: 'The person is already in this household' },
  ONE_HEAD_ONLY: { status: 409, zh: '每户只能有一位户主', en: 'A household has only one head' },
  ALREADY_OWNER: { status: 409, zh: '该产权人已登记', en: 'This owner is already registered for the unit' },
  ONE_DELEGATE_ONLY: { status: 409, zh: '共有人中只能指定一位投票人', en: 'Co-owners name only one voting delegate' },
  PERSON_LAST_LINK: { status: 409, zh: '这是该人员唯一的住户或产权关联，移除后将无法再管理其信息', en: 'This is the person’s last household or ownership link; removing it would leave the record unmanageable' },
  OWNERSHIP_ENDS_BEFORE_START: { status: 400, zh: '产权结束日期早于开始日期', en: 'The ownership cannot end before it began' },
  BAD_AREA: { status: 400, zh: '面积须为大于 0 的数字，最多两位小数', en: 'Area must be a positive number with at most two decimals' },
  DEVELOPER_ONLY_UNSOLD: { status: 400, zh: '开发建设单位只能登记为未售出或未交付', en: 'A developer holds units only as unsold or undelivered' },
});
