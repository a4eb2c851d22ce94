// A banner when what the user sees is the demo district, so nobody mistakes it for real records.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

export function DemoBanner({ demo, compact }: { demo: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  if (!demo) return null;
  return <Alert className={compact ? 'gz-demo gz-demo-compact' : 'gz-demo'} type="warning" banner showIcon title={t('common.demoBanner')} />;
}
