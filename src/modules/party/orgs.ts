// The party organisation tree mapped to places: 街道党工委 (street) → 社区党总支 / 社区党委 (community)
// → 小区党支部 (estate) or 联合党支部 (anchored on the community) → 楼栋党小组 (building). Create,
// edit, retire, the list in scope and the detail with the warnings of 支部工作条例.
//
// Founding a branch (kind 'branch') is refused unless 3 or more full members live in its estate
// (第四条): members are first recorded in the community's organisation (or a joint branch) and
// transferred in once the branch stands. A branch founded earlier that falls below 3 shows the
// below_founding_minimum warning. A new branch covers its own estate at once (one branch per estate).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { escapeLike, getPlace } from '../../core/places/repository';
import { addYears, ARTICLES, branchWarnings, committeeTermYears, MIN_FULL_MEMBERS, type BranchKind } from './rules';
import { orgInScope, partyScope, scopeWhere } from './scope';
import { effectivePartySettings } from './settings';
import type { OrgCreateT, OrgKind, OrgPatchT, Post } from './schemas-orgs';
import './errors';
import './errors-orgs';

/** The place kind each organisation sits on, and the kinds its parent may be. */
const PLACE_KIND: Record<OrgKind, string> = {
  working_committee: 'street',
  general_branch: 'community',
  community_committee: 'community',
  branch: 'estate',
  joint_branch: 'community',
  group: 'building',
};
const PARENT_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  working_committee: [],
  general_branch: ['working_committee'],
  community_committee: ['working_committee'],
  branch: ['general_branch', 'community_committee'],
  joint_branch: ['general_branch', 'community_committee'],
  group: ['branch', 'joint_branch'],
};
export const BRANCH_KINDS: readonly string[] = ['branch', 'joint_branch'];

/** 第六章: community organisations' committees serve 5 years (the default for a community's own organisation). */
export function defaultTermKind(kind: OrgKind): BranchKind {
  return kind === 'general_branch' || kind === 'community_committee' ? 'community' : 'other';
}

