// A resident's own homes on the phone: one card per unit they live in or own, with the household
// members, the owners (who votes for the unit) and the area that counts.
import { Empty, Skeleton, Tag } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MyHousehold } from '../../api/types';
import { ErrorResult } from '../../app/errors';
import { formatArea } from '../../app/format';
import { useMyHousehold } from '../people/api';

type Home = MyHousehold['homes'][number];

function HomeCard({ home }: { home: Home }) {
  const { t } = useTranslation();
  const relation = (r: string) => t(`common.relations.${r}`, { defaultValue: r });
  const area = home.effectiveArea;
  return (
    <section className="gz-m-card gz-m-home" aria-label={home.address}>
      <div className="gz-m-card-label">
        <HomeOutlined /> {t('mobile.myHome')}
      </div>
      <div className="gz-m-card-title">{home.address}</div>
      <div className="gz-m-home-tags">
        {home.relation ? <Tag color="blue">{t('mobile.iLiveHere', { relation: relation(home.relation) })}</Tag> : <Tag>{t('mobile.notLivingHere')}</Tag>}
        {home.owns && <Tag color="gold">{t('mobile.iOwn')}</Tag>}
      </div>

      <div className="gz-m-kv">
        <span>{t('mobile.area')}</span>
        <b>{area ? t('mobile.areaWithSource', { area: formatArea(area.centi), source: t(`mobile.areaSource.${area.source}`, { defaultValue: area.source }) }) : t('mobile.areaUnknown')}</b>
      </div>

      {home.relation !== null && (
        <div className="gz-m-home-block">
          <div className="gz-m-home-head">{t('mobile.members')}</div>
          {home.members.length === 0 ? (
            <div className="gz-m-note">{t('mobile.vacant')}</div>
          ) : (
            <ul className="gz-m-people">
              {home.members.map((m, i) => (
                <li key={i}>
                  <span className="gz-m-person-name">
                    {m.name}
                    {m.isMe && <span className="gz-m-me">{t('mobile.me')}</span>}
                  </span>
                  <span className="gz-m-person-sub">{relation(m.relation)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="gz-m-home-block">
        <div className="gz-m-home-head">{t('mobile.owners')}</div>
        {home.owners.length === 0 ? (
          <div className="gz-m-note">{t('mobile.noOwners')}</div>
        ) : (
          <ul className="gz-m-people">
            {home.owners.map((o, i) => (
              <li key={i}>
                <span className="gz-m-person-name">
                  {o.name}
                  {o.isVotingDelegate && (
                    <Tag color="red" className="gz-m-delegate">
                      {t('mobile.votingDelegate')}
                    </Tag>
                  )}
                </span>
                <span className="gz-m-person-sub">{t(`common.bases.${o.basis}`, { defaultValue: o.basis })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

export function MyHomes() {
  const { t } = useTranslation();
  const q = useMyHousehold();
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (q.data.homes.length === 0) {
    return (
      <section className="gz-m-card">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div className="gz-m-card-title gz-m-empty-title">{q.data.person ? t('mobile.noHomes') : t('mobile.noPerson')}</div>
              <p className="gz-m-note">{t('mobile.noHomesHint')}</p>
            </>
          }
        />
      </section>
    );
  }
  return (
    <>
      {q.data.homes.map((h) => (
        <HomeCard key={h.unitId} home={h} />
      ))}
      <p className="gz-m-note gz-m-home-hint">{t('mobile.homeHint')}</p>
    </>
  );
}
