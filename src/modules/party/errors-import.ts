// Error codes of the party and 三长 import, and the reasons a row of the file is refused (each in
// Chinese and English: the report is read by the office worker who fixes the file).
import { defineErrors } from '../../core/errors';

export const PartyImportErrors = defineErrors({
  PARTY_IMPORT_NO_SCOPE: { status: 403, zh: '没有可导入的辖区', en: 'You hold no area to import into' },
  PARTY_IMPORT_CONFLICT: { status: 409, zh: '导入期间数据已被他人修改（例如同一人已被登记为党员），请重新预检', en: 'The data changed during the import (someone registered the same person); check the file again' },
});

export const IMPORT_REASONS = {
  required: { zh: '必填', en: 'Required' },
  too_long: { zh: '内容过长', en: 'Too long' },
  bad_cell: { zh: '单元格是公式错误或没有计算结果', en: 'The cell holds a formula error or an uncalculated formula' },
  bad_id_number: { zh: '身份证号格式或校验位不正确', en: 'Not a valid ID number (format or check digit)' },
  bad_phone: { zh: '手机号格式不正确', en: 'Not a valid phone number' },
  unknown_person: { zh: '找不到此人（按身份证号，或姓名加手机号）', en: 'No such person (by ID number, or by name and phone)' },
  ambiguous_person: { zh: '姓名和手机号对应多人，请填写身份证号', en: 'Several people match the name and phone; give the ID number' },
  name_mismatch: { zh: '身份证号对应的人姓名不同', en: 'The ID number belongs to someone with another name' },
  bad_status: { zh: '党员类别应为“正式党员”或“预备党员”', en: 'Member status must be 正式党员 (full) or 预备党员 (probationary)' },
  bad_category: { zh: '人员类别应为“在职”“退休”或“其他”', en: 'Category must be 在职, 退休 or 其他' },
  bad_bool: { zh: '应填“是”或“否”', en: 'Use 是 (yes) or 否 (no)' },
  bad_date: { zh: '日期格式应为 2020-07-01，且不能晚于今天', en: 'Use a date like 2020-07-01, not in the future' },
  full_before_joined: { zh: '转正日期须晚于入党日期', en: 'Full membership must come after joining' },
  probationary_full_on: { zh: '预备党员不应填写转正日期', en: 'A probationary member has no date of full membership' },
  unknown_org: { zh: '找不到该党组织', en: 'No such party organisation' },
  ambiguous_org: { zh: '辖区内有多个同名党组织', en: 'Several party organisations in your area have this name' },
  not_in_scope: { zh: '不在您的辖区内', en: 'Outside your area' },
  unit_not_found: { zh: '找不到该地址（格式：小区/楼栋/单元/房号）', en: 'Address not found (estate/building/entrance/unit)' },
  place_not_found: { zh: '找不到该地点（格式：社区/小区/楼栋/单元，从任一级写起）', en: 'Place not found (community/estate/building/entrance, from any level)' },
  ambiguous_place: { zh: '辖区内有多处同名地址，请从社区写起', en: 'Several places in your area match; start from the community' },
  duplicate_in_file: { zh: '与文件中前面的行重复', en: 'Repeats an earlier row of the file' },
  already_member: { zh: '此人已登记为党员', en: 'This person is already registered as a party member' },
  bad_post: { zh: '职务应为“片长”“组长”或“邻长”', en: 'Post must be 片长, 组长 or 邻长' },
  wrong_place_level: { zh: '地点层级与职务不符（片长：社区；组长：小区；邻长：楼栋或单元）', en: 'The place does not fit the post (片长: community; 组长: estate; 邻长: building or entrance)' },
  unknown_parent: { zh: '找不到上级网格（须是上一级网格，且包含该地点）', en: 'No such parent cell (one level up, containing the place)' },
  parent_not_allowed: { zh: '片没有上级网格', en: 'A 片 has no parent cell' },
  parent_required: { zh: '新建组、邻时须填写上级网格', en: 'A new 组 or 邻 needs its parent cell' },
} as const;
export type ImportReason = keyof typeof IMPORT_REASONS;
