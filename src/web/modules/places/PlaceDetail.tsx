// The detail panel of the places page: where it is, figures below it, property company, actions.
import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Skeleton, Space, Statistic, Tag, Typography, Row, Col } from 'antd';
import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PlaceKind } from '../../api/types';
import { ErrorResult } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useCan } from '../../app/permissions';
import { childKind, isDemoPlace, kindIndex, usePlaceView } from './api';
import { CreateChildDialog, EditPlaceDialog, MovePlaceDialog, RetirePlaceDialog, type PlaceDialogKind } from './PlaceDialogs';
import { ImportDialog } from './ImportDialog';
import { PropertyCompany } from './PropertyCompany';
import { UnitPanel } from '../people/UnitPanel';

const FIGURES: PlaceKind[] = ['street', 'community', 'estate', 'building', 'entrance', 'unit'];

interface Props {
  placeId: number;
  /** The scope root: ancestors above it are shown but not clickable. */
  scopeId: number;
  onSelect: (id: number) => void;
  onChanged: (parentIds: number[]) => void;
}

export function PlaceDetail({ placeId, scopeId, onSelect, onChanged }: Props) {
  const { t } = useTranslation();
  const view = usePlaceView(placeId);
  const canManage = useCan('places.manage');
  const canImport = useCan('places.import');
  const [dialog, setDialog] = useState<PlaceDialogKind | 'import' | null>(null);

  if (view.isError) return <ErrorResult error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Skeleton active />;
  const { place, ancestors, counts } = view.data;
  const retired = !!place.retiredAt;
  const chain = [...ancestors, place];
  const scopeIdx = chain.findIndex((a) => a.id === scopeId);
  const clickable = (i: number) => scopeIdx >= 0 && i >= scopeIdx && i < chain.length - 1;
  const next = childKind(place.kind);
  const isRoot = place.parentId === null || place.id === scopeId;
  const dialogProps = { place, onClose: () => setDialog(null), onChanged };

  return (
    <div className="gz-place-detail">
      <Breadcrumb
        items={chain.map((a, i) => ({
          key: a.id,
          title: clickable(i) ? <Typography.Link onClick={() => onSelect(a.id)}>{a.name}</Typography.Link> : a.name,
        }))}
      />
      <div className="gz-place-title">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {place.name}
        </Typography.Title>
        <Tag color="red">{t(`common.kinds.${place.kind}`)}</Tag>
        {retired && <Tag>{t('places.retired')}</Tag>}
        {isDemoPlace(place) && <Tag color="gold">{t('common.demo')}</Tag>}
      </div>

      {canManage && !retired && (
        <Space wrap className="gz-place-actions">
          {next && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
              {t('places.createChild', { kind: t(`common.kinds.${next}`) })}
            </Button>
          )}
          <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
            {t('places.rename')}
          </Button>
          {!isRoot && (
            <Button icon={<DragOutlined />} onClick={() => setDialog('move')}>
              {t('places.move')}
            </Button>
          )}
          {canImport && (place.kind === 'street' || place.kind === 'community') && (
            <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
              {t('places.import')}
            </Button>
          )}
          {!isRoot && (
            <Button danger icon={<DeleteOutlined />} onClick={() => setDialog('retire')}>
              {t('places.retire')}
            </Button>
          )}
        </Space>
      )}

      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        className="gz-place-desc"
        items={[
          { key: 'kind', label: t('places.kind'), children: t(`common.kinds.${place.kind}`) },
          { key: 'code', label: t('places.code'), children: place.code ?? '—' },
          { key: 'id', label: t('places.id'), children: place.id },
          { key: 'version', label: t('places.version'), children: place.version },
          ...(retired ? [{ key: 'retiredAt', label: t('places.retiredAt'), children: formatDateTime(place.retiredAt) }] : []),
          ...(place.kind === 'estate' ? [{ key: 'pc', label: t('places.propertyCompany'), span: 2, children: <PropertyCompany view={view.data} canManage={canManage && !retired} /> }] : []),
        ]}
      />

      {place.kind === 'unit' ? (
        <UnitPanel unitId={place.id} />
      ) : (
        <Card size="small" title={t('places.counts')}>
          <Row gutter={[12, 12]}>
            {FIGURES.filter((k) => kindIndex(k) > kindIndex(place.kind)).map((k) => (
              <Col key={k} flex="1 1 96px">
                <Statistic title={t(`common.kindsPlural.${k}`)} value={counts.byKind[k] ?? 0} />
              </Col>
            ))}
            <Col flex="1 1 96px">
              <Statistic title={t('common.households')} value={counts.households} />
            </Col>
            <Col flex="1 1 96px">
              <Statistic title={t('common.residents')} value={counts.residents} />
            </Col>
          </Row>
        </Card>
      )}

      {dialog === 'create' && <CreateChildDialog {...dialogProps} />}
      {dialog === 'edit' && <EditPlaceDialog {...dialogProps} />}
      {dialog === 'move' && <MovePlaceDialog {...dialogProps} />}
      {dialog === 'retire' && <RetirePlaceDialog {...dialogProps} />}
      {dialog === 'import' && <ImportDialog {...dialogProps} />}
    </div>
  );
}
