// 双报到: the community's catalogue of service posts (岗位) and tasks (任务), and the claims on them.
// A post's places are counted in dual_posts.claimed: a claim takes a place with one conditional
// UPDATE (claimed < capacity), so concurrent claims queue on the row and never overfill it (the
// CHECK claimed <= capacity stands behind it); withdrawing frees the place.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import type { AppContext } from '../../core/manifest';
import { one, rows, type Db } from '../../core/db/client';
import { communityOf, MANAGE, myMember, myRegistration, officeRegistration, officeWhere, registrationRow, TODAY, type RegistrationRef } from './dual';
import type { ClaimDtoT, PostBodyT, PostDtoT, PostPatchBodyT, PostQueryT } from './schemas-dual';

function postSelect(registrationId: number | null): SQL {
  return sql`SELECT d.id::int AS id, d.community_id::int AS "communityId", c.name AS "communityName", d.kind, d.title, d.description,
      d.capacity, d.claimed, CASE WHEN d.capacity IS NULL THEN NULL ELSE d.capacity - d.claimed END AS "placesLeft",
      d.starts_on::text AS "startsOn", d.ends_on::text AS "endsOn", d.status, d.version,
      (SELECT k.id::int FROM dual_claims k WHERE k.post_id = d.id AND k.registration_id = ${registrationId} AND k.withdrawn_at IS NULL) AS "myClaimId"
    FROM dual_posts d JOIN places c ON c.id = d.community_id`;
}

/** A post is open for claims: status open, inside its service period (Beijing dates). */
const CLAIMABLE = sql`d.status = 'open' AND (d.ends_on IS NULL OR d.ends_on >= ${TODAY})`;

export async function postView(db: Db, id: number, registrationId: number | null = null): Promise<PostDtoT> {
  const p = await one<PostDtoT>(db, sql`${postSelect(registrationId)} WHERE d.id = ${id}`);
  if (!p) throw new AppError('DUAL_POST_NOT_FOUND', { id });
  return p;
}

export async function listPosts(ctx: AppContext, actor: Actor, q: PostQueryT) {
  const where = sql.join(
    [await officeWhere(ctx.db, actor, sql`d.community_path`, q.communityId), q.status ? sql`d.status = ${q.status}` : sql`true`, q.kind ? sql`d.kind = ${q.kind}` : sql`true`],
    sql` AND `,
  );
  const items = await rows<PostDtoT>(ctx.db, sql`${postSelect(null)} WHERE ${where} ORDER BY d.status DESC, d.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM dual_posts d WHERE ${where}`);
  return { items, total: total!.n };
}

/** The member's view: the open posts of the community where they live, places left, their own claims marked. */
export async function listMyPosts(ctx: AppContext, actor: Actor) {
  const member = await myMember(ctx.db, actor);
  if (!member.home) return { items: [], total: 0 };
  const reg = await one<{ id: number }>(ctx.db, sql`SELECT id::int AS id FROM dual_registrations WHERE member_id = ${member.id} AND ended_on IS NULL ORDER BY id DESC LIMIT 1`);
  const items = await rows<PostDtoT>(
    ctx.db,
    sql`${postSelect(reg?.id ?? null)} WHERE d.community_id = ${member.home.id} AND ${CLAIMABLE} ORDER BY d.kind, d.id DESC LIMIT 200`,
  );
  return { items, total: items.length };
}

function checkDates(startsOn: string | null | undefined, endsOn: string | null | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) throw new AppError('DUAL_POST_DATES', { startsOn, endsOn });
}

export async function createPost(ctx: AppContext, actor: Actor, b: PostBodyT): Promise<number> {
  checkDates(b.startsOn, b.endsOn);
  return ctx.db.transaction(async (tx) => {
    const c = await communityOf(tx, b.communityId);
    assertInScope(actor, MANAGE, c.path);
    const r = (await one<{ id: number }>(
      tx,
      sql`INSERT INTO dual_posts (community_id, community_path, kind, title, description, capacity, starts_on, ends_on, status, created_by)
          VALUES (${c.id}, ${c.path}, ${b.kind}, ${b.title.trim()}, ${b.description?.trim() || null}, ${b.capacity ?? null},
                  ${b.startsOn ?? null}::date, ${b.endsOn ?? null}::date, ${b.status ?? 'open'}, ${actor.userId}) RETURNING id::int AS id`,
    ))!;
    await recordAudit(tx, auditActor(actor), { action: 'dual.post.create', entity: 'dual_post', entityId: r.id, placePath: c.path, after: b });
    return r.id;
  });
}

