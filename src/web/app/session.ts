// Who is logged in: /api/me, cached by TanStack Query; it also carries the CSRF token for writes.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, setCsrfToken } from '../api/client';
import type { Me, MenuEntry } from '../api/types';

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      const me = await api<Me>('/me');
      setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The current user; only for components rendered below the auth guard. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession outside the authenticated area');
  return data;
}

export function menuFor(me: Me, frame: 'console' | 'mobile'): MenuEntry[] {
  return me.menu.filter((m) => m.frame === frame);
}

export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api('/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      qc.clear();
      navigate('/login', { replace: true });
    }
  };
}
