// The property company serving an estate: shown, and set or cleared by office staff.
import { useState } from 'react';
import { Button, Select, Space, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { PlaceView } from '../../api/types';
import { useOrgs } from '../orgs/api';
import { useErrorText } from '../../app/errors';
import { placeKeys } from './api';

export function PropertyCompany({ view, canManage }: { view: PlaceView; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState<number | null>(view.propertyCompany?.id ?? null);
  const orgs = useOrgs('property_company', editing);
  const save = useMutation({
    mutationFn: (companyId: number | null) => api(`/places/${view.place.id}/property-company`, { method: 'PUT', body: { companyId } }),
    onSuccess: async () => {
      message.success(t('places.companySaved'));
      setEditing(false);
      await qc.invalidateQueries({ queryKey: placeKeys.view(view.place.id) });
      await qc.invalidateQueries({ queryKey: ['orgs'] });
    },
    onError: (e) => message.error(errorText(e)),
  });

  if (!editing) {
    return (
      <Space wrap>
        {view.propertyCompany ? <Typography.Text>{view.propertyCompany.name}</Typography.Text> : <Typography.Text type="secondary">{t('places.noCompany')}</Typography.Text>}
        {canManage && (
          <Button size="small" type="link" onClick={() => setEditing(true)}>
            {t('places.setCompany')}
          </Button>
        )}
      </Space>
    );
  }
  return (
    <Space wrap>
      <Select<number | null>
        style={{ minWidth: 240 }}
        loading={orgs.isLoading}
        value={choice}
        allowClear
        onChange={(v) => setChoice(v ?? null)}
        options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        placeholder={t('places.noCompany')}
        showSearch={{ optionFilterProp: 'label' }}
      />
      <Button size="small" type="primary" loading={save.isPending} onClick={() => save.mutate(choice)}>
        {t('common.save')}
      </Button>
      <Button size="small" onClick={() => setEditing(false)}>
        {t('common.cancel')}
      </Button>
    </Space>
  );
}
