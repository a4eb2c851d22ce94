// One unit on the phone: address, the area that counts, owners and household members (tap to call).
import { Skeleton, Tag } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { formatArea } from '../../app/format';
import { usePlaceView } from '../places/api';
import { useUnit } from '../people/api';

export default function MobileUnit() {
  const { t } = useTranslation();
  const unitId = Number(useParams().unitId);
  const place = usePlaceView(unitId);
  const unit = useUnit(unitId);
  if (unit.isError) return <ErrorResult error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data || !place.data) return <Skeleton active />;
  const u = unit.data;
  const address = [...place.data.ancestors.filter((a) => ['estate', 'building', 'entrance'].includes(a.kind)), place.data.place].map((a) => a.name).join(' ');

  return (
    <div className="gz-m-page">
      <section className="gz-m-card">
        <div className="gz-m-card-title">{address}</div>
        <div className="gz-m-kv">
          <span>{t('mobile.area')}</span>
          <b>{u.effectiveArea ? t('mobile.areaWithSource', { area: formatArea(u.effectiveArea.centi), source: t(`common.areaSources.${u.effectiveArea.source}`) }) : '—'}</b>
        </div>
        <div className="gz-m-kv">
          <span>{t('mobile.owners')}</span>
          <b>{u.owners.length ? u.owners.map((o) => o.name).join('、') : '—'}</b>
        </div>
      </section>
      <div className="gz-m-section-title">{t('mobile.members')}</div>
      {u.households.flatMap((h) => h.members).length === 0 ? (
        <section className="gz-m-card gz-m-note">{t('mobile.vacant')}</section>
      ) : (
        <ul className="gz-m-list">
          {u.households.flatMap((h) =>
            h.members.map((m) => (
              <li key={`${h.id}-${m.personId}`} className="gz-m-row">
                <span className="gz-m-row-main">
                  <span className="gz-m-row-title">
                    {m.name} <Tag>{t(`common.relations.${m.relation}`, { defaultValue: m.relation })}</Tag>
                  </span>
                  <span className="gz-m-row-sub">{m.phone ?? '—'}</span>
                </span>
                {m.phone && (
                  <a className="gz-m-call" href={`tel:${m.phone.replace(/[^0-9+]/g, '')}`} aria-label={`${t('mobile.call')} ${m.name}`}>
                    <PhoneOutlined /> {t('mobile.call')}
                  </a>
                )}
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}
