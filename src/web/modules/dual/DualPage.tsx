// 双报到 (console): the community's registrations, its catalogue of service posts, the hours
// waiting for confirmation and the yearly evaluation with the feedback letters. The community is
// the chosen scope when it is one (or lies inside one); a street's user picks one of its communities.
import { useEffect, useState } from 'react';
import { Alert, Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { usePlaceChildren } from '../places/api';
import { RegistrationsTab } from './RegistrationsTab';
import { PostsTab } from './PostsTab';
import { HoursTab } from './HoursTab';
import { EvaluationsTab } from './EvaluationsTab';
import './dual.css';

/** The community the scope is, or lies in; else the scope itself (a street or a district). */
function useCommunityChoice() {
  const { view } = useScope();
  const fixed = view ? [...view.ancestors, view.place].find((p) => p.kind === 'community') : undefined;
  const parent = !fixed && view?.place.kind === 'street' ? view.place.id : undefined;
  const children = usePlaceChildren(parent);
  const options = (children.data?.items ?? []).filter((p) => p.kind === 'community' && !p.retiredAt).map((p) => ({ value: p.id, label: p.name }));
  return { fixed, options, scopeKey: view?.place.id };
}

export default function DualPage() {
  const { t } = useTranslation();
  const { fixed, options, scopeKey } = useCommunityChoice();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  useEffect(() => setPicked(undefined), [scopeKey]);
  const communityId = fixed?.id ?? picked;
  const [tab, setTab] = useState('registrations');

  const chooser = fixed ? (
    <Typography.Text strong>{fixed.name}</Typography.Text>
  ) : (
    <Select
      id="dual-community"
      allowClear
      style={{ minWidth: 220 }}
      placeholder={options.length ? t('dual.chooseCommunity') : t('dual.allCommunities')}
      value={picked}
      onChange={(v) => setPicked(v ?? undefined)}
      options={options}
      disabled={options.length === 0}
    />
  );

  return (
    <div className="gz-dual">
      <PageHeader
        title={t('dual.title')}
        sub={t('dual.sub')}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('dual.community')}</Typography.Text>
            {chooser}
          </Space>
        }
      />
      {communityId === undefined && <Alert type="info" showIcon className="gz-dual-hint" title={t('dual.pickCommunityHint')} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'registrations', label: t('dual.tabs.registrations'), children: <RegistrationsTab communityId={communityId} /> },
          { key: 'posts', label: t('dual.tabs.posts'), children: <PostsTab communityId={communityId} /> },
          { key: 'hours', label: t('dual.tabs.hours'), children: <HoursTab communityId={communityId} /> },
          { key: 'evaluations', label: t('dual.tabs.evaluations'), children: <EvaluationsTab communityId={communityId} /> },
        ]}
      />
    </div>
  );
}
