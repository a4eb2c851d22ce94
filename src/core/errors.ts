// Typed application errors: a code, an HTTP status and a message in Chinese and English.
// Modules add their own codes with defineErrors(); one handler in server.ts turns them into JSON.

export interface ErrorDef {
  status: number;
  zh: string;
  en: string;
}

const catalogue = new Map<string, ErrorDef>();

export function defineErrors<T extends Record<string, ErrorDef>>(defs: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, def] of Object.entries(defs)) {
    catalogue.set(code, def);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function errorDef(code: string): ErrorDef | undefined {
  return catalogue.get(code);
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, details?: unknown) {
    const def = catalogue.get(code);
    super(def ? def.en : code);
    this.code = code;
    this.status = def?.status ?? 500;
    this.details = details ?? null;
  }
}

export const CoreErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, zh: '输入有误，请检查后重试', en: 'The input is not valid' },
  BAD_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '找不到该资源', en: 'Not found' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You may not do this' },
  NOT_IN_SCOPE: { status: 403, zh: '该对象不在您的管辖范围内', en: 'This is outside your area of responsibility' },
  CSRF_INVALID: { status: 403, zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
});

export type Lang = 'zh-CN' | 'en';

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export interface ErrorBody {
  error: { code: string; message: string; messages: { 'zh-CN': string; en: string }; details: unknown };
}

export function errorBody(code: string, lang: Lang, details: unknown = null): ErrorBody {
  const def = catalogue.get(code) ?? catalogue.get('INTERNAL')!;
  return {
    error: {
      code,
      message: lang === 'en' ? def.en : def.zh,
      messages: { 'zh-CN': def.zh, en: def.en },
      details,
    },
  };
}
