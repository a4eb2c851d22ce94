// Runtime configuration, read once from the environment.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  piiKey: string | undefined;
  sessionTtlHours: number;
  sessionIdleHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  passwordCost: number; // log2 of scrypt N
  sweepIntervalSeconds: number;
  nodeId: string;
  logLevel: string;
  webDir: string;
  secureCookies: boolean;
  /** SMS gateway: pending text messages are POSTed here as JSON; unset, they stay in sms_outbox and go to the server log. */
  smsWebhookUrl: string | undefined;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
  return {
    port: int('PORT', 3000),
    host: process.env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    piiKey: process.env.GONGZHI_PII_KEY || undefined,
    sessionTtlHours: int('SESSION_TTL_HOURS', 12),
    sessionIdleHours: int('SESSION_IDLE_HOURS', 2),
    loginMaxFailures: int('LOGIN_MAX_FAILURES', 5),
    loginLockMinutes: int('LOGIN_LOCK_MINUTES', 15),
    passwordCost: int('PASSWORD_COST', 15),
    sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', 60),
    nodeId: process.env.NODE_ID ?? `node-${process.pid}`,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    webDir: path.resolve(process.env.WEB_DIR ?? './dist/web'),
    secureCookies: process.env.SECURE_COOKIES === 'true',
    smsWebhookUrl: process.env.SMS_WEBHOOK_URL || undefined,
    ...overrides,
  };
}
