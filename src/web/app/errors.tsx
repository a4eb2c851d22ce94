// Turning errors into words for the user, in the chosen language, and a standard error panel.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { currentLang } from '../i18n';

function invalidFields(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details
    .map((d: unknown) => (typeof d === 'object' && d !== null && 'field' in d ? String((d as { field: unknown }).field) : ''))
    .map((f) => f.replace(/^\//, '').replace(/\//g, '.'))
    .filter(Boolean);
}

export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return (err: unknown) => {
    if (err instanceof ApiError) {
      const text = err.messages[currentLang()] || err.code;
      const fields = err.code === 'VALIDATION_FAILED' ? invalidFields(err.details) : [];
      return fields.length ? t('common.withFields', { text, fields: [...new Set(fields)].join(', ') }) : text;
    }
    return t('common.unknownError');
  };
}

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const status = error instanceof ApiError && (error.status === 403 || error.status === 404) ? error.status : 'error';
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={t('common.loadFailed')}
      subTitle={text(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
