// The frozen voter roll, as published to the estate's owners so they can check it and object
// before voting opens: names masked, searchable by unit (GET /api/my/assemblies/:id/roll).
import { useState } from 'react';
import { Button, Collapse, Input, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult } from '../../app/errors';
import type { viewRollAsOwner } from '../../../modules/assemblies/service';
import { areaText } from './words';

type RollPage = Awaited<ReturnType<typeof viewRollAsOwner>>;
const PAGE = 50;

function RollList({ assemblyId }: { assemblyId: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const roll = useQuery({
    queryKey: ['assemblies', 'mine', assemblyId, 'roll', q, limit],
    queryFn: () => api<RollPage>(`/my/assemblies/${assemblyId}/roll?limit=${limit}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    placeholderData: (prev) => prev,
  });
  return (
    <div className="gz-ma-roll">
      <Input.Search
        id="m-roll-search"
        size="large"
        inputMode="numeric"
        allowClear
        placeholder={t('masm.roll.search')}
        onSearch={(v) => {
          setQ(v.trim());
          setLimit(PAGE);
        }}
      />
      {roll.isLoading && <Skeleton active />}
      {roll.error && <ErrorResult error={roll.error} />}
      {roll.data && (
        <>
          <p className="gz-ma-text">{t('masm.roll.totals', { persons: roll.data.totals.persons, area: areaText(roll.data.totals.areaCenti) })}</p>
          <ul className="gz-ma-roll-list" id="m-roll-list">
            {roll.data.items.map((v) => (
              <li key={v.voterNo} className={v.active ? undefined : 'gz-ma-roll-removed'}>
                <span className="gz-ma-roll-no">{v.voterNo}</span>
                <span className="gz-ma-roll-name">{v.name}</span>
                <span className="gz-ma-roll-units">{v.units.join('、')}</span>
                <span className="gz-ma-roll-area">{areaText(v.areaCenti)}</span>
              </li>
            ))}
          </ul>
          {roll.data.items.length === 0 && <p className="gz-m-note">{t('masm.roll.none')}</p>}
          {roll.data.total > roll.data.items.length && (
            <Button block size="large" onClick={() => setLimit((n) => Math.min(n + PAGE, 500))} disabled={limit >= 500}>
              {t('masm.roll.more', { shown: roll.data.items.length, total: roll.data.total })}
            </Button>
          )}
          <p className="gz-m-note">{t('masm.roll.object')}</p>
        </>
      )}
    </div>
  );
}

export function RollCard({ assemblyId }: { assemblyId: number }) {
  const { t } = useTranslation();
  return (
    <Collapse
      className="gz-ma-roll-card"
      size="large"
      items={[{ key: 'roll', label: <span id="m-roll-toggle">{t('masm.roll.title')}</span>, children: <RollList assemblyId={assemblyId} /> }]}
    />
  );
}
