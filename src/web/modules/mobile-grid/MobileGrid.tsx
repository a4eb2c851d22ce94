// 网格走访 on the phone: the cells I lead, how many of my households were visited lately, and my
// households (find by flat number), the ones never or long not visited marked.
import { useMemo, useState } from 'react';
import { Empty, Input, Skeleton, Tag } from 'antd';
import { RightOutlined, SearchOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { ErrorResult } from '../../app/errors';
import type { MineHousehold } from '../grid/api';
import { VISIT_WINDOW_DAYS, useMine } from './api';
import './mobile-grid.css';

/** 'never' | 'overdue' | null: whether a household needs a visit, from its last one. */
export function visitDue(lastVisitAt: string | null, now = dayjs()): 'never' | 'overdue' | null {
  if (!lastVisitAt) return 'never';
  return now.diff(dayjs(lastVisitAt), 'day') >= VISIT_WINDOW_DAYS ? 'overdue' : null;
}

function HouseholdRow({ h }: { h: MineHousehold }) {
  const { t } = useTranslation();
  const due = visitDue(h.lastVisitAt);
  return (
    <li>
      <Link to={`/m/grid/households/${h.householdId}`} className="gz-m-row gz-mg-household" data-household-id={h.householdId}>
        <span className="gz-m-row-main">
          <span className="gz-m-row-title">
            {h.address}
            {due && (
              <Tag color={due === 'never' ? 'red' : 'orange'} className="gz-mg-due">
                {t(due === 'never' ? 'mobileGrid.neverVisited' : 'mobileGrid.overdue')}
              </Tag>
            )}
          </span>
          <span className="gz-m-row-sub">
            {[h.headName ? t('mobileGrid.head', { name: h.headName }) : t('mobileGrid.noHead'), t('mobileGrid.members', { n: h.members }), h.phoneMasked].filter(Boolean).join(' · ')}
          </span>
          <span className="gz-m-row-sub">
            {h.lastVisitAt && t('mobileGrid.lastVisit', { date: dayjs(h.lastVisitAt).format('YYYY-MM-DD') })}
            {h.openRequests > 0 && (
              <Tag color="blue" className="gz-mg-open">
                {t('mobileGrid.openRequests', { n: h.openRequests })}
              </Tag>
            )}
          </span>
        </span>
        <RightOutlined className="gz-m-row-arrow" />
      </Link>
    </li>
  );
}

export default function MobileGrid() {
  const { t } = useTranslation();
  const mine = useMine();
  const [q, setQ] = useState('');
  // in flat order (101, 102, 201 …): the order a 邻长 walks the stairs
  const households = useMemo(() => [...(mine.data?.households ?? [])].sort((a, b) => a.address.localeCompare(b.address, 'zh-CN', { numeric: true })), [mine.data]);
  const shown = useMemo(() => {
    const needle = q.trim();
    return needle ? households.filter((h) => h.address.includes(needle)) : households;
  }, [households, q]);

  if (mine.isError) return <ErrorResult error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Skeleton active paragraph={{ rows: 8 }} className="gz-m-page" />;
  const visited = households.filter((h) => visitDue(h.lastVisitAt) === null).length;

  return (
    <div className="gz-m-page gz-mg">
      <section className="gz-m-card" id="mg-cells">
        {mine.data.cells.length === 0 ? (
          <p className="gz-m-note">{t('mobileGrid.noCells')}</p>
        ) : (
          mine.data.cells.map((c) => (
            <div key={c.id} className="gz-m-card-title gz-mg-cell">
              {t('mobileGrid.cellLine', { role: t(`mobileGrid.levels.${c.level}`), name: c.name })}
            </div>
          ))
        )}
        <p className="gz-m-note" id="mg-coverage">
          {t('mobileGrid.coverage', { households: households.length, visited })}
        </p>
        <Link to="/m/grid/points" className="gz-m-more gz-mg-points-link">
          <TrophyOutlined /> {t('mobileGrid.pointsTitle')}
        </Link>
      </section>

      <div className="gz-m-section-title">{t('mobileGrid.title')}</div>
      <Input
        size="large"
        allowClear
        inputMode="numeric"
        prefix={<SearchOutlined />}
        placeholder={t('mobileGrid.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="gz-mg-search"
        id="mg-search"
      />
      {shown.length === 0 ? (
        <section className="gz-m-card">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q.trim() ? t('mobileGrid.noMatch', { q: q.trim() }) : t('mobileGrid.noHouseholds')} />
        </section>
      ) : (
        <ul className="gz-m-list" id="mg-households">
          {shown.map((h) => (
            <HouseholdRow key={h.householdId} h={h} />
          ))}
        </ul>
      )}
    </div>
  );
}
