// Pure rules of the place tree: 区 → 街道 → 社区 → 小区 → 楼栋 → 单元 → 房屋.
// Paths are materialised as '/1/5/23/': a node's path is its parent's path plus its own id.
import { PLACE_KINDS, type PlaceKind } from '../db/schema';

export const KIND_LABELS: Record<PlaceKind, { zh: string; en: string }> = {
  district: { zh: '区', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
  estate: { zh: '小区', en: 'Estate' },
  building: { zh: '楼栋', en: 'Building' },
  entrance: { zh: '单元', en: 'Entrance' },
  unit: { zh: '房屋', en: 'Unit' },
};

export function kindLevel(kind: PlaceKind): number {
  return PLACE_KINDS.indexOf(kind);
}

/** The only kind a child of `parent` may have, or null for a leaf. */
export function childKind(parent: PlaceKind): PlaceKind | null {
  return PLACE_KINDS[kindLevel(parent) + 1] ?? null;
}

export function pathOf(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function depthOf(path: string): number {
  return path.split('/').length - 3;
}

export function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function isAncestorOrSelf(ancestorPath: string, path: string): boolean {
  return path.startsWith(ancestorPath);
}

export type MoveProblem = 'into_itself' | 'wrong_parent_kind' | 'same_parent' | null;

/** May a node of `kind` at `path` move under a parent of `parentKind` at `parentPath`? */
export function moveProblem(node: { kind: PlaceKind; path: string; parentPath: string | null }, parent: { kind: PlaceKind; path: string }): MoveProblem {
  if (isAncestorOrSelf(node.path, parent.path)) return 'into_itself';
  if (childKind(parent.kind) !== node.kind) return 'wrong_parent_kind';
  if (node.parentPath === parent.path) return 'same_parent';
  return null;
}

/** Rewrite a path when the subtree at `oldPrefix` moves to `newPrefix`. */
export function rebase(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}
