// Phone list of the places below one place: buildings and entrances open further, units show
// their head of household and how many people live there.
import { Empty, Skeleton } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Place, UnitDetail } from '../../api/types';
import { ErrorResult } from '../../app/errors';
import { usePlaceChildren } from '../places/api';
import { unitQuery } from '../people/api';

function unitSummary(u: UnitDetail | undefined, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!u) return '…';
  const members = u.households.flatMap((h) => h.members);
  if (members.length === 0) return t('mobile.vacant');
  const head = members.find((m) => m.relation === 'head') ?? members[0];
  return `${t('mobile.headOf', { name: head.name })} · ${t('mobile.memberCount', { count: members.length })}`;
}

export function PlaceList({ placeId, limit }: { placeId: number; limit?: number }) {
  const { t } = useTranslation();
  const children = usePlaceChildren(placeId);
  const items = (children.data?.items ?? []).slice(0, limit);
  const units = items.filter((p) => p.kind === 'unit');
  const details = useQueries({ queries: units.map((u) => unitQuery(u.id)) });
  const detailOf = new Map(units.map((u, i) => [u.id, details[i]?.data]));

  if (children.isError) return <ErrorResult error={children.error} onRetry={() => void children.refetch()} />;
  if (children.isPending) return <Skeleton active />;
  if (items.length === 0) return <Empty description={t('mobile.noUnits')} />;

  const row = (p: Place) => {
    const isUnit = p.kind === 'unit';
    const sub = isUnit ? unitSummary(detailOf.get(p.id), t) : `${t(`common.kinds.${p.kind}`)} · ${p.childCount ?? 0}`;
    return (
      <li key={p.id}>
        <Link to={isUnit ? `/m/units/${p.id}` : `/m/households/${p.id}`} className="gz-m-row">
          <span className="gz-m-row-main">
            <span className="gz-m-row-title">{isUnit ? t('mobile.unitLabel', { name: p.name }) : p.name}</span>
            <span className="gz-m-row-sub">{sub}</span>
          </span>
          <RightOutlined className="gz-m-row-arrow" />
        </Link>
      </li>
    );
  };
  return <ul className="gz-m-list">{items.map(row)}</ul>;
}