export async function updatePost(ctx: AppContext, actor: Actor, id: number, b: PostPatchBodyT): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await one<{ path: string; version: number; claimed: number; starts_on: string | null; ends_on: string | null }>(
      tx,
      sql`SELECT community_path AS path, version, claimed, starts_on::text, ends_on::text FROM dual_posts WHERE id = ${id} FOR UPDATE`,
    );
    if (!before) throw new AppError('DUAL_POST_NOT_FOUND', { id });
    assertInScope(actor, MANAGE, before.path);
    if (before.version !== b.version) throw new AppError('CONFLICT', { version: before.version });
    if (b.capacity !== undefined && b.capacity !== null && b.capacity < before.claimed) throw new AppError('DUAL_CAPACITY_BELOW_CLAIMED', { claimed: before.claimed });
    checkDates(b.startsOn === undefined ? before.starts_on : b.startsOn, b.endsOn === undefined ? before.ends_on : b.endsOn);
    const sets: SQL[] = [sql`version = version + 1`];
    if (b.kind !== undefined) sets.push(sql`kind = ${b.kind}`);
    if (b.title !== undefined) sets.push(sql`title = ${b.title.trim()}`);
    if (b.description !== undefined) sets.push(sql`description = ${b.description.trim() || null}`);
    if (b.capacity !== undefined) sets.push(sql`capacity = ${b.capacity}`);
    if (b.startsOn !== undefined) sets.push(sql`starts_on = ${b.startsOn}::date`);
    if (b.endsOn !== undefined) sets.push(sql`ends_on = ${b.endsOn}::date`);
    if (b.status !== undefined) sets.push(sql`status = ${b.status}`);
    await tx.execute(sql`UPDATE dual_posts SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: 'dual.post.update', entity: 'dual_post', entityId: id, placePath: before.path, after: b });
  });
}

// --- claims ---------------------------------------------------------------------------------

/** Take a place on the post for the registration, in the caller's transaction. */
async function claimPlace(tx: Db, actor: Actor, postId: number, reg: RegistrationRef): Promise<number> {
  if (reg.ended) throw new AppError('DUAL_REGISTRATION_ENDED', { id: reg.id });
  const post = await one<{ community_id: number; claimable: boolean }>(
    tx,
    sql`SELECT d.community_id::int AS community_id, (${CLAIMABLE}) AS claimable FROM dual_posts d WHERE d.id = ${postId}`,
  );
  if (!post) throw new AppError('DUAL_POST_NOT_FOUND', { id: postId });
  if (post.community_id !== reg.communityId) throw new AppError('DUAL_POST_OTHER_COMMUNITY', { postId, registrationId: reg.id });
  if (!post.claimable) throw new AppError('DUAL_POST_CLOSED', { postId });
  // the conditional UPDATE takes the row lock; a waiting claim re-reads claimed after the lock is
  // released, so exactly `capacity` claims get through however many arrive at once
  const took = await one<{ claimed: number }>(
    tx,
    sql`UPDATE dual_posts d SET claimed = claimed + 1 WHERE d.id = ${postId} AND ${CLAIMABLE} AND (d.capacity IS NULL OR d.claimed < d.capacity) RETURNING claimed`,
  );
  if (!took) throw new AppError('DUAL_POST_FULL', { postId });
  // a second active claim by the same registration: the unique index answers, the throw rolls the place back
  const claim = await one<{ id: number }>(
    tx,
    sql`INSERT INTO dual_claims (post_id, registration_id) VALUES (${postId}, ${reg.id}) ON CONFLICT DO NOTHING RETURNING id::int AS id`,
  );
  if (!claim) throw new AppError('DUAL_ALREADY_CLAIMED', { postId, registrationId: reg.id });
  await recordAudit(tx, auditActor(actor), { action: 'dual.claim.create', entity: 'dual_claim', entityId: claim.id, placePath: reg.communityPath, after: { postId, registrationId: reg.id, claimed: took.claimed } });
  return claim.id;
}

/** The office claims a place on behalf of a registration in its area. */
export async function claimForRegistration(ctx: AppContext, actor: Actor, postId: number, registrationId: number): Promise<number> {
  return ctx.db.transaction(async (tx) => claimPlace(tx, actor, postId, await officeRegistration(tx, actor, registrationId)));
}

/** A member claims a place for themselves (their own active registration only). */
export async function claimMyself(ctx: AppContext, actor: Actor, postId: number): Promise<number> {
  return ctx.db.transaction(async (tx) => claimPlace(tx, actor, postId, (await myRegistration(tx, actor)).reg));
}

async function withdraw(tx: Db, actor: Actor, claimId: number, check: (reg: RegistrationRef) => Promise<void>): Promise<void> {
  const c = await one<{ post_id: number; registration_id: number; withdrawn: boolean }>(
    tx,
    sql`SELECT post_id::int AS post_id, registration_id::int AS registration_id, withdrawn_at IS NOT NULL AS withdrawn FROM dual_claims WHERE id = ${claimId} FOR UPDATE`,
  );
  if (!c) throw new AppError('DUAL_CLAIM_NOT_FOUND', { id: claimId });
  const reg = await registrationRow(tx, c.registration_id);
  await check(reg);
  if (c.withdrawn) throw new AppError('DUAL_CLAIM_WITHDRAWN', { id: claimId });
  await tx.execute(sql`UPDATE dual_claims SET withdrawn_at = now() WHERE id = ${claimId}`);
  await tx.execute(sql`UPDATE dual_posts SET claimed = claimed - 1 WHERE id = ${c.post_id}`);
  await recordAudit(tx, auditActor(actor), { action: 'dual.claim.withdraw', entity: 'dual_claim', entityId: claimId, placePath: reg.communityPath, after: { postId: c.post_id, registrationId: reg.id } });
}

export async function withdrawByOffice(ctx: AppContext, actor: Actor, claimId: number): Promise<void> {
  await ctx.db.transaction((tx) => withdraw(tx, actor, claimId, async (reg) => assertInScope(actor, MANAGE, reg.communityPath)));
}

export async function withdrawMine(ctx: AppContext, actor: Actor, claimId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const member = await myMember(tx, actor);
    await withdraw(tx, actor, claimId, async (reg) => {
      if (reg.memberId !== member.id) throw new AppError('NOT_IN_SCOPE', { claimId });
    });
  });
}

const CLAIM_SELECT = sql`SELECT k.id::int AS id, k.post_id::int AS "postId", d.title AS "postTitle", d.kind AS "postKind", k.registration_id::int AS "registrationId",
    COALESCE(p.name, r.org_name) AS name, ${isoTime(sql`k.claimed_at`)} AS "claimedAt", ${isoTime(sql`k.withdrawn_at`)} AS "withdrawnAt"
  FROM dual_claims k JOIN dual_posts d ON d.id = k.post_id JOIN dual_registrations r ON r.id = k.registration_id
  LEFT JOIN party_members m ON m.id = r.member_id LEFT JOIN persons p ON p.id = m.person_id`;

/** Who holds places on a post (the office). */
export async function listPostClaims(ctx: AppContext, actor: Actor, postId: number): Promise<ClaimDtoT[]> {
  const p = await one<{ path: string }>(ctx.db, sql`SELECT community_path AS path FROM dual_posts WHERE id = ${postId}`);
  if (!p) throw new AppError('DUAL_POST_NOT_FOUND', { id: postId });
  assertInScope(actor, MANAGE, p.path);
  return rows<ClaimDtoT>(ctx.db, sql`${CLAIM_SELECT} WHERE k.post_id = ${postId} AND k.withdrawn_at IS NULL ORDER BY k.id`);
}

export async function claimsOfRegistration(db: Db, registrationId: number): Promise<ClaimDtoT[]> {
  return rows<ClaimDtoT>(db, sql`${CLAIM_SELECT} WHERE k.registration_id = ${registrationId} ORDER BY k.withdrawn_at NULLS FIRST, k.id DESC`);
}

/** A registration's claims, for the office of its area. */
export async function registrationClaims(ctx: AppContext, actor: Actor, registrationId: number): Promise<ClaimDtoT[]> {
  await officeRegistration(ctx.db, actor, registrationId);
  return claimsOfRegistration(ctx.db, registrationId);
}

export async function claimById(db: Db, id: number): Promise<ClaimDtoT> {
  return (await one<ClaimDtoT>(db, sql`${CLAIM_SELECT} WHERE k.id = ${id}`))!;
}
