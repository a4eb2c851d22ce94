// Party settings: own and effective (community over street over district over the defaults), the
// version (raced), validation of what the merge gives, the places that hold settings, and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { DEFAULT_PARTY_SETTINGS, effectivePartySettings } from '../../src/modules/party/settings';
import { auditHeadSeq, auditSince, grantPlaceOf, pathOf } from '../helpers';
import { num, ok, staffAccount } from './fixtures-meetings';

let env: TestEnv;
let admin: Client;
let street: Client;
let districtId: number;
let streetId: number;
let communityId: number;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  street = await env.login('street');
  districtId = await grantPlaceOf(env, 'admin');
  streetId = await grantPlaceOf(env, 'street');
  communityId = await grantPlaceOf(env, 'community');
}, 300_000);
afterAll(async () => env?.close());

describe('GET/PUT /api/party-settings/:placeId', () => {
  it('a place without its own settings shows the defaults, version 0', async () => {
    const v = ok(await admin.get(`/api/party-settings/${districtId}`));
    expect(v).toMatchObject({ place: { id: districtId, kind: 'district' }, own: {}, version: 0 });
    expect(v.effective).toEqual(DEFAULT_PARTY_SETTINGS);
  });

  it('community over street over district: each level’s own fields, the rest inherited; saves are audited', async () => {
    const seq = await auditHeadSeq(env);
    ok(await admin.put(`/api/party-settings/${districtId}`, { version: 0, settings: { remindDays: 10, pointsPerVisit: 3 } }));
    ok(await street.put(`/api/party-settings/${streetId}`, { version: 0, settings: { frequencies: { lecture: 'monthly' }, remindDays: 5 } }));
    const c = ok(await admin.put(`/api/party-settings/${communityId}`, { version: 0, settings: { remindDays: 3, frequencies: { members: 'half_yearly' } } }));
    expect(c.own).toEqual({ remindDays: 3, frequencies: { members: 'half_yearly' } });
    expect(c.version).toBe(1);
    expect(c.effective).toMatchObject({ remindDays: 3, pointsPerVisit: 3, frequencies: { lecture: 'monthly', members: 'half_yearly', committee: 'monthly' } });
    const s = ok(await street.get(`/api/party-settings/${streetId}`));
    expect(s.effective).toMatchObject({ remindDays: 5, pointsPerVisit: 3, frequencies: { lecture: 'monthly', members: 'quarterly' } });
    // an estate below the community reads what the community decides
    const estatePath = `${await pathOf(env, communityId)}999999/`;
    expect((await effectivePartySettings(env.ctx.db, estatePath)).remindDays).toBe(3);
    const audit = await auditSince(env, seq);
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['party.settings.save', String(districtId)],
      ['party.settings.save', String(streetId)],
      ['party.settings.save', String(communityId)],
    ]);
    expect(audit[2].after).toEqual({ remindDays: 3, frequencies: { members: 'half_yearly' } });
  });

  it('saving without a field inherits it again', async () => {
    const c = ok(await admin.put(`/api/party-settings/${communityId}`, { version: 1, settings: { frequencies: { members: 'half_yearly' } } }));
    expect(c.effective.remindDays).toBe(5);
    expect(c.version).toBe(2);
  });

  it('a stale version is 409; two saves of one version race: one wins', async () => {
    expectError(await admin.put(`/api/party-settings/${communityId}`, { version: 1, settings: {} }), 409, 'CONFLICT');
    const [a, b] = await Promise.all([
      admin.put(`/api/party-settings/${communityId}`, { version: 2, settings: { remindDays: 1 } }),
      street.put(`/api/party-settings/${communityId}`, { version: 2, settings: { remindDays: 2 } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await num(env, `SELECT version FROM party_settings WHERE place_id = $1`, [communityId])).toBe(3);
  });

  it('invalid settings are 400: what the merge gives must hold together, fields within their bounds, only known kinds', async () => {
    // 30 households at least, while the inherited maximum is 20
    expectError(await admin.put(`/api/party-settings/${districtId}`, { version: 1, settings: { linMinHouseholds: 30 } }), 400, 'PARTY_SETTINGS_INVALID');
    expectError(await admin.put(`/api/party-settings/${districtId}`, { version: 1, settings: { remindDays: 100 } }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put(`/api/party-settings/${districtId}`, { version: 1, settings: { frequencies: { members: 'weekly' } } }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put(`/api/party-settings/${districtId}`, { version: 1, settings: { remindDays: '7' } }), 400, 'VALIDATION_FAILED');
    const estate = await num(env, `SELECT id FROM places WHERE kind = 'estate' ORDER BY id LIMIT 1`);
    expectError(await admin.get(`/api/party-settings/${estate}`), 400, 'PARTY_SETTINGS_PLACE');
    expectError(await admin.get(`/api/party-settings/987654321`), 404, 'PLACE_NOT_FOUND');
    expect(ok(await admin.get(`/api/party-settings/${districtId}`)).version).toBe(1);
  });

  it('who may: party.configure (district and street admins) in their area only', async () => {
    const otherStreet = await num(env, `SELECT id FROM places WHERE kind = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [streetId]);
    const foreign = (await staffAccount(env, 'street_admin', otherStreet)).client;
    expectError(await foreign.get(`/api/party-settings/${streetId}`), 403, 'NOT_IN_SCOPE');
    expectError(await foreign.put(`/api/party-settings/${communityId}`, { version: 3, settings: {} }), 403, 'NOT_IN_SCOPE');
    expectError(await street.get(`/api/party-settings/${districtId}`), 403, 'NOT_IN_SCOPE');
    const community = await env.login('community');
    expectError(await community.get(`/api/party-settings/${communityId}`), 403, 'FORBIDDEN');
    expectError(await env.anon.get(`/api/party-settings/${communityId}`), 401, 'UNAUTHENTICATED');
  });
});
