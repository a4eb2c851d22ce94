// Pure rules of the place tree: kinds, materialised paths, moves.
import { describe, expect, it } from 'vitest';
import { PLACE_KINDS } from '../db/schema';
import { childKind, depthOf, idsOnPath, isAncestorOrSelf, kindLevel, moveProblem, pathOf, rebase } from './tree';

describe('childKind', () => {
  it('follows 区 → 街道 → 社区 → 小区 → 楼栋 → 单元 → 房屋', () => {
    expect(childKind('district')).toBe('street');
    expect(childKind('street')).toBe('community');
    expect(childKind('community')).toBe('estate');
    expect(childKind('estate')).toBe('building');
    expect(childKind('building')).toBe('entrance');
    expect(childKind('entrance')).toBe('unit');
  });

  it('has no child under a unit (the leaf)', () => {
    expect(childKind('unit')).toBeNull();
  });

  it('ranks kinds from the district down', () => {
    expect(PLACE_KINDS.map(kindLevel)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('pathOf and depthOf', () => {
  it('builds a root path and a child path from the parent path plus the id', () => {
    expect(pathOf(null, 1)).toBe('/1/');
    expect(pathOf('/1/', 5)).toBe('/1/5/');
    expect(pathOf('/1/5/23/', 407)).toBe('/1/5/23/407/');
  });

  it('counts the depth from the root (the district is 0)', () => {
    expect(depthOf('/1/')).toBe(0);
    expect(depthOf('/1/5/')).toBe(1);
    expect(depthOf('/1/5/23/')).toBe(2);
    expect(depthOf('/1/2/3/4/5/6/7/')).toBe(6);
  });

  it('agrees with pathOf: each level adds one', () => {
    let path = pathOf(null, 10);
    for (let level = 0; level < 7; level++) {
      expect(depthOf(path)).toBe(level);
      path = pathOf(path, 100 + level);
    }
  });

  it('lists the ids on a path, root first', () => {
    expect(idsOnPath('/1/5/23/')).toEqual([1, 5, 23]);
    expect(idsOnPath('/1/')).toEqual([1]);
  });
});

describe('isAncestorOrSelf', () => {
  it('is true for the node itself and its ancestors', () => {
    expect(isAncestorOrSelf('/1/2/', '/1/2/')).toBe(true);
    expect(isAncestorOrSelf('/1/', '/1/2/3/')).toBe(true);
  });

  it('does not confuse id 2 with id 23 (paths end with a slash)', () => {
    expect(isAncestorOrSelf('/1/2/', '/1/23/')).toBe(false);
    expect(isAncestorOrSelf('/1/2/', '/1/23/2/')).toBe(false);
  });

  it('is false for a descendant asking about its ancestor', () => {
    expect(isAncestorOrSelf('/1/2/3/', '/1/2/')).toBe(false);
  });
});

describe('moveProblem', () => {
  const building = { kind: 'building' as const, path: '/1/2/3/4/5/', parentPath: '/1/2/3/4/' };

  it('accepts a building moving to another estate', () => {
    expect(moveProblem(building, { kind: 'estate', path: '/1/2/3/9/' })).toBeNull();
  });

  it('refuses moving a node under itself', () => {
    expect(moveProblem(building, { kind: 'building', path: '/1/2/3/4/5/' })).toBe('into_itself');
  });

  it('refuses moving a node into its own subtree, whatever the kinds', () => {
    expect(moveProblem(building, { kind: 'entrance', path: '/1/2/3/4/5/6/' })).toBe('into_itself');
    const estate = { kind: 'estate' as const, path: '/1/2/3/4/', parentPath: '/1/2/3/' };
    expect(moveProblem(estate, { kind: 'community', path: '/1/2/3/4/5/6/7/' })).toBe('into_itself');
  });

  it('refuses a parent of the wrong kind', () => {
    expect(moveProblem(building, { kind: 'community', path: '/1/2/3/' })).toBe('wrong_parent_kind');
    expect(moveProblem(building, { kind: 'entrance', path: '/1/2/8/9/10/' })).toBe('wrong_parent_kind');
  });

  it('refuses a move to the parent it already has', () => {
    expect(moveProblem(building, { kind: 'estate', path: '/1/2/3/4/' })).toBe('same_parent');
  });

  it('does not mistake a sibling whose id starts with the same digits for a descendant', () => {
    const estate = { kind: 'estate' as const, path: '/1/2/3/4/', parentPath: '/1/2/3/' };
    expect(moveProblem(estate, { kind: 'community', path: '/1/2/34/' })).toBeNull();
  });
});

describe('rebase', () => {
  it('rewrites the prefix of the moved node and of everything below it', () => {
    expect(rebase('/1/2/3/4/', '/1/2/3/4/', '/1/2/9/4/')).toBe('/1/2/9/4/');
    expect(rebase('/1/2/3/4/5/6/', '/1/2/3/4/', '/1/2/9/4/')).toBe('/1/2/9/4/5/6/');
  });

  it('can move a subtree to a different depth', () => {
    expect(rebase('/1/2/3/4/5/', '/1/2/3/', '/7/3/')).toBe('/7/3/4/5/');
  });

  it('throws for a path outside the moved subtree', () => {
    expect(() => rebase('/1/2/8/', '/1/2/3/', '/1/9/3/')).toThrow('/1/2/8/ is not under /1/2/3/');
    expect(() => rebase('/1/2/34/', '/1/2/3/', '/1/9/3/')).toThrow();
  });
});
