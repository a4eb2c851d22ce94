// The role catalogue used by the user forms and filters.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RoleInfo } from '../../api/types';

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api<{ items: RoleInfo[] }>('/roles').then((r) => r.items), staleTime: Infinity });
}
