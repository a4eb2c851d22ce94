// Personal data at rest (PIPL, DOMAIN.md §13): ID numbers are encrypted with AES-256-GCM under a
// key from the environment; a keyed HMAC finds duplicates without decrypting; lists show a mask.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the PII key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi-pii-enc', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi-pii-mac', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('unknown PII cipher version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  hmac(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain.toUpperCase()).digest('hex');
  }
}

/** 110105199003071234 → 110***********1234 */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of an 18-character resident ID (GB 11643-1999). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('GONGZHI_PII_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

/**
 * The key comes from GONGZHI_PII_KEY. The embedded single-node setup may instead keep a generated
 * key beside its data (DATA_DIR/pii.key); PostgreSQL deployments must set the variable so every
 * node shares one key.
 */
export function loadPiiKey(opts: { envKey: string | undefined; dataDir: string; allowGenerated: boolean }): { key: Buffer; source: string } {
  if (opts.envKey) return { key: parseKey(opts.envKey), source: 'GONGZHI_PII_KEY' };
  if (!opts.allowGenerated) throw new Error('GONGZHI_PII_KEY is required when DATABASE_URL is set (every app node must share it)');
  const file = path.join(opts.dataDir, 'pii.key');
  if (fs.existsSync(file)) return { key: parseKey(fs.readFileSync(file, 'utf8')), source: file };
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return { key, source: `${file} (generated)` };
}
