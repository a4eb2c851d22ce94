// Phone home, by role: a greeting; residents see their own homes, grid volunteers (三长) the places
// they look after with their units.
import { Tag } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { can } from '../../app/permissions';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { AreaCard } from './AreaCard';
import { MyHomes } from './MyHomes';
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

export default function MobileHome() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const now = dayjs();
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

      {can(me, 'self.household') && <MyHomes />}

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
