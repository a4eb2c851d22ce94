// State for a lazily loaded place tree: children are fetched when a node opens and re-fetched for
// the parents a write has changed.
import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Place } from '../../api/types';
import { placeKeys, childrenQuery } from './api';

export function useLazyTree(rootId: number | undefined, includeRetired: boolean) {
  const qc = useQueryClient();
  const [children, setChildren] = useState<Map<number, Place[]>>(new Map());

  useEffect(() => setChildren(new Map()), [rootId, includeRetired]);

  const load = useCallback(
    async (id: number, fresh = false) => {
      const q = childrenQuery(id, includeRetired);
      if (fresh) await qc.invalidateQueries({ queryKey: q.queryKey });
      const res = await qc.fetchQuery(q);
      setChildren((prev) => new Map(prev).set(id, res.items));
    },
    [qc, includeRetired],
  );

  /** After a write: drop cached views and re-read the children of the given (loaded) parents. */
  const reload = useCallback(
    async (ids: number[]) => {
      await qc.invalidateQueries({ queryKey: placeKeys.all });
      const loaded = [...new Set(ids)].filter((id) => children.has(id) || id === rootId);
      await Promise.all(loaded.map((id) => load(id, true)));
    },
    [qc, children, rootId, load],
  );

  return { children, load, reload };
}
