import { defineErrors } from '../errors';

export const AuthErrors = defineErrors({
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已临时锁定，请稍后再试', en: 'Too many failed logins; the account is locked for a while' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'Change your initial password first' },
  WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  WEAK_PASSWORD: { status: 400, zh: '新密码至少 8 位，并包含字母、数字或符号中的两类', en: 'The new password needs at least 8 characters of two kinds (letters, digits, symbols)' },
  PASSWORD_REUSED: { status: 400, zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
});
