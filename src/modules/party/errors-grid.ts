// Error codes of the 三长 grid (cells, households, bulk assignment, visits, points).
import { defineErrors } from '../../core/errors';

export const GridErrors = defineErrors({
  GRID_LEVEL_PLACE: {
    status: 400,
    zh: '网格层级与地点不符：片设在社区或小区，组设在小区或楼栋，邻设在楼栋或单元',
    en: 'The level does not fit the place: a 片 sits on a community or an estate, a 组 on an estate or a building, a 邻 on a building or an entrance',
  },
  GRID_PARENT_INVALID: { status: 400, zh: '上级网格无效：组须在片下，邻须在组下，片没有上级', en: 'Wrong parent: a 组 belongs to a 片, a 邻 to a 组, a 片 has none' },
  GRID_PARENT_PLACE: { status: 400, zh: '该地点不在上级网格的范围内', en: 'The place lies outside the parent cell’s place' },
  GRID_PLACE_NOT_FOUND: { status: 404, zh: '找不到该地点', en: 'Place not found' },
  GRID_CELL_NOT_EMPTY: { status: 409, zh: '网格下还有下级网格或住户，不能撤销', en: 'The cell still has cells or households under it and cannot be retired' },
  GRID_NOT_A_LIN: { status: 400, zh: '住户只能分配到邻', en: 'Households are assigned to a 邻 only' },
  GRID_NOT_A_ZU: { status: 400, zh: '批量划分须指定一个组', en: 'Bulk assignment needs a 组' },
  GRID_BULK_PLACE: { status: 400, zh: '批量划分须按楼栋或单元进行', en: 'Bulk assignment works on a building or an entrance' },
  GRID_HOUSEHOLD_NOT_FOUND: { status: 404, zh: '找不到该住户', en: 'Household not found' },
  GRID_HOUSEHOLD_OUTSIDE: { status: 400, zh: '住户不在该邻所在小区内', en: 'The household does not live in the 邻’s estate' },
  GRID_HOUSEHOLD_ASSIGNED: {
    status: 409,
    zh: '住户已属于其他邻；如需调整请确认“移入”（move）',
    en: 'The household already belongs to another 邻; confirm the move (move: true) to take it over',
  },
  GRID_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  GRID_PERSON_NOT_MEMBER: { status: 400, zh: '该居民不是此住户的成员', en: 'This person is not a member of the household' },
  GRID_NO_PERSON: { status: 403, zh: '您的账号未关联人员信息，无法以三长身份操作', en: 'Your account is not linked to a person, so you cannot act as a 三长' },
  GRID_VISIT_DATE: { status: 400, zh: '走访时间不能晚于现在，也不能早于90天前', en: 'The visit time cannot be in the future or more than 90 days ago' },
  GRID_TOO_MANY_LEADERS: { status: 400, zh: '指定的邻长多于新建的邻', en: 'More leaders than 邻 created' },
  GRID_NOT_A_LEADER: { status: 400, zh: '该人员不是本辖区的三长', en: 'This person leads no grid cell in your area' },
  GRID_COVERAGE_PLACE: { status: 400, zh: '覆盖率按区、街道、社区或小区统计', en: 'Coverage is reported for a district, a street, a community or an estate' },
});
