// 地点管理: the scope's tree on the left, the selected place's detail and actions on the right.
import { Card, Col, Empty, Row, Skeleton, Switch, Space } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { PageHeader } from '../../app/Page';
import { usePlaceView } from './api';
import { useLazyTree } from './useLazyTree';
import { PlaceTree } from './PlaceTree';
import { PlaceDetail } from './PlaceDetail';
import './places.css';

export default function PlacesPage() {
  const { t } = useTranslation();
  const { scopeId, view: scopeView } = useScope();
  const [params, setParams] = useSearchParams();
  const includeRetired = params.get('retired') === '1';
  const asked = Number(params.get('place'));
  const askedView = usePlaceView(asked > 0 ? asked : undefined);
  // a selection outside the current scope (after switching scope) falls back to the scope itself
  const askedInScope = askedView.data && scopeId ? askedView.data.place.path.includes(`/${scopeId}/`) : false;
  const selectedId = askedInScope ? asked : scopeId;
  // open the tree from the scope root down to the selection and the selection itself (never above
  // the scope: that is not ours to list)
  const chain = askedInScope && askedView.data ? [...askedView.data.ancestors, askedView.data.place].filter((p) => p.kind !== 'unit').map((p) => p.id) : [];
  const openPath = chain.slice(Math.max(0, chain.indexOf(scopeId ?? 0)));
  const tree = useLazyTree(scopeId, includeRetired);

  const setParam = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value === null) next.delete(key);
      else next.set(key, value);
      return next;
    });

  return (
    <>
      <PageHeader title={t('places.title')} sub={t('places.sub')} />
      <Row gutter={16} wrap={false} className="gz-places">
        <Col flex="360px" className="gz-places-tree-col">
          <Card
            size="small"
            title={t('places.tree')}
            extra={
              <Space size={6}>
                <Switch size="small" checked={includeRetired} onChange={(v) => setParam('retired', v ? '1' : null)} aria-label={t('places.showRetired')} />
                {t('places.showRetired')}
              </Space>
            }
            className="gz-places-tree-card"
          >
            {scopeView ? (
              <PlaceTree root={scopeView.place} loaded={tree.children} load={(id) => tree.load(id)} selectedId={selectedId} openPath={openPath} onSelect={(id) => setParam('place', String(id))} />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col flex="auto" className="gz-places-detail-col">
          <Card size="small">
            {selectedId && scopeId ? (
              <PlaceDetail placeId={selectedId} scopeId={scopeId} onSelect={(id) => setParam('place', String(id))} onChanged={(ids) => void tree.reload(ids)} />
            ) : (
              <Empty description={t('places.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