/** Today's date in China, where terms and dates of the organisation are kept. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Active full members living in an estate (the 第四条 founding count). */
export async function fullMembersLiving(db: Db, estateId: number): Promise<number> {
  const r = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM party_members WHERE estate_id = ${estateId} AND org_id IS NOT NULL AND status = 'full'`);
  return r!.n;
}

export async function createOrg(ctx: AppContext, actor: Actor, body: OrgCreateT): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const place = await getPlace(tx, body.placeId);
    if (!place || place.retiredAt) throw new AppError('PLACE_NOT_FOUND', { id: body.placeId });
    assertInScope(actor, 'party.orgs.manage', place.path);
    if (place.kind !== PLACE_KIND[body.kind]) throw new AppError('PARTY_ORG_PLACE_INVALID', { kind: body.kind, placeKind: place.kind, expected: PLACE_KIND[body.kind] });
    let parent: { id: number; kind: OrgKind; orgPath: string; placePath: string; placeId: number } | undefined;
    if (body.kind === 'working_committee') {
      if (body.parentId !== undefined) throw new AppError('PARTY_ORG_PARENT_INVALID', { kind: body.kind });
    } else {
      if (body.parentId === undefined) throw new AppError('PARTY_ORG_PARENT_INVALID', { kind: body.kind, expected: PARENT_KINDS[body.kind] });
      parent = await one(
        tx,
        sql`SELECT id::int AS id, kind, org_path AS "orgPath", place_path AS "placePath", place_id::int AS "placeId"
              FROM party_orgs WHERE id = ${body.parentId} AND retired_at IS NULL FOR UPDATE`,
      );
      if (!parent) throw new AppError('PARTY_ORG_NOT_FOUND', { id: body.parentId });
      if (!PARENT_KINDS[body.kind].includes(parent.kind)) throw new AppError('PARTY_ORG_PARENT_INVALID', { kind: body.kind, parentKind: parent.kind, expected: PARENT_KINDS[body.kind] });
      if (!place.path.startsWith(parent.placePath)) throw new AppError('PARTY_ORG_PLACE_INVALID', { reason: 'outside the parent’s place' });
      // a joint branch is anchored on its parent's own community
      if (body.kind === 'joint_branch' && place.id !== parent.placeId) throw new AppError('PARTY_ORG_PLACE_INVALID', { reason: 'a joint branch sits on its parent’s community' });
      const taken = await one(tx, sql`SELECT 1 AS x FROM party_orgs WHERE parent_id = ${parent.id} AND name = ${body.name} AND retired_at IS NULL`);
      if (taken) throw new AppError('PARTY_ORG_NAME_TAKEN', { name: body.name });
    }
    if (body.kind === 'branch') {
      const living = await fullMembersLiving(tx, place.id);
      if (living < MIN_FULL_MEMBERS) throw new AppError('PARTY_BRANCH_TOO_FEW', { fullMembersLiving: living, required: MIN_FULL_MEMBERS, article: ARTICLES.found });
    }
    const id = (await one<{ id: number }>(tx, sql`SELECT nextval('party_orgs_id_seq')::int AS id`))!.id;
    const orgPath = `${parent?.orgPath ?? '/'}${id}/`;
    const termKind = body.termKind ?? defaultTermKind(body.kind);
    await tx.execute(sql`INSERT INTO party_orgs (id, parent_id, kind, name, place_id, place_path, org_path, term_kind, elected_on, founded_on)
      VALUES (${id}, ${parent?.id ?? null}, ${body.kind}, ${body.name}, ${place.id}, ${place.path}, ${orgPath}, ${termKind},
              ${body.electedOn ?? null}, ${body.foundedOn ?? null})`);
    if (body.kind === 'branch') {
      // the constraint (one branch per estate) decides: a concurrent claim leaves this one empty-handed
      const got = await rows(tx, sql`INSERT INTO party_org_estates (estate_id, org_id) VALUES (${place.id}, ${id}) ON CONFLICT (estate_id) DO NOTHING RETURNING estate_id`);
      if (got.length === 0) throw new AppError('PARTY_ESTATE_COVERED', { estateIds: [place.id] });
    }
    await recordAudit(tx, auditActor(actor), {
      action: 'party.org.create',
      entity: 'party_org',
      entityId: id,
      placePath: place.path,
      after: { kind: body.kind, name: body.name, parentId: parent?.id ?? null, placeId: place.id, termKind },
    });
    return id;
  });
}

export async function updateOrg(ctx: AppContext, actor: Actor, id: number, patch: OrgPatchT): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const o = await orgInScope(tx, actor, 'party.orgs.manage', id, true);
    const before = await one<{ version: number; name: string; term_kind: string; founded_on: string | null; elected_on: string | null }>(
      tx,
      sql`SELECT version, name, term_kind, founded_on::text, elected_on::text FROM party_orgs WHERE id = ${id}`,
    );
    if (before!.version !== patch.version) throw new AppError('CONFLICT', { version: before!.version });
    if (patch.name !== undefined && patch.name !== o.name && o.parentId !== null) {
      const taken = await one(tx, sql`SELECT 1 AS x FROM party_orgs WHERE parent_id = ${o.parentId} AND name = ${patch.name} AND retired_at IS NULL AND id <> ${id}`);
      if (taken) throw new AppError('PARTY_ORG_NAME_TAKEN', { name: patch.name });
    }
    await tx.execute(sql`UPDATE party_orgs SET
        name = ${patch.name ?? before!.name},
        term_kind = ${patch.termKind ?? before!.term_kind},
        founded_on = ${patch.foundedOn === undefined ? before!.founded_on : patch.foundedOn}::date,
        elected_on = ${patch.electedOn === undefined ? before!.elected_on : patch.electedOn}::date,
        version = version + 1
      WHERE id = ${id}`);
    const { version: _v, ...after } = patch;
    await recordAudit(tx, auditActor(actor), { action: 'party.org.update', entity: 'party_org', entityId: id, placePath: o.placePath, before, after });
  });
}

/** Retire an organisation with no live organisations and no members under it; its estates become uncovered. */
export async function retireOrg(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const o = await orgInScope(tx, actor, 'party.orgs.manage', id, true);
    const busy = await one<{ children: number; members: number }>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM party_orgs WHERE parent_id = ${id} AND retired_at IS NULL) AS children,
                 (SELECT count(*)::int FROM party_members WHERE org_id = ${id}) AS members`,
    );
    if (busy!.children > 0 || busy!.members > 0) throw new AppError('PARTY_ORG_NOT_EMPTY', busy);
    const estates = await rows<{ estate_id: number }>(tx, sql`DELETE FROM party_org_estates WHERE org_id = ${id} RETURNING estate_id::int AS estate_id`);
    await tx.execute(sql`UPDATE party_orgs SET retired_at = now(), version = version + 1 WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), {
      action: 'party.org.retire',
      entity: 'party_org',
      entityId: id,
      placePath: o.placePath,
      before: { name: o.name, kind: o.kind, estates: estates.map((e) => e.estate_id) },
    });
  });
}

interface OrgListRow {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  name: string;
  placeId: number;
  placeName: string;
  termKind: BranchKind;
  electedOn: string | null;
  orgPath: string;
  full: number;
  probationary: number;
  secretary: string | null;
}

/** The live organisations in the actor's scope (a flat list the page turns into a tree), with member counts of each subtree. */
export async function listOrgs(ctx: AppContext, actor: Actor, q: { placeId?: number; q?: string }) {
  const scope = await partyScope(ctx.db, actor, 'party.view');
  let under = sql``;
  if (q.placeId !== undefined) {
    const p = await getPlace(ctx.db, q.placeId);
    if (!p) throw new AppError('PLACE_NOT_FOUND', { id: q.placeId });
    under = sql`AND o.place_path LIKE ${p.path + '%'}`;
  }
  const list = await rows<OrgListRow>(
    ctx.db,
    sql`SELECT o.id::int AS id, o.parent_id::int AS "parentId", o.kind, o.name, o.place_id::int AS "placeId", p.name AS "placeName",
               o.term_kind AS "termKind", o.elected_on::text AS "electedOn", o.org_path AS "orgPath",
               coalesce(m.full, 0)::int AS full, coalesce(m.probationary, 0)::int AS probationary, s.name AS secretary
          FROM party_orgs o JOIN places p ON p.id = o.place_id
          LEFT JOIN (SELECT org_id, count(*) FILTER (WHERE status = 'full') AS full, count(*) FILTER (WHERE status = 'probationary') AS probationary
                       FROM party_members WHERE org_id IS NOT NULL GROUP BY org_id) m ON m.org_id = o.id
          LEFT JOIN party_committee_members c ON c.org_id = o.id AND c.post = 'secretary'
          LEFT JOIN persons s ON s.id = c.person_id
         WHERE o.retired_at IS NULL AND ${scopeWhere(scope, sql`o.org_path`, sql`o.place_path`)} ${under}
           ${q.q ? sql`AND o.name ILIKE ${'%' + escapeLike(q.q) + '%'}` : sql``}
         ORDER BY o.org_path`,
  );
  // members of a party group count for its branch too: roll the direct counts up the org paths
  const totals = new Map(list.map((o) => [o.id, { full: 0, probationary: 0 }]));
  for (const o of list) {
    for (const anc of o.orgPath.split('/').filter(Boolean).map(Number)) {
      const t = totals.get(anc);
      if (t) {
        t.full += o.full;
        t.probationary += o.probationary;
      }
    }
  }
  return {
    items: list.map(({ orgPath: _p, full: _f, probationary: _pr, ...o }) => ({ ...o, fullMembers: totals.get(o.id)!.full, probationaryMembers: totals.get(o.id)!.probationary })),
  };
}

export async function orgDetail(ctx: AppContext, actor: Actor, id: number) {
  const ref = await orgInScope(ctx.db, actor, 'party.view', id);
  const o = (await one<{ parentName: string | null; placeName: string; electedOn: string | null; foundedOn: string | null; version: number }>(
    ctx.db,
    sql`SELECT pa.name AS "parentName", p.name AS "placeName", o.elected_on::text AS "electedOn", o.founded_on::text AS "foundedOn", o.version
          FROM party_orgs o JOIN places p ON p.id = o.place_id LEFT JOIN party_orgs pa ON pa.id = o.parent_id WHERE o.id = ${id}`,
  ))!;
  const counts = (await one<{ full: number; probationary: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE m.status = 'full')::int AS full, count(*) FILTER (WHERE m.status = 'probationary')::int AS probationary
          FROM party_members m JOIN party_orgs mo ON mo.id = m.org_id WHERE mo.org_path LIKE ${ref.orgPath + '%'}`,
  ))!;
  const committee = await rows<{ personId: number; memberId: number | null; name: string; post: Post; since: string | null }>(
    ctx.db,
    sql`SELECT c.person_id::int AS "personId", m.id::int AS "memberId", p.name, c.post, c.since::text AS since
          FROM party_committee_members c JOIN persons p ON p.id = c.person_id LEFT JOIN party_members m ON m.person_id = c.person_id
         WHERE c.org_id = ${id}
         ORDER BY array_position(ARRAY['secretary','deputy_secretary','organisation','propaganda','discipline','member'], c.post), p.name`,
  );
  const estates = await rows<{ id: number; name: string; since: string }>(
    ctx.db,
    sql`SELECT e.id::int AS id, e.name, oe.since::text AS since FROM party_org_estates oe JOIN places e ON e.id = oe.estate_id WHERE oe.org_id = ${id} ORDER BY e.path`,
  );
  const children = await rows<{ id: number; kind: OrgKind; name: string }>(
    ctx.db,
    sql`SELECT id::int AS id, kind, name FROM party_orgs WHERE parent_id = ${id} AND retired_at IS NULL ORDER BY org_path`,
  );
  const settings = await effectivePartySettings(ctx.db, ref.placePath);
  const isBranch = BRANCH_KINDS.includes(ref.kind);
  // below 7 full members a branch has a secretary (and a deputy) but no committee (第六章)
  const committeeMembers = isBranch && counts.full >= 7 ? committee.length : 0;
  const warnings = branchWarnings(
    { kind: ref.termKind, fullMembers: counts.full, probationaryMembers: counts.probationary, committeeMembers, electedOn: o.electedOn, jointEstates: estates.length },
    chinaToday(),
    settings.termWarningDays,
  ).filter((w) => isBranch || w.code === 'term_ending' || w.code === 'term_expired');
  let founding = null;
  if (ref.kind === 'branch') {
    const living = await fullMembersLiving(ctx.db, ref.placeId);
    founding = { fullMembersLiving: living, required: MIN_FULL_MEMBERS, ok: living >= MIN_FULL_MEMBERS, article: ARTICLES.found };
  }
  const termYears = committeeTermYears(ref.termKind);
  return {
    id: ref.id,
    parentId: ref.parentId,
    parentName: o.parentName,
    kind: ref.kind as OrgKind,
    name: ref.name,
    placeId: ref.placeId,
    placeName: o.placeName,
    termKind: ref.termKind,
    termYears,
    electedOn: o.electedOn,
    termEnds: o.electedOn ? addYears(o.electedOn, termYears) : null,
    foundedOn: o.foundedOn,
    version: o.version,
    members: counts,
    committee,
    estates,
    children,
    warnings,
    founding,
  };
}
