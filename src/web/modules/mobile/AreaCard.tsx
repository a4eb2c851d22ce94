// The place a grid volunteer looks after: its address and figures (units, households, residents).
import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePlaceView } from '../places/api';

export function AreaCard({ placeId }: { placeId: number }) {
  const { t } = useTranslation();
  const view = usePlaceView(placeId);
  if (!view.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const { place, ancestors, counts } = view.data;
  const address = [...ancestors.filter((a) => ['estate', 'building', 'entrance'].includes(a.kind)), place].map((a) => a.name).join(' ');
  return (
    <section className="gz-m-card">
      <div className="gz-m-card-label">{t('mobile.myArea', { kind: t(`common.kinds.${place.kind}`) })}</div>
      <div className="gz-m-card-title">{address}</div>
      <div className="gz-m-figures">
        <div>
          <b>{counts.byKind.unit ?? 0}</b>
          <span>{t('mobile.units')}</span>
        </div>
        <div>
          <b>{counts.households}</b>
          <span>{t('mobile.households')}</span>
        </div>
        <div>
          <b>{counts.residents}</b>
          <span>{t('mobile.residents')}</span>
        </div>
      </div>
    </section>
  );
}
