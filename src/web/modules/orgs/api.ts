// Organisation lists (property companies, departments, …).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Org } from '../../api/types';

/** Organisations, all or of one kind. */
export function useOrgs(kind: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['orgs', kind ?? 'all'],
    queryFn: () => api<{ items: Org[] }>('/orgs', { query: { kind } }).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}
