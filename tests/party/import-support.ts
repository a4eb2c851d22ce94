// Shared setup of the party import tests: people with known ID numbers and phones, addresses and
// organisations inside and outside the community worker's community, and the upload helper.
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestEnv } from '../../src/test/harness';
import { fileForm, makeIdNumber, scalar } from '../../src/test/fixtures';
import type { PartyImportReport } from '../../src/modules/party/schemas-import';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TestPerson {
  id: number;
  name: string;
  idNumber: string;
  phone: string;
}

let seq = 0;
/** A person outside any household, with an encrypted ID number (its keyed hash for matching) and a phone. */
export async function newPerson(env: TestEnv, name: string): Promise<TestPerson> {
  seq++;
  const idNumber = makeIdNumber(`1980${String((seq % 12) + 1).padStart(2, '0')}15`, 500 + seq, '511303');
  const phone = `139${String(70000000 + seq * 7919).slice(0, 8)}`;
  const pii = env.ctx.pii;
  const r = await env.database.query<{ id: number }>(
    `INSERT INTO persons (name, phone, id_number_enc, id_number_mask, id_number_hmac) VALUES ($1, $2, $3, $4, $5) RETURNING id::int AS id`,
    [name, phone, pii.encrypt(idNumber), idNumber.slice(0, 6) + '********' + idNumber.slice(14), pii.hmac(idNumber)],
  );
  return { id: r[0].id, name, idNumber, phone };
}

/** "estate/building/entrance/unit" of the nth unit under a place. */
export async function unitAddress(env: TestEnv, under: number, nth = 0): Promise<{ id: number; address: string; estateId: number }> {
  const r = await env.database.query<{ id: number; address: string; estate_id: number }>(
    `SELECT u.id::int AS id, e.name || '/' || b.name || '/' || en.name || '/' || u.name AS address, e.id::int AS estate_id
       FROM places u JOIN places en ON en.id = u.parent_id JOIN places b ON b.id = en.parent_id JOIN places e ON e.id = b.parent_id
      WHERE u.kind = 'unit' AND u.path LIKE (SELECT path FROM places WHERE id = $1) || '%' ORDER BY u.id OFFSET $2 LIMIT 1`,
    [under, nth],
  );
  return { id: r[0].id, address: r[0].address, estateId: r[0].estate_id };
}

/** The name of a live party organisation of `kind` anchored under a place. */
export async function orgUnder(env: TestEnv, kind: string, under: number): Promise<{ id: number; name: string }> {
  const r = await env.database.query<{ id: number; name: string }>(
    `SELECT id::int AS id, name FROM party_orgs WHERE kind = $1 AND retired_at IS NULL AND place_path LIKE (SELECT path FROM places WHERE id = $2) || '%' ORDER BY id LIMIT 1`,
    [kind, under],
  );
  return r[0];
}

export async function firstCommunities(env: TestEnv): Promise<{ mine: number; other: number; mineName: string }> {
  const mine = await scalar(env, `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'community'`);
  const other = await scalar(env, `SELECT id FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`, [mine]);
  const name = await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [mine]);
  return { mine, other, mineName: name[0].name };
}

export function upload(client: Client, kind: 'members' | 'grid', file: Buffer | string, query = '', filename = 'import.xlsx', type = XLSX): Promise<LightMyRequestResponse> {
  return client.post(`/api/party/import/${kind}${query}`, fileForm(filename, file, type));
}

/** The report of a 200, or of a 422 (in the error's details). */
export function reportOf(res: LightMyRequestResponse, status = 200): PartyImportReport {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return status === 200 ? res.json<PartyImportReport>() : res.json<{ error: { details: PartyImportReport } }>().error.details;
}

/** Row → reasons, for comparing a report with what each row was made to break. */
export function reasonsByRow(r: PartyImportReport): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const e of r.errors) (out[e.row] ??= []).push(e.reason);
  return out;
}
