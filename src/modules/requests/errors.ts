// Error codes of the request loop, each with its Chinese and English message.
import { defineErrors } from '../../core/errors';

export const RequestErrors = defineErrors({
  REQUEST_NOT_FOUND: { status: 404, zh: '找不到该诉求', en: 'Request not found' },
  REQUEST_CATEGORY_UNKNOWN: { status: 400, zh: '诉求类别不存在或已停用', en: 'Unknown or inactive request category' },
  REQUEST_CATEGORY_CODE_TAKEN: { status: 409, zh: '类别编码已被使用', en: 'This category code is already in use' },
  REQUEST_PLACE_INVALID: { status: 400, zh: '诉求地点须为社区、小区或其下的楼栋、单元、房屋', en: 'A request is filed on a community, an estate or a building, entrance or unit in it' },
  REQUEST_PLACE_NOT_YOURS: { status: 403, zh: '只能反映本人所住小区的问题', en: 'You can report only on the estate you live in' },
  REQUEST_STATE_CONFLICT: { status: 409, zh: '诉求状态已变化，该操作不能执行，请刷新后重试', en: 'The request has moved on; this action no longer applies. Reload and retry' },
  REQUEST_ACTION_FORBIDDEN: { status: 403, zh: '您不能对该诉求执行此操作', en: 'You may not take this action on the request' },
  REQUEST_REASON_REQUIRED: { status: 400, zh: '请填写理由（至少2个字）', en: 'Give a reason (at least 2 characters)' },
  REQUEST_RESOLUTION_REQUIRED: { status: 400, zh: '请填写办理结果（至少2个字）', en: 'Describe how it was resolved (at least 2 characters)' },
  REQUEST_TARGET_INVALID: { status: 400, zh: '转办或升级的对象无效', en: 'The unit to transfer or escalate to is not valid' },
  REQUEST_TARGET_SAME: { status: 400, zh: '不能转给当前承办单位', en: 'The request is already with this unit' },
  REQUEST_ALREADY_CONTACTED: { status: 409, zh: '已记录联系诉求人', en: 'Contact with the requester is already recorded' },
  REQUEST_ALREADY_RATED: { status: 409, zh: '本轮办理已评价', en: 'This round of handling has already been rated' },
  REQUEST_NOT_RATABLE: { status: 409, zh: '诉求办结后才能评价', en: 'A request can be rated once it is resolved' },
  REQUEST_COHANDLER_EXISTS: { status: 409, zh: '该单位已是协办单位', en: 'This unit is already a co-handler' },
  REQUEST_ON_BEHALF_REQUIRED: { status: 400, zh: '代为反映时须填写诉求人姓名和电话', en: 'Filing for someone else needs their name and phone number' },
  REQUEST_DUPLICATE_EXTERNAL: { status: 409, zh: '该工单已导入', en: 'This order has already been filed' },
  REQUEST_PHOTO_INVALID: { status: 400, zh: '照片须为 JPEG、PNG 或 WebP 图片，且不超过 5 MB', en: 'A photo must be a JPEG, PNG or WebP image of at most 5 MB' },
  REQUEST_PHOTO_UNKNOWN: { status: 400, zh: '照片不存在、已被使用或不是您上传的', en: 'A photo does not exist, is already used, or was not uploaded by you' },
  REQUEST_TOO_MANY_PHOTOS: { status: 400, zh: '每次最多上传9张照片', en: 'At most 9 photos at a time' },
  REQUEST_SETTINGS_INVALID: { status: 400, zh: '诉求设置无效', en: 'The request settings are not valid' },
  REQUEST_SETTINGS_PLACE: { status: 400, zh: '诉求设置只能设在区或街道', en: 'Request settings belong to a district or a street' },
  REQUEST_PERIOD_INVALID: { status: 400, zh: '统计时段无效（起止日期须有效且不超过3年）', en: 'The period is not valid (valid dates, at most 3 years)' },
});
