// 我的住户: the grid volunteer's places, opened level by level down to the units.
import { Skeleton } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { pickLabel } from '../../i18n';
import { usePlaceView } from '../places/api';
import { AreaCard } from './AreaCard';
import { PlaceList } from './PlaceList';

export default function MobileHouseholds() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const { placeId } = useParams();
  const areas = me.grants.filter((g) => g.placeKind !== 'unit');
  const id = placeId ? Number(placeId) : areas.length === 1 ? areas[0].placeId : undefined;
  const view = usePlaceView(id);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  if (id === undefined) {
    return (
      <div className="gz-m-page">
        <div className="gz-m-section-title">{t('mobile.pickArea')}</div>
        <ul className="gz-m-list">
          {areas.map((g) => (
            <li key={`${g.role}-${g.placeId}`}>
              <Link to={`/m/households/${g.placeId}`} className="gz-m-row">
                <span className="gz-m-row-main">
                  <span className="gz-m-row-title">{g.placeName}</span>
                  <span className="gz-m-row-sub">{pickLabel(g.roleLabel, lang)}</span>
                </span>
                <RightOutlined className="gz-m-row-arrow" />
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="gz-m-page">
      {view.data ? <AreaCard placeId={id} /> : <Skeleton active paragraph={{ rows: 2 }} />}
      <PlaceList placeId={id} />
    </div>
  );
}
