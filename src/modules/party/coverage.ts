// The coverage report (应建尽建) and the cross-appointment report (交叉任职), for a district, street or
// community. Both are a few set-based queries over the whole area, however many estates it holds:
// the estates with their full members, covering branch and party work in one query; the per-estate
// figures and suggestions (rules.ts) in memory.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, scopeCondition, scopePaths, type Actor } from '../../core/access/policy';
import { rows, type Db } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { idsOnPath } from '../../core/places/tree';
import { mergeAssemblySettings, type AssemblySettings } from '../assemblies/settings';
import { percent } from '../assemblies/rule';
import { coverageOf, shouldHaveOwnBranch, suggestJointBranches, type Coverage } from './rules';

/** The subtrees a report covers: one place (checked against the scope) or the whole scope. */
async function reportRoots(db: Db, actor: Actor, placeId: number | undefined): Promise<string[]> {
  if (placeId === undefined) return scopePaths(actor, 'party.coverage');
  const p = await getPlace(db, placeId);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
  assertInScope(actor, 'party.coverage', p.path);
  return [p.path];
}

interface EstateRow {
  estateId: number;
  name: string;
  path: string;
  communityId: number;
  communityName: string;
  fullMembers: number;
  branchId: number | null;
  branchKind: string | null;
  branchName: string | null;
  partyWork: boolean;
}

type Totals = Record<Coverage, number> & { estates: number; fullMembers: number; shouldHaveOwnBranch: number };
const emptyTotals = (): Totals => ({ estates: 0, fullMembers: 0, own_branch: 0, joint_branch: 0, party_work_only: 0, none: 0, shouldHaveOwnBranch: 0 });

export async function coverageReport(ctx: AppContext, actor: Actor, placeId: number | undefined) {
  const roots = await reportRoots(ctx.db, actor, placeId);
  const list = await rows<EstateRow>(
    ctx.db,
    sql`SELECT e.id::int AS "estateId", e.name, e.path, c.id::int AS "communityId", c.name AS "communityName",
               coalesce(m.n, 0)::int AS "fullMembers", o.id::int AS "branchId", o.kind AS "branchKind", o.name AS "branchName",
               (w.estate_id IS NOT NULL) AS "partyWork"
          FROM places e JOIN places c ON c.id = e.parent_id
          LEFT JOIN (SELECT estate_id, count(*) AS n FROM party_members
                      WHERE org_id IS NOT NULL AND status = 'full' AND ${scopeCondition(sql`place_path`, roots)}
                      GROUP BY estate_id) m ON m.estate_id = e.id
          LEFT JOIN party_org_estates oe ON oe.estate_id = e.id
          LEFT JOIN party_orgs o ON o.id = oe.org_id AND o.retired_at IS NULL
          LEFT JOIN party_work_estates w ON w.estate_id = e.id
         WHERE e.kind = 'estate' AND e.retired_at IS NULL AND ${scopeCondition(sql`e.path`, roots)}
         ORDER BY c.path, e.id`,
  );
  const totals = emptyTotals();
  const communities = new Map<number, { id: number; name: string; totals: Totals; open: { estateId: number; name: string; fullMembers: number }[] }>();
  const estates = list.map((e) => {
    const facts = { estateId: e.estateId, fullMembers: e.fullMembers, branch: e.branchId ? { joint: e.branchKind === 'joint_branch' } : null, partyWork: e.partyWork };
    const coverage = coverageOf(facts);
    const should = shouldHaveOwnBranch(facts);
    let c = communities.get(e.communityId);
    if (!c) {
      c = { id: e.communityId, name: e.communityName, totals: emptyTotals(), open: [] };
      communities.set(e.communityId, c);
    }
    for (const t of [totals, c.totals]) {
      t.estates++;
      t.fullMembers += e.fullMembers;
      t[coverage]++;
      if (should) t.shouldHaveOwnBranch++;
    }
    // estates without a branch are the ones a joint branch could still take in
    if (!e.branchId) c.open.push({ estateId: e.estateId, name: e.name, fullMembers: e.fullMembers });
    return { estateId: e.estateId, name: e.name, communityId: e.communityId, communityName: e.communityName, fullMembers: e.fullMembers, coverage, branchId: e.branchId, branchName: e.branchName, shouldHaveOwnBranch: should };
  });
  return {
    totals,
    communities: [...communities.values()].map(({ open, ...c }) => {
      const s = suggestJointBranches(open);
      return { ...c, suggestedJointBranches: s.groups, leftOver: s.leftOver };
    }),
    estates,
  };
}

