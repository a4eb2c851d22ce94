// The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF
// token on every write, and typed errors carrying the server's code and messages in both languages.

export interface ErrorMessages {
  'zh-CN': string;
  en: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: ErrorMessages;
  readonly details: unknown;
  constructor(status: number, code: string, messages: ErrorMessages, details: unknown) {
    super(messages.en || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: ((error: ApiError) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is missing or expired (not for the login call itself). */
export function setUnauthorizedHandler(fn: ((error: ApiError) => void) | null): void {
  onUnauthorized = fn;
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function isErrorBody(x: unknown): x is { error: { code: string; messages?: ErrorMessages; message?: string; details?: unknown } } {
  return typeof x === 'object' && x !== null && 'error' in x && typeof (x as { error: unknown }).error === 'object';
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  if (isErrorBody(body)) {
    const e = body.error;
    const fallback = e.message ?? e.code;
    return new ApiError(res.status, e.code, e.messages ?? { 'zh-CN': fallback, en: fallback }, e.details ?? null);
  }
  return new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'HTTP_' + res.status, { 'zh-CN': `请求失败（${res.status}）`, en: `Request failed (${res.status})` }, null);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery('/api' + path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', { 'zh-CN': '网络连接失败，请检查网络后重试', en: 'Network error; check your connection and retry' }, null);
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && path !== '/auth/login' && onUnauthorized) onUnauthorized(error);
    throw error;
  }
  return res;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Download a file answer (an export or a template) and hand it to the browser as a file. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send(path, {});
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
