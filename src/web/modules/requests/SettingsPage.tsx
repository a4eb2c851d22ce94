// 诉求设置: for a district admin the district (catalogue, district settings) and each of its
// streets (their rules and settings); for a street admin their street. The choice is kept in the
// URL (?target=ID, &tab=).
import { Card, Empty, Select, Space, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/Page';
import { useSession } from '../../app/session';
import { childrenQuery } from '../places/api';
import { CategoriesPanel } from './CategoriesPanel';
import { SettingsForm } from './SettingsForm';
import './requests.css';

interface Target {
  id: number;
  name: string;
  kind: 'district' | 'street';
}

/** The places this user configures: their districts with the streets below, and their own streets. */
function useTargets(): Target[] {
  const me = useSession();
  const districts = me.grants.filter((g) => g.role === 'district_admin');
  const streetsBelow = useQueries({ queries: districts.map((d) => childrenQuery(d.placeId)) });
  const out: Target[] = [];
  districts.forEach((d, i) => {
    out.push({ id: d.placeId, name: d.placeName, kind: 'district' });
    for (const s of streetsBelow[i]?.data?.items ?? []) if (s.kind === 'street') out.push({ id: s.id, name: s.name, kind: 'street' });
  });
  for (const g of me.grants) if (g.role === 'street_admin' && !out.some((x) => x.id === g.placeId)) out.push({ id: g.placeId, name: g.placeName, kind: 'street' });
  return out;
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const targets = useTargets();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('target'));
  const target = targets.find((x) => x.id === asked) ?? targets[0];
  const tab = params.get('tab') === 'local' ? 'local' : 'categories';
  const isDistrictAdmin = me.grants.some((g) => g.role === 'district_admin');

  const set = (key: string, value: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set(key, value);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('requests.settings.title')}
        sub={t('requests.settings.sub')}
        extra={
          targets.length > 1 && (
            <Space>
              <Typography.Text type="secondary">{t('requests.settings.target')}</Typography.Text>
              <Select
                id="settings-target"
                style={{ width: 240 }}
                value={target?.id}
                onChange={(v: number) => set('target', String(v))}
                options={targets.map((x) => ({
                  value: x.id,
                  label: x.kind === 'district' ? t('requests.settings.district', { name: x.name }) : t('requests.settings.street', { name: x.name }),
                }))}
              />
            </Space>
          )
        }
      />
      <Card size="small">
        {!target ? (
          <Empty />
        ) : (
          <Tabs
            activeKey={tab}
            onChange={(k) => set('tab', k)}
            items={[
              {
                key: 'categories',
                label: t('requests.settings.categories'),
                children: <CategoriesPanel key={target.id} streetId={target.kind === 'street' ? target.id : undefined} canEditCatalogue={isDistrictAdmin} />,
              },
              { key: 'local', label: t('requests.settings.local'), children: <SettingsForm key={target.id} placeId={target.id} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
