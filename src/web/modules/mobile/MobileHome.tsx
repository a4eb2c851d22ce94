// Phone home: a greeting, the resident's own home, and for grid volunteers the place they look
// after with its units.
import { Skeleton, Tag } from 'antd';
import { HomeOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import type { MeGrant } from '../../api/types';
import { can } from '../../app/permissions';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { usePerson } from '../people/api';
import { AreaCard } from './AreaCard';
import { PlaceList } from './PlaceList';

const AREA_PREVIEW = 12;

function dayPart(hour: number): string {
  if (hour < 5) return 'evening';
  if (hour < 9) return 'morning';
  if (hour < 11) return 'forenoon';
  if (hour < 13) return 'noon';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

function MyHome({ personId, unitGrants }: { personId: number; unitGrants: MeGrant[] }) {
  const { t } = useTranslation();
  const me = useSession();
  // the full record needs people.view; a resident without it sees the units of their grants
  const person = usePerson(can(me, 'people.view') ? personId : undefined);
  if (person.isLoading) return <Skeleton active />;
  const homes = person.data?.households;
  return (
    <section className="gz-m-card">
      <div className="gz-m-card-label">
        <HomeOutlined /> {t('mobile.myHome')}
      </div>
      {homes && homes.length > 0 ? (
        <ul className="gz-m-list gz-m-list-plain">
          {homes.map((h) => (
            <li key={h.householdId}>
              <Link to={`/m/units/${h.unitId}`} className="gz-m-row">
                <span className="gz-m-row-main">
                  <span className="gz-m-row-title">{h.address}</span>
                  <span className="gz-m-row-sub">{t(`common.relations.${h.relation}`, { defaultValue: h.relation })}</span>
                </span>
                <RightOutlined className="gz-m-row-arrow" />
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <>
          {unitGrants.map((g) => (
            <div key={g.placeId} className="gz-m-card-title">
              {t('mobile.unitLabel', { name: g.placeName })}
            </div>
          ))}
          <p className="gz-m-note">{t('mobile.myHomeFallback')}</p>
        </>
      )}
    </section>
  );
}

export default function MobileHome() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const now = dayjs();
  const unitGrants = me.grants.filter((g) => g.placeKind === 'unit');
  const areaGrants = can(me, 'people.view') ? me.grants.filter((g) => g.placeKind !== 'unit') : [];

  return (
    <div className="gz-m-page">
      <section className="gz-m-hello">
        <div className="gz-m-hello-line">{t('mobile.greeting', { part: t(`mobile.${dayPart(now.hour())}`), name: me.user.displayName })}</div>
        <div className="gz-m-hello-date">{now.format(t('mobile.dateFormat'))}</div>
        <div className="gz-m-hello-roles">
          {me.grants.map((g) => (
            <Tag key={`${g.role}-${g.placeId}`} className="gz-m-role">
              {pickLabel(g.roleLabel, lang)} · {g.placeName}
            </Tag>
          ))}
        </div>
      </section>

      {me.user.personId && unitGrants.length > 0 && <MyHome personId={me.user.personId} unitGrants={unitGrants} />}

      {areaGrants.map((g) => (
        <div key={`${g.role}-${g.placeId}`} className="gz-m-area">
          <AreaCard placeId={g.placeId} />
          <PlaceList placeId={g.placeId} limit={AREA_PREVIEW} />
          <Link to={`/m/households/${g.placeId}`} className="gz-m-more">
            {t('mobile.viewAll')} <RightOutlined />
          </Link>
        </div>
      ))}
    </div>
  );
}
