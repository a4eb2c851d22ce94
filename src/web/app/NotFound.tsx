import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router-dom';

export function NotFound({ home = '/' }: { home?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('common.notFoundTitle')}
      subTitle={t('common.notFoundText')}
      extra={
        <Link to={home}>
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ComingSoon({ name }: { name: string }) {
  const { t } = useTranslation();
  return <Result status="info" title={t('shell.comingSoon')} subTitle={t('shell.comingSoonText', { name })} />;
}

/** Shown when a page throws while rendering, instead of the router's developer screen. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Result
      status="error"
      title={t('common.crashTitle')}
      subTitle={t('common.crashText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
