// A console list whose filters and page are kept in the URL (requests, assemblies): the page
// (from 1), the place filter, a setter of several params at once that goes back to the first page
// unless it sets the page itself, and the table's pagination.
import { useState, type ReactNode } from 'react';
import type { TablePaginationConfig } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export function useUrlFilters(initialSize = 20) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [size, setSize] = useState(initialSize);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const placeParam = Number(params.get('place')) || undefined;

  /** Set (a value) or drop (undefined, '') params; any change but the page's goes back to page 1. */
  const set = (changes: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });

  /** The table's pagination over `total` rows; a new page size starts again from page 1. */
  const pagination = (total: number, showTotal: (n: number) => ReactNode = (n) => t('common.total', { count: n })): TablePaginationConfig => ({
    current: page,
    pageSize: size,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal,
    onChange: (p, s) => {
      if (s !== size) setSize(s);
      set({ page: s !== size || p <= 1 ? undefined : String(p) });
    },
  });

  return { params, setParams, set, page, size, placeParam, pagination };
}
