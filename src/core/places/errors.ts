import { defineErrors } from '../errors';

export const PlaceErrors = defineErrors({
  PLACE_NOT_FOUND: { status: 404, zh: '找不到该地点', en: 'Place not found' },
  PLACE_WRONG_KIND: { status: 400, zh: '该层级下不能建立此类地点', en: 'This kind of place cannot sit under that parent' },
  PLACE_NAME_TAKEN: { status: 409, zh: '同一上级下已有同名地点', en: 'A place with this name already exists under the same parent' },
  PLACE_RETIRED: { status: 409, zh: '该地点已停用', en: 'This place is retired' },
  PLACE_MOVE_INVALID: { status: 400, zh: '不能这样移动该地点', en: 'The place cannot be moved there' },
  PLACE_VERSION_CONFLICT: { status: 409, zh: '该地点已被他人修改，请刷新后重试', en: 'Someone else changed this place; reload and retry' },
  IMPORT_INVALID: { status: 422, zh: '导入文件有错误，未导入任何数据', en: 'The file has errors; nothing was imported' },
  IMPORT_FILE_UNREADABLE: { status: 400, zh: '无法读取导入文件，请使用 XLSX 或 CSV 格式', en: 'The file could not be read; use XLSX or CSV' },
  IMPORT_TOO_MANY_ROWS: { status: 413, zh: '导入行数超过上限', en: 'Too many rows in one import' },
  ORG_NOT_FOUND: { status: 404, zh: '找不到该单位', en: 'Organisation not found' },
  ORG_NAME_TAKEN: { status: 409, zh: '已有同名同类单位', en: 'An organisation of this kind with this name already exists' },
  ORG_WRONG_KIND: { status: 400, zh: '单位类型不符', en: 'The organisation is of the wrong kind' },
});
