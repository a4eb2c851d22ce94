// 我的积分 on the phone: my total this year, by kind, my place in the ranking of my area, and the
// entries one by one.
import { useState } from 'react';
import { Segmented, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ErrorResult } from '../../app/errors';
import { POINT_KINDS } from '../grid/api';
import { useMyPoints } from './api';
import './mobile-grid.css';

export default function MobileGridPoints() {
  const { t } = useTranslation();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const points = useMyPoints(year);
  // ranked by the server among the leaders of my highest level in my community (a 组长 against 组长)
  const standing = points.data?.standing ?? null;

  return (
    <div className="gz-m-page gz-mg">
      <Segmented<number>
        block
        size="large"
        value={year}
        onChange={setYear}
        options={[thisYear - 1, thisYear].map((y) => ({ label: t('mobileGrid.year', { year: y }), value: y }))}
      />
      {points.isError ? (
        <ErrorResult error={points.error} onRetry={() => void points.refetch()} />
      ) : !points.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <section className="gz-m-card gz-mr-gap" id="mg-points-total">
            <div className="gz-m-card-label">{t('mobileGrid.pointsTitle')} · {t('mobileGrid.year', { year })}</div>
            <div className="gz-m-figures gz-mg-figures">
              <div>
                <b>{points.data.total}</b>
                <span>{t('mobileGrid.total')}</span>
              </div>
              <div>
                <b className="gz-mg-rank">{standing ? standing.rank : '—'}</b>
                <span>{standing ? t('mobileGrid.rankOf', { rank: standing.rank, of: standing.of }) : t('mobileGrid.noRank')}</span>
              </div>
            </div>
            {standing?.candidate && (
              <div className="gz-mg-candidate">
                <Tag color="gold">{t('mobileGrid.candidate')}</Tag>
              </div>
            )}
          </section>

          <div className="gz-m-section-title">{t('mobileGrid.byKind')}</div>
          <section className="gz-m-card" id="mg-points-kinds">
            {POINT_KINDS.map((k) => (
              <div key={k} className="gz-m-kv">
                <span>{t(`mobileGrid.kinds.${k}`)}</span>
                <b>{points.data.byKind[k] ?? 0}</b>
              </div>
            ))}
          </section>

          <div className="gz-m-section-title">{t('mobileGrid.entries')}</div>
          {points.data.entries.length === 0 ? (
            <section className="gz-m-card">
              <p className="gz-m-note">{t('mobileGrid.noEntries')}</p>
            </section>
          ) : (
            <ul className="gz-m-list" id="mg-points-entries">
              {points.data.entries.map((e) => (
                <li key={e.id} className="gz-m-row">
                  <span className="gz-m-row-main">
                    <span className="gz-m-row-title">{t(`mobileGrid.kinds.${e.kind}`)}</span>
                    <span className="gz-m-row-sub">{[dayjs(e.at).format('YYYY-MM-DD'), e.note].filter(Boolean).join(' · ')}</span>
                  </span>
                  <b className={e.points < 0 ? 'gz-mg-pts neg' : 'gz-mg-pts'}>{e.points > 0 ? `+${e.points}` : e.points}</b>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
