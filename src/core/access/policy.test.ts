// Scope and permission checks over grants on subtrees of the place tree.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { AppError } from '../errors';
import { assertInScope, hasPermission, inScope, knownPermission, registerPermissions, roleHolds, rolesAt, scopeCondition, scopePaths, type Actor, type Grant } from './policy';
import type { Role } from './roles';

function grant(role: Role, path: string, extra: Partial<Grant> = {}): Grant {
  return { role, path, placeId: Number(path.split('/').filter(Boolean).at(-1)), placeName: 'x', placeKind: 'x', orgId: null, ...extra };
}

function actor(...grants: Grant[]): Actor {
  return {
    userId: 1,
    username: 'u',
    displayName: 'U',
    personId: null,
    locale: 'zh-CN',
    grants,
    sessionId: 's',
    csrfToken: 'c',
    ip: '127.0.0.1',
    mustChangePassword: false,
  };
}

const dialect = new PgDialect();

describe('scopePaths', () => {
  it('gives the grant paths whose role holds the permission', () => {
    const a = actor(grant('street_admin', '/1/2/'), grant('lin_zhang', '/1/9/10/11/12/13/'));
    expect(scopePaths(a, 'places.manage')).toEqual(['/1/2/']);
    expect(scopePaths(a, 'places.view').sort()).toEqual(['/1/2/', '/1/9/10/11/12/13/']);
    expect(scopePaths(a, 'audit.view')).toEqual(['/1/2/']);
  });

  it('drops a path already covered by a shorter one', () => {
    const a = actor(grant('community_worker', '/1/2/3/'), grant('street_admin', '/1/2/'), grant('pian_zhang', '/1/2/3/4/'));
    expect(scopePaths(a, 'places.view')).toEqual(['/1/2/']);
  });

  it('keeps /1/23/ next to /1/2/ (a prefix of digits is not an ancestor)', () => {
    const a = actor(grant('street_admin', '/1/2/'), grant('street_admin', '/1/23/'));
    expect(scopePaths(a, 'places.view')).toEqual(['/1/2/', '/1/23/']);
  });

  it('limits property staff to the estates their company serves, not the whole grant', () => {
    const a = actor(grant('property_staff', '/1/', { orgId: 7, estatePaths: ['/1/2/3/4/', '/1/5/6/9/'] }));
    expect(scopePaths(a, 'places.view')).toEqual(['/1/2/3/4/', '/1/5/6/9/']);
    expect(scopePaths(a, 'people.view')).toEqual(['/1/2/3/4/', '/1/5/6/9/']);
    expect(scopePaths(a, 'places.manage')).toEqual([]);
  });

  it('gives property staff whose company serves no estate no scope at all', () => {
    expect(scopePaths(actor(grant('property_staff', '/1/', { orgId: 7 })), 'places.view')).toEqual([]);
    expect(scopePaths(actor(grant('property_staff', '/1/', { orgId: 7, estatePaths: [] })), 'places.view')).toEqual([]);
  });

  it('gives a resident their own unit for self.household and nothing in the office permissions', () => {
    const a = actor(grant('resident', '/1/2/3/4/5/6/7/'));
    expect(scopePaths(a, 'self.household')).toEqual(['/1/2/3/4/5/6/7/']);
    for (const p of ['places.view', 'people.view', 'people.identity.view', 'places.manage', 'users.view']) expect(scopePaths(a, p)).toEqual([]);
  });

  it('gives nothing for an unknown permission', () => {
    expect(scopePaths(actor(grant('district_admin', '/1/')), 'no.such.permission')).toEqual([]);
  });
});