/** Assembly settings in force at each path, from one read of the (small) settings table. */
async function settingsResolver(db: Db): Promise<(path: string) => AssemblySettings> {
  const all = await rows<{ place_id: number; settings: Partial<AssemblySettings> }>(db, sql`SELECT place_id::int AS place_id, settings FROM assembly_settings`);
  const byId = new Map(all.map((s) => [s.place_id, s.settings]));
  return (path) => mergeAssemblySettings(...idsOnPath(path).map((id) => byId.get(id)));
}

interface CrossRow {
  estateId: number;
  name: string;
  path: string;
  communityName: string;
  branchId: number | null;
  branchName: string | null;
  branchCommittee: number;
  ownersCommitteeId: number | null;
  ownersCommittee: number;
  overlap: number;
}

const TODAY: SQL = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * 交叉任职 per estate: the covering branch's committee against the current owners' committee (the
 * newest whose term has not ended), the overlap as an exact fraction of the owners' committee,
 * compared with the target in integers (overlap × 100 ≥ target × members).
 */
export async function crossAppointmentReport(ctx: AppContext, actor: Actor, placeId: number | undefined) {
  const roots = await reportRoots(ctx.db, actor, placeId);
  const list = await rows<CrossRow>(
    ctx.db,
    sql`SELECT e.id::int AS "estateId", e.name, e.path, c.name AS "communityName", o.id::int AS "branchId", o.name AS "branchName",
               coalesce(bc.n, 0)::int AS "branchCommittee", oc.id::int AS "ownersCommitteeId", coalesce(om.n, 0)::int AS "ownersCommittee",
               coalesce(ov.n, 0)::int AS overlap
          FROM places e JOIN places c ON c.id = e.parent_id
          LEFT JOIN party_org_estates oe ON oe.estate_id = e.id
          LEFT JOIN party_orgs o ON o.id = oe.org_id AND o.retired_at IS NULL
          LEFT JOIN (SELECT DISTINCT ON (estate_id) id, estate_id FROM owners_committees
                      WHERE term_end >= ${TODAY} AND ${scopeCondition(sql`estate_path`, roots)}
                      ORDER BY estate_id, term_start DESC, id DESC) oc ON oc.estate_id = e.id
          -- committee sizes and the overlap as grouped reads joined once, not a subquery per estate
          LEFT JOIN (SELECT org_id, count(*) AS n FROM party_committee_members GROUP BY org_id) bc ON bc.org_id = o.id
          LEFT JOIN (SELECT committee_id, count(*) AS n FROM owners_committee_members GROUP BY committee_id) om ON om.committee_id = oc.id
          LEFT JOIN (SELECT m.committee_id, p.org_id, count(*) AS n FROM owners_committee_members m
                       JOIN party_committee_members p ON p.person_id = m.person_id GROUP BY m.committee_id, p.org_id) ov
                 ON ov.committee_id = oc.id AND ov.org_id = o.id
         WHERE e.kind = 'estate' AND e.retired_at IS NULL AND ${scopeCondition(sql`e.path`, roots)}
         ORDER BY c.path, e.id`,
  );
  const settingsAt = await settingsResolver(ctx.db);
  const items = list.map(({ path, ...r }) => {
    const targetPct = settingsAt(path).crossAppointmentTargetPct;
    const n = BigInt(r.ownersCommittee);
    const k = BigInt(r.overlap);
    return {
      ...r,
      fraction: n > 0n ? `${k}/${n}` : null,
      percent: n > 0n ? percent(k, n) : null,
      targetPct,
      meetsTarget: n > 0n && k * 100n >= BigInt(targetPct) * n,
    };
  });
  return { targetPct: settingsAt(roots[0] ?? '/').crossAppointmentTargetPct, items };
}
