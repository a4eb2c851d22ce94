// Personal data at rest (DOMAIN.md §13): encryption, duplicate-finding hash, masks, and the
// resident ID number check of GB 11643-1999.
import { describe, expect, it } from 'vitest';
import { PiiCipher, idCheckChar, isValidIdNumber, maskIdNumber } from './pii';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

/** Flip one bit of the decoded payload at `index` and re-encode. */
function tamper(stored: string, index: number): string {
  const raw = Buffer.from(stored.slice(3), 'base64');
  raw[index] ^= 0x01;
  return 'v1:' + raw.toString('base64');
}

describe('PiiCipher: AES-256-GCM', () => {
  const c = new PiiCipher(key);

  it('round-trips an ID number and Chinese text', () => {
    for (const plain of ['11010519491231002X', '张三 四川省南充市嘉陵区', '']) {
      const stored = c.encrypt(plain);
      expect(stored.startsWith('v1:')).toBe(true);
      expect(stored).not.toContain(plain || '\u0000');
      expect(c.decrypt(stored)).toBe(plain);
    }
  });

  it('uses a fresh IV each time: the same number encrypts differently', () => {
    const a = c.encrypt('11010519491231002X');
    const b = c.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64').subarray(0, 12).equals(Buffer.from(b.slice(3), 'base64').subarray(0, 12))).toBe(false);
  });

  it('stores IV (12) + tag (16) + ciphertext (same length as the text)', () => {
    expect(Buffer.from(c.encrypt('11010519491231002X').slice(3), 'base64').length).toBe(12 + 16 + 18);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const stored = c.encrypt('11010519491231002X');
    expect(() => c.decrypt(tamper(stored, 30))).toThrow(); // body
    expect(() => c.decrypt(tamper(stored, 15))).toThrow(); // tag
    expect(() => c.decrypt(tamper(stored, 0))).toThrow(); // iv
    expect(c.decrypt(stored)).toBe('11010519491231002X');
  });

  it('refuses a ciphertext made under another key', () => {
    const stored = new PiiCipher(otherKey).encrypt('11010519491231002X');
    expect(() => c.decrypt(stored)).toThrow();
  });

  it('refuses an unknown format version', () => {
    expect(() => c.decrypt('v2:' + c.encrypt('x').slice(3))).toThrow('unknown PII cipher version');
  });

  it('needs a 32-byte key', () => {
    expect(() => new PiiCipher(Buffer.alloc(16))).toThrow('32 bytes');
    expect(() => new PiiCipher(Buffer.alloc(33))).toThrow('32 bytes');
  });
});

describe('PiiCipher: HMAC for duplicates', () => {
  it('is stable for the same key, across instances', () => {
    const h = new PiiCipher(key).hmac('11010519491231002X');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new PiiCipher(Buffer.alloc(32, 7)).hmac('11010519491231002X')).toBe(h);
  });

  it('ignores the case of the check character x/X', () => {
    const c = new PiiCipher(key);
    expect(c.hmac('11010519491231002x')).toBe(c.hmac('11010519491231002X'));
  });

  it('differs for another number and under another key', () => {
    const c = new PiiCipher(key);
    expect(c.hmac('440524190001010011')).not.toBe(c.hmac('11010519491231002X'));
    expect(new PiiCipher(otherKey).hmac('11010519491231002X')).not.toBe(c.hmac('11010519491231002X'));
  });

  it('is not derived from the encryption key alone (not a plain SHA-256 of the number)', async () => {
    const { createHash } = await import('node:crypto');
    expect(new PiiCipher(key).hmac('11010519491231002X')).not.toBe(createHash('sha256').update('11010519491231002X').digest('hex'));
  });
});

describe('masks', () => {
  it('shows the first 3 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('110105199003071234')).toBe('110***********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('110105199003071234')).toHaveLength(18);
  });

  it('hides a short value entirely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('12345678')).toBe('123*5678');
  });
});

describe('GB 11643-1999 resident ID numbers', () => {
  it('computes the check character of the standard’s examples', () => {
    // the standard's own examples: 11010519491231002X and 440524188001010014
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts real valid numbers', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    for (const first17 of ['51130419850615123', '31010120000229001', '11010519900307123']) {
      expect(isValidIdNumber(first17 + idCheckChar(first17)), first17).toBe(true);
    }
  });

  it('refuses a wrong check digit', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002Y')).toBe(false);
    const first17 = '51130419850615123';
    const good = idCheckChar(first17);
    const wrong = '10X98765432'.split('').find((c) => c !== good)!;
    expect(isValidIdNumber(first17 + wrong)).toBe(false);
  });

  it('wants an upper-case X (the service upper-cases input before checking)', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
  });

  it('refuses wrong lengths and characters', () => {
    for (const bad of ['', '11010519491231002', '11010519491231002XX', '110105491231002', '1101051949123100 X', '11010519491231002Ｘ', 'A1010519491231002X']) {
      expect(isValidIdNumber(bad), bad).toBe(false);
    }
  });

  it('refuses impossible birth dates even with a correct check digit', () => {
    const withCheck = (first17: string) => first17 + idCheckChar(first17);
    expect(isValidIdNumber(withCheck('11010519490230002'))).toBe(false); // 30 February
    expect(isValidIdNumber(withCheck('11010519491331002'))).toBe(false); // month 13
    expect(isValidIdNumber(withCheck('11010519490001002'))).toBe(false); // month 00
    expect(isValidIdNumber(withCheck('11010519490100002'))).toBe(false); // day 00
    expect(isValidIdNumber(withCheck('11010519000229002'))).toBe(false); // 1900 was not a leap year
    expect(isValidIdNumber(withCheck('11010520000229002'))).toBe(true); // 2000 was
    expect(isValidIdNumber(withCheck('11010520990101002'))).toBe(false); // born in the future
    expect(isValidIdNumber(withCheck('11010518991231002'))).toBe(false); // before 1900
    expect(isValidIdNumber('440524188001010014')).toBe(false); // the standard's 1880 example: valid check digit, refused as before 1900
  });
});
