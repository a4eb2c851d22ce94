// The categories of the report form as a grid of large buttons (one tap, no dropdown).
import { Empty, Skeleton } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { useCategories, type Category } from './api';

export function categoryName(c: Pick<Category, 'nameZh' | 'nameEn'>, lang: string): string {
  return lang === 'en' ? c.nameEn : c.nameZh;
}

export function CategoryGrid({ placeId, value, onChange }: { placeId: number | undefined; value?: number; onChange?: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const q = useCategories(placeId);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (q.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mreq.noCategories')} />;
  return (
    <div className="gz-mr-cats" role="radiogroup" aria-label={t('mreq.category')}>
      {q.data.map((c) => {
        const active = c.id === value;
        return (
          <button
            key={c.id}
            type="button"
            role="radio"
            aria-checked={active}
            data-code={c.code}
            className={active ? 'gz-mr-cat active' : 'gz-mr-cat'}
            onClick={() => onChange?.(c.id)}
          >
            <span className="gz-mr-cat-name">{categoryName(c, i18n.language)}</span>
            <span className="gz-mr-cat-kind">{t(`mreq.kinds.${c.kind}`)}</span>
            {active && <CheckCircleFilled className="gz-mr-cat-check" />}
          </button>
        );
      })}
    </div>
  );
}
