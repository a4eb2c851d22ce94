// Paging of the assembly's long lists (roll, deliveries, ballot papers): the page, its size (50,
// 100 or 200 rows), the table's pagination, and a filter whose change goes back to page 1.
import { useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';

export function usePagedList<F>(initial?: F) {
  const { t } = useTranslation();
  const [filter, setFilterState] = useState<F | undefined>(initial);
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(50);
  return {
    filter,
    /** A new filter starts again from the first page. */
    setFilter: (f: F | undefined) => {
      if (f === filter) return;
      setFilterState(f);
      setPage(1);
    },
    page,
    size,
    offset: (page - 1) * size,
    /** The table's pagination over `total` rows. */
    pagination: (total: number): TablePaginationConfig => ({
      current: page,
      pageSize: size,
      total,
      showSizeChanger: true,
      pageSizeOptions: [50, 100, 200],
      showTotal: (n) => t('common.total', { count: n }),
      onChange: (p, s) => {
        setPage(s !== size ? 1 : p);
        setSize(s);
      },
    }),
  };
}
