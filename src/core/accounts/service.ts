// Users and their role grants. A grantor may act only inside their own subtree and only grant
// roles ranked below their best role there; every change is audited and the user is notified.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../manifest';
import { AppError } from '../errors';
import { assertInScope, hasPermission, holdsAtRoot, scopeCondition, scopePaths, type Actor } from '../access/policy';
import { ORG_ROLES, ROLE_LABELS, ROLE_PLACE_KINDS, ROLE_RANK, type Role } from '../access/roles';
import { recordAudit } from '../audit/ledger';
import { auditActor } from '../http';
import { one, rows, type Db } from '../db/client';
import { onUnique } from '../db/errors';
import { orgs, roleAssignments, users } from '../db/schema';
import { getPlace } from '../places/repository';
import { assertPersonManageable } from '../people/service';
import { personPaths } from '../people/repository';
import { hashPassword, passwordProblems } from '../auth/password';
import { deleteUserSessions } from '../auth/sessions';
import { escapeLike } from '../places/repository';

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  personId: number | null;
  orgId: number | null;
  disabled: boolean;
  locked: boolean;
  isDemo: boolean;
  grants: { id: number; role: string; placeId: number; placeName: string; path: string; orgId: number | null; orgName: string | null }[];
}

function tempPassword(): string {
  // readable, two character kinds, 12 characters
  return 'Gz-' + randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
}

