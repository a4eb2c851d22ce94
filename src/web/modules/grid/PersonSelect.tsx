// A person picker that searches the people of a place by name or phone as one types (the office's
// /api/people search; phones are shown masked here, ID numbers never).
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';

interface Person {
  id: number;
  name: string;
  phone: string | null;
}

/** 13812345678 → 138****5678: the picker only needs to tell namesakes apart. */
export function maskPhone(phone: string | null): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

export function PersonSelect({ placeId, value, onChange, id }: { placeId: number | undefined; value?: number; onChange?: (v: number | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // one search per pause in typing, not per key
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const people = useQuery({
    queryKey: ['people', 'pick', placeId ?? 0, q],
    queryFn: () => api<Paged<Person>>('/people', { query: { placeId, q, limit: 20 } }).then((r) => r.items),
    enabled: !!placeId && q.length > 0,
  });
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={t('grid.form.personSearch')}
      loading={people.isFetching}
      notFoundContent={null}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: [p.name, maskPhone(p.phone)].filter(Boolean).join(' · ') }))}
    />
  );
}
