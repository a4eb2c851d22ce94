import { defineErrors } from '../errors';

export const AccountErrors = defineErrors({
  USER_NOT_FOUND: { status: 404, zh: '找不到该用户', en: 'User not found' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is taken' },
  ROLE_NOT_GRANTABLE: { status: 403, zh: '您不能授予该角色（只能授予低于自己的角色）', en: 'You may only grant roles below your own' },
  ROLE_WRONG_PLACE: { status: 400, zh: '该角色不能设在此类地点上', en: 'This role cannot be held on this kind of place' },
  ROLE_NEEDS_ORG: { status: 400, zh: '该角色须指定所属单位（物业公司或部门）', en: 'This role needs an organisation of the right kind' },
  ROLE_ALREADY_HELD: { status: 409, zh: '该用户已在此地点拥有该角色', en: 'The user already holds this role here' },
  GRANT_NOT_FOUND: { status: 404, zh: '找不到该授权', en: 'Role grant not found' },
  RESIDENT_NOT_OF_UNIT: { status: 400, zh: '居民账号须关联居住或拥有该房屋的人员', en: 'A resident account must belong to a person who lives in or owns that unit' },
  CANNOT_CHANGE_SELF: { status: 403, zh: '不能修改自己的角色或停用自己的账号', en: 'You cannot change your own roles or disable yourself' },
});
