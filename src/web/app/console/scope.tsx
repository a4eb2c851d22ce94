// The chosen scope (a place the office user is looking at): kept in the URL (?scope=ID) so a link
// shows the same thing, and remembered per user for the next visit.
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PlaceView } from '../../api/types';
import { usePlaceView, useRoots } from '../../modules/places/api';
import { useSession } from '../session';

interface ScopeState {
  scopeId: number | undefined;
  view: PlaceView | undefined;
  /**
   * What lists that take `placeId` (users, audit) should send: the chosen scope when it is narrower
   * than the user's whole area, undefined when it is their only root (then the list also shows what
   * belongs to no place). `ready` is false until the roots are known.
   */
  listFilter: { ready: boolean; placeId: number | undefined };
  setScope: (id: number) => void;
  /** A console path with the current scope attached. */
  link: (path: string) => string;
}

const ScopeContext = createContext<ScopeState | null>(null);

function storageKey(userId: number): string {
  return `gongzhi.scope.${userId}`;
}

function readStored(userId: number): number | undefined {
  try {
    const v = Number(localStorage.getItem(storageKey(userId)));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

export function ScopeProvider({ children }: { children: ReactNode }) {
  const me = useSession();
  const roots = useRoots();
  const [params, setParams] = useSearchParams();
  const fromUrl = Number(params.get('scope'));
  const firstRoot = roots.data?.[0]?.id;
  const candidate = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : (readStored(me.user.id) ?? firstRoot);
  const view = usePlaceView(candidate);
  // a remembered scope that is no longer visible falls back to the first root
  const scopeId = view.isError ? firstRoot : candidate;
  const fallbackView = usePlaceView(view.isError ? firstRoot : undefined);

  useEffect(() => {
    if (scopeId && view.data) {
      try {
        localStorage.setItem(storageKey(me.user.id), String(scopeId));
      } catch {
        /* storage unavailable: the URL still carries the scope */
      }
    }
  }, [scopeId, view.data, me.user.id]);

  const setScope = useCallback(
    (id: number) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('scope', String(id));
          // paging belongs to the old scope
          next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const rootIds = roots.data?.map((r) => r.id);
  // wait until the chosen scope is confirmed visible (a stale one falls back to the first root)
  // (a user without places.view — a party secretary — has no place roots: their lists go unfiltered)
  const ready = roots.isError || (rootIds !== undefined && (rootIds.length === 0 || view.isSuccess || (view.isError && fallbackView.isSuccess)));
  const wholeArea = rootIds?.length === 1 && rootIds[0] === scopeId;
  const filterId = ready && !wholeArea ? scopeId : undefined;

  const value = useMemo<ScopeState>(
    () => ({
      scopeId,
      listFilter: { ready, placeId: filterId },
      view: view.isError ? fallbackView.data : view.data,
      setScope,
      link: (path: string) => (scopeId ? `${path}?scope=${scopeId}` : path),
    }),
    [scopeId, ready, filterId, view.data, view.isError, fallbackView.data, setScope],
  );
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): ScopeState {
  const s = useContext(ScopeContext);
  if (!s) throw new Error('useScope outside ScopeProvider');
  return s;
}
