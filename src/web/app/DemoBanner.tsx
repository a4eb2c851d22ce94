// A banner when what the user sees is the demo district, so nobody mistakes it for real records.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Place } from '../api/types';
import { isDemoPlace } from '../modules/places/api';

export function DemoBanner({ places, compact }: { places: Place[] | undefined; compact?: boolean }) {
  const { t } = useTranslation();
  const demo = places?.find(isDemoPlace);
  if (!demo) return null;
  return <Alert className={compact ? 'gz-demo gz-demo-compact' : 'gz-demo'} type="warning" banner showIcon title={t('common.demoBanner')} />;
}