describe('inScope and assertInScope', () => {
  const a = actor(grant('community_worker', '/1/2/3/'));

  it('accepts the root of the grant and everything below it', () => {
    expect(inScope(a, 'places.manage', '/1/2/3/')).toBe(true);
    expect(inScope(a, 'places.manage', '/1/2/3/4/5/6/7/')).toBe(true);
  });

  it('refuses the parent, a sibling and a look-alike path', () => {
    expect(inScope(a, 'places.manage', '/1/2/')).toBe(false);
    expect(inScope(a, 'places.manage', '/1/2/88/')).toBe(false);
    expect(inScope(a, 'places.manage', '/1/2/33/')).toBe(false);
  });

  it('refuses where the role does not carry the permission', () => {
    expect(inScope(a, 'audit.view', '/1/2/3/')).toBe(false);
  });

  it('throws FORBIDDEN without the permission anywhere and NOT_IN_SCOPE outside the subtree', () => {
    const err = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? e.code : 'not an AppError';
      }
      return 'no error';
    };
    expect(err(() => assertInScope(a, 'audit.view', '/1/2/3/'))).toBe('FORBIDDEN');
    expect(err(() => assertInScope(a, 'places.manage', '/1/187/'))).toBe('NOT_IN_SCOPE');
    expect(err(() => assertInScope(a, 'places.manage', '/1/2/3/4/'))).toBe('no error');
  });
});

describe('scopeCondition', () => {
  it('is false for an empty scope, so nothing matches', () => {
    const q = dialect.sqlToQuery(scopeCondition(sql`p.path`, []));
    expect(q.sql).toBe('false');
    expect(q.params).toEqual([]);
  });

  it('is a parameterised prefix match per path, joined by OR', () => {
    const q = dialect.sqlToQuery(scopeCondition(sql`p.path`, ['/1/2/', '/1/187/313/']));
    expect(q.sql).toBe('(p.path LIKE $1 OR p.path LIKE $2)');
    expect(q.params).toEqual(['/1/2/%', '/1/187/313/%']);
  });
});

describe('hasPermission, roleHolds, rolesAt', () => {
  it('is true when any grant carries the permission', () => {
    const a = actor(grant('lin_zhang', '/1/2/3/4/5/6/'), grant('community_worker', '/1/9/10/'));
    expect(hasPermission(a, 'people.identity.view')).toBe(true);
    expect(hasPermission(actor(grant('lin_zhang', '/1/2/3/4/5/6/')), 'people.identity.view')).toBe(false);
  });

  it('follows the role table: only office roles see full ID numbers, only residents hold self.household', () => {
    expect(roleHolds('district_admin', 'people.identity.view')).toBe(true);
    expect(roleHolds('community_worker', 'people.identity.view')).toBe(true);
    expect(roleHolds('pian_zhang', 'people.identity.view')).toBe(false);
    expect(roleHolds('property_staff', 'people.identity.view')).toBe(false);
    expect(roleHolds('property_staff', 'people.view')).toBe(true);
    expect(roleHolds('department_staff', 'people.view')).toBe(false);
    expect(roleHolds('resident', 'self.household')).toBe(true);
    expect(roleHolds('district_admin', 'self.household')).toBe(false);
  });

  it('takes module permissions through registerPermissions', () => {
    expect(knownPermission('test.policy.widget')).toBe(false);
    registerPermissions({ 'test.policy.widget': ['zu_zhang'] });
    expect(knownPermission('test.policy.widget')).toBe(true);
    expect(hasPermission(actor(grant('zu_zhang', '/1/2/3/4/5/')), 'test.policy.widget')).toBe(true);
    expect(hasPermission(actor(grant('street_admin', '/1/2/')), 'test.policy.widget')).toBe(false);
  });

  it('lists the roles held at a path from grants on it or above it', () => {
    const a = actor(grant('street_admin', '/1/2/'), grant('zu_zhang', '/1/2/3/4/5/'), grant('resident', '/1/9/'));
    expect(rolesAt(a, '/1/2/3/4/5/6/')).toEqual(['street_admin', 'zu_zhang']);
    expect(rolesAt(a, '/1/2/3/')).toEqual(['street_admin']);
    expect(rolesAt(a, '/1/')).toEqual([]);
  });
});
