// On a request's console page: when it was filed on a 走访 (visit), say so — "来自走访 · date · who".
// Only grid-channel requests can come from a visit, and only grid viewers may read visits.
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useCan } from '../../app/permissions';
import type { VisitListDto } from '../../../modules/party/schemas-grid';
import type { Static } from 'typebox';

export function VisitOrigin({ requestId, channel }: { requestId: number; channel: string }) {
  const { t } = useTranslation();
  const canView = useCan('grid.view');
  const q = useQuery({
    queryKey: ['grid', 'visits', 'request', requestId],
    queryFn: () => api<Static<typeof VisitListDto>>('/grid/visits', { query: { requestId, limit: 1 } }).then((r) => r.items[0] ?? null),
    enabled: canView && channel === 'grid',
    retry: false,
  });
  const v = q.data;
  if (!v) return null;
  return (
    <Typography.Text type="secondary" className="gz-visit-origin" id="request-visit-origin" data-visit-id={v.id}>
      {[t('grid.fromVisit'), dayjs(v.visitedAt).format('YYYY-MM-DD HH:mm'), v.visitorName].filter(Boolean).join(' · ')}
    </Typography.Text>
  );
}