async function loadUsers(db: Db, where: ReturnType<typeof sql>, limit: number, offset: number): Promise<{ items: UserDto[]; total: number }> {
  const list = await rows<{ id: number; username: string; display_name: string; person_id: number | null; org_id: number | null; disabled: boolean; locked: boolean; is_demo: boolean }>(
    db,
    sql`SELECT u.id, u.username, u.display_name, u.person_id, u.org_id, u.disabled_at IS NOT NULL AS disabled,
          COALESCE(u.locked_until > now(), false) AS locked, u.is_demo
        FROM users u WHERE ${where} ORDER BY u.id LIMIT ${limit} OFFSET ${offset}`,
  );
  const total = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users u WHERE ${where}`);
  const ids = list.map((u) => Number(u.id));
  const grants = ids.length
    ? await rows<{ id: number; user_id: number; role: string; place_id: number; name: string; path: string; org_id: number | null; org_name: string | null }>(
        db,
        sql`SELECT r.id, r.user_id, r.role, r.place_id, p.name, p.path, r.org_id, o.name AS org_name
            FROM role_assignments r JOIN places p ON p.id = r.place_id LEFT JOIN orgs o ON o.id = r.org_id
            WHERE r.revoked_at IS NULL AND r.user_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) ORDER BY r.id`,
      )
    : [];
  return {
    total: Number(total?.n ?? 0),
    items: list.map((u) => ({
      id: Number(u.id),
      username: u.username,
      displayName: u.display_name,
      personId: u.person_id === null ? null : Number(u.person_id),
      orgId: u.org_id === null ? null : Number(u.org_id),
      disabled: u.disabled,
      locked: u.locked,
      isDemo: u.is_demo,
      grants: grants
        .filter((g) => Number(g.user_id) === Number(u.id))
        .map((g) => ({ id: Number(g.id), role: g.role, placeId: Number(g.place_id), placeName: g.name, path: g.path, orgId: g.org_id === null ? null : Number(g.org_id), orgName: g.org_name })),
    })),
  };
}

/** Users holding at least one grant inside the actor's scope. */
export async function listUsers(ctx: AppContext, actor: Actor, opts: { q?: string; role?: Role; placeId?: number; limit: number; offset: number }) {
  let scope = scopePaths(actor, 'users.view');
  if (opts.placeId) {
    // narrow to the subtree picked in the scope switcher (still inside the caller's own)
    const place = await getPlace(ctx.db, opts.placeId);
    if (!place) throw new AppError('PLACE_NOT_FOUND', { id: opts.placeId });
    if (!scope.some((s) => place.path.startsWith(s) || s.startsWith(place.path))) throw new AppError('NOT_IN_SCOPE');
    scope = scope.filter((s) => s.startsWith(place.path)).concat(scope.some((s) => place.path.startsWith(s)) ? [place.path] : []);
  }
  const inScope = sql`EXISTS (SELECT 1 FROM role_assignments r JOIN places p ON p.id = r.place_id
                WHERE r.user_id = u.id AND r.revoked_at IS NULL AND ${scopeCondition(sql`p.path`, scope)}
                ${opts.role ? sql`AND r.role = ${opts.role}` : sql``})`;
  // accounts left without any role belong to nobody's subtree: the district level looks after them
  const orphan = sql`NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.revoked_at IS NULL)`;
  const conds = [!opts.role && !opts.placeId && holdsAtRoot(actor, 'users.view') ? sql`(${inScope} OR ${orphan})` : inScope];
  if (opts.q) conds.push(sql`(u.username ILIKE ${'%' + escapeLike(opts.q) + '%'} OR u.display_name LIKE ${'%' + escapeLike(opts.q) + '%'})`);
  return loadUsers(ctx.db, sql.join(conds, sql` AND `), opts.limit, opts.offset);
}

async function requireUserInScope(db: Db, actor: Actor, userId: number, permission: string): Promise<UserDto> {
  const r = await loadUsers(db, sql`u.id = ${userId}`, 1, 0);
  const u = r.items[0];
  if (!u) throw new AppError('USER_NOT_FOUND', { id: userId });
  const scope = scopePaths(actor, permission);
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN');
  const orphanForRoot = u.grants.length === 0 && holdsAtRoot(actor, permission);
  if (!orphanForRoot && !u.grants.some((g) => scope.some((s) => g.path.startsWith(s)))) throw new AppError('NOT_IN_SCOPE');
  // Managing an account (its name, status, password) reaches every role it holds: unless the
  // manager could grant each of them, a password reset would hand over roles beyond their own.
  if (permission === 'users.manage' && userId !== actor.userId) {
    const beyond = u.grants.find((g) => !scope.some((s) => g.path.startsWith(s)) || !mayGrant(actor, g.role as Role, g.path));
    if (beyond) throw new AppError('NOT_IN_SCOPE', { reason: 'holds_role_beyond_yours', role: beyond.role });
  }
  return u;
}

export async function getUser(ctx: AppContext, actor: Actor, id: number) {
  return requireUserInScope(ctx.db, actor, id, 'users.view');
}

/** The grantor's best rank among grants that cover `path`. */
function rankAt(actor: Actor, path: string): number {
  return Math.max(0, ...actor.grants.filter((g) => path.startsWith(g.path) && hasPermission({ ...actor, grants: [g] }, 'users.manage')).map((g) => ROLE_RANK[g.role]));
}

/** Only roles ranked below the grantor's own there; a district admin may appoint another. */
function mayGrant(actor: Actor, role: Role, path: string): boolean {
  const mine = rankAt(actor, path);
  return ROLE_RANK[role] < mine || (mine === ROLE_RANK.district_admin && role === 'district_admin');
}

async function checkGrant(tx: Db, actor: Actor, input: { role: Role; placeId: number; orgId?: number | null }) {
  const place = await getPlace(tx, input.placeId);
  if (!place) throw new AppError('PLACE_NOT_FOUND', { id: input.placeId });
  if (place.retiredAt) throw new AppError('PLACE_RETIRED');
  assertInScope(actor, 'users.manage', place.path);
  if (!mayGrant(actor, input.role, place.path)) throw new AppError('ROLE_NOT_GRANTABLE', { role: input.role });
  if (!ROLE_PLACE_KINDS[input.role].includes(place.kind)) throw new AppError('ROLE_WRONG_PLACE', { role: input.role, allowed: ROLE_PLACE_KINDS[input.role] });
  const orgKind = ORG_ROLES[input.role];
  if (orgKind) {
    if (!input.orgId) throw new AppError('ROLE_NEEDS_ORG', { orgKind });
    const [o] = await tx.select().from(orgs).where(and(eq(orgs.id, input.orgId), isNull(orgs.retiredAt)));
    if (!o || o.kind !== orgKind) throw new AppError('ROLE_NEEDS_ORG', { orgKind });
  } else if (input.orgId) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'orgId', message: 'only property or department staff belong to an organisation' }]);
  }
  return place;
}

export async function grantRole(
  ctx: AppContext,
  actor: Actor,
  userId: number,
  input: { role: Role; placeId: number; orgId?: number | null },
  txIn?: Db,
  /** set by createUser: the account was made in this transaction by this actor */
  newAccount = false,
) {
  const run = async (tx: Db) => {
    if (userId === actor.userId) throw new AppError('CANNOT_CHANGE_SELF');
    const [u] = await tx.select().from(users).where(eq(users.id, userId));
    if (!u) throw new AppError('USER_NOT_FOUND', { id: userId });
    // a user who holds roles somewhere must hold one inside the grantor's subtree to be theirs to manage
    const held = await rows<{ path: string }>(
      tx,
      sql`SELECT p.path FROM role_assignments r JOIN places p ON p.id = r.place_id WHERE r.user_id = ${userId} AND r.revoked_at IS NULL`,
    );
    const scope = scopePaths(actor, 'users.manage');
    // an account without roles belongs to no subtree: only the district level may give it one
    // (otherwise anyone could claim it by id and then reset its password)
    const mayClaim = newAccount || holdsAtRoot(actor, 'users.manage');
    if (held.length === 0 ? !mayClaim : !held.some((h) => scope.some((s) => h.path.startsWith(s)))) {
      throw new AppError('NOT_IN_SCOPE');
    }
    const place = await checkGrant(tx, actor, input);
    const [g] = await tx
      .insert(roleAssignments)
      .values({ userId, role: input.role, placeId: input.placeId, orgId: input.orgId ?? null, grantedBy: actor.userId })
      .returning()
      .catch(onUnique({ '*': 'ROLE_ALREADY_HELD' }));
    await recordAudit(tx, auditActor(actor), { action: 'user.role.grant', entity: 'user', entityId: userId, placePath: place.path, after: g });
    await ctx.notifier.notify(tx, {
      userId,
      kind: 'role.granted',
      title: `您已获得「${ROLE_LABELS[input.role].zh}」角色：${place.name}`,
      body: `授权人：${actor.displayName}`,
      link: '/',
    });
    return g;
  };
  return txIn ? run(txIn) : ctx.db.transaction(run);
}

export async function revokeRole(ctx: AppContext, actor: Actor, userId: number, grantId: number) {
  return ctx.db.transaction(async (tx) => {
    if (userId === actor.userId) throw new AppError('CANNOT_CHANGE_SELF');
    const g = await one<{ id: number; role: Role; place_id: number; org_id: number | null }>(
      tx,
      sql`SELECT id, role, place_id, org_id FROM role_assignments WHERE id = ${grantId} AND user_id = ${userId} AND revoked_at IS NULL FOR UPDATE`,
    );
    if (!g) throw new AppError('GRANT_NOT_FOUND', { id: grantId });
    const place = await checkGrant(tx, actor, { role: g.role, placeId: Number(g.place_id), orgId: g.org_id === null ? null : Number(g.org_id) });
    await tx.update(roleAssignments).set({ revokedAt: new Date() }).where(eq(roleAssignments.id, grantId));
    await recordAudit(tx, auditActor(actor), { action: 'user.role.revoke', entity: 'user', entityId: userId, placePath: place.path, before: g });
    return { ok: true };
  });
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: { username: string; displayName: string; password?: string; personId?: number | null; orgId?: number | null; grant: { role: Role; placeId: number; orgId?: number | null } },
) {
  if (input.password) {
    const problem = passwordProblems(input.password);
    if (problem) throw new AppError('WEAK_PASSWORD', { reason: problem });
  }
  const password = input.password ?? tempPassword();
  const hash = await hashPassword(password, ctx.config.passwordCost);
  return ctx.db.transaction(async (tx) => {
    const place = await checkGrant(tx, actor, input.grant);
    if (input.personId) {
      // linking an account to a person opens their record to whoever logs in with it
      const person = await one<{ id: number }>(tx, sql`SELECT id FROM persons WHERE id = ${input.personId}`);
      if (!person) throw new AppError('PERSON_NOT_FOUND', { id: input.personId });
      await assertPersonManageable(tx, actor, input.personId);
    }
    if (input.grant.role === 'resident') {
      // a resident account acts for a person who lives in or owns that unit
      const homes = input.personId ? await personPaths(tx, input.personId) : [];
      if (!homes.includes(place.path)) throw new AppError('RESIDENT_NOT_OF_UNIT');
    }
    const taken = await one(tx, sql`SELECT 1 FROM users WHERE lower(username) = lower(${input.username})`);
    if (taken) throw new AppError('USERNAME_TAKEN');
    const [u] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, passwordHash: hash, personId: input.personId ?? null, orgId: input.orgId ?? input.grant.orgId ?? null, mustChangePassword: true })
      .returning({ id: users.id })
      .catch(onUnique({ '*': 'USERNAME_TAKEN' }));
    await recordAudit(tx, auditActor(actor), { action: 'user.create', entity: 'user', entityId: u.id, placePath: place.path, after: { username: input.username, displayName: input.displayName, personId: input.personId ?? null } });
    await grantRole(ctx, actor, u.id, input.grant, tx, true);
    return { id: u.id, initialPassword: password };
  });
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: { displayName?: string; disabled?: boolean; unlock?: boolean }) {
  const before = await requireUserInScope(ctx.db, actor, id, 'users.manage');
  if (id === actor.userId && input.disabled) throw new AppError('CANNOT_CHANGE_SELF');
  const patch = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
    ...(input.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
  };
  if (Object.keys(patch).length === 0) throw new AppError('VALIDATION_FAILED', [{ field: '', message: 'nothing to change' }]);
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set(patch)
      .where(eq(users.id, id));
    if (input.disabled) await deleteUserSessions(tx, id);
    const after = (await loadUsers(tx, sql`u.id = ${id}`, 1, 0)).items[0];
    await recordAudit(tx, auditActor(actor), { action: 'user.edit', entity: 'user', entityId: id, placePath: before.grants[0]?.path ?? null, before, after });
    return after;
  });
}

export async function resetPassword(ctx: AppContext, actor: Actor, id: number) {
  const u = await requireUserInScope(ctx.db, actor, id, 'users.manage');
  if (id === actor.userId) throw new AppError('CANNOT_CHANGE_SELF');
  const password = tempPassword();
  const hash = await hashPassword(password, ctx.config.passwordCost);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: true, lockedUntil: null, failedLogins: 0, passwordChangedAt: new Date() }).where(eq(users.id, id));
    await deleteUserSessions(tx, id);
    await recordAudit(tx, auditActor(actor), { action: 'user.password.reset', entity: 'user', entityId: id, placePath: u.grants[0]?.path ?? null });
  });
  return { initialPassword: password };
}

export async function listOrgs(ctx: AppContext, kind?: string) {
  const list = await rows<{ id: number; kind: string; name: string; place_id: number; estates: number }>(
    ctx.db,
    sql`SELECT o.id, o.kind, o.name, o.place_id, (SELECT count(*)::int FROM estate_property ep WHERE ep.company_id = o.id) AS estates
        FROM orgs o WHERE o.retired_at IS NULL ${kind ? sql`AND o.kind = ${kind}` : sql``} ORDER BY o.kind, o.name`,
  );
  return list.map((o) => ({ id: Number(o.id), kind: o.kind, name: o.name, placeId: Number(o.place_id), estates: Number(o.estates) }));
}

export async function createOrg(ctx: AppContext, actor: Actor, input: { kind: 'property_company' | 'department' | 'developer' | 'social_org'; name: string; placeId: number }) {
  return ctx.db.transaction(async (tx) => {
    const place = await getPlace(tx, input.placeId);
    if (!place) throw new AppError('PLACE_NOT_FOUND');
    assertInScope(actor, 'orgs.manage', place.path);
    const [o] = await tx
      .insert(orgs)
      .values({ kind: input.kind, name: input.name.trim(), placeId: input.placeId })
      .returning()
      .catch(onUnique({ '*': 'ORG_NAME_TAKEN' }));
    await recordAudit(tx, auditActor(actor), { action: 'org.create', entity: 'org', entityId: o.id, placePath: place.path, after: o });
    return { id: o.id, kind: o.kind, name: o.name, placeId: o.placeId, estates: 0 };
  });
}

export async function setPropertyCompany(ctx: AppContext, actor: Actor, estateId: number, companyId: number | null) {
  return ctx.db.transaction(async (tx) => {
    const estate = await getPlace(tx, estateId, true);
    if (!estate) throw new AppError('PLACE_NOT_FOUND');
    if (estate.kind !== 'estate') throw new AppError('PLACE_WRONG_KIND', { expected: 'estate' });
    assertInScope(actor, 'places.manage', estate.path);
    const before = await one(tx, sql`SELECT company_id FROM estate_property WHERE estate_id = ${estateId}`);
    if (companyId === null) await tx.execute(sql`DELETE FROM estate_property WHERE estate_id = ${estateId}`);
    else {
      const [o] = await tx.select().from(orgs).where(eq(orgs.id, companyId));
      if (!o || o.kind !== 'property_company' || o.retiredAt) throw new AppError('ORG_WRONG_KIND', { expected: 'property_company' });
      await tx.execute(sql`INSERT INTO estate_property (estate_id, company_id) VALUES (${estateId}, ${companyId})
                           ON CONFLICT (estate_id) DO UPDATE SET company_id = EXCLUDED.company_id, since = CURRENT_DATE`);
    }
    await recordAudit(tx, auditActor(actor), { action: 'estate.property_company.set', entity: 'place', entityId: estateId, placePath: estate.path, before, after: { companyId } });
    return { ok: true };
  });
}
