// A unit (房屋): its areas (0.01 m² shown as m² with 2 decimals), the area that counts, households
// with members, and owners. Managers may correct the areas.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Skeleton, Table, Tag, Tooltip, Typography, App as AntApp } from 'antd';
import { EditOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { UnitDetail } from '../../api/types';
import { ErrorResult, useErrorText } from '../../app/errors';
import { centiToText, formatArea } from '../../app/format';
import { useCan } from '../../app/permissions';
import { peopleKeys, useUnit } from './api';
import './people.css';

const SOURCES = ['registry', 'surveyed', 'contract'] as const;
const AREA_RE = /^(?!0+(\.0{1,2})?$)\d{1,7}(\.\d{1,2})?$/;

type AreaValues = Partial<Record<(typeof SOURCES)[number], string>>;

function AreasDialog({ unit, onClose }: { unit: UnitDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AreaValues>();
  const save = useMutation({
    mutationFn: (v: AreaValues) => {
      const body: Record<string, string | null> = {};
      for (const s of SOURCES) {
        const next = v[s]?.trim() ?? '';
        const before = centiToText(unit.areas[s]);
        if (next !== before) body[s] = next === '' ? null : next;
      }
      return Object.keys(body).length ? api(`/units/${unit.unitId}/areas`, { method: 'PUT', body }) : Promise.resolve(null);
    },
    onSuccess: async () => {
      message.success(t('people.areasSaved'));
      await qc.invalidateQueries({ queryKey: peopleKeys.unit(unit.unitId) });
      onClose();
    },
  });
  const initial: AreaValues = Object.fromEntries(SOURCES.map((s) => [s, centiToText(unit.areas[s])]));
  return (
    <Modal open title={t('people.editAreas')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        {SOURCES.map((s) => (
          <Form.Item key={s} name={s} label={t(`common.areaSources.${s}`)} rules={[{ pattern: AREA_RE, message: t('people.areaInvalid') }]}>
            <Input suffix="m²" inputMode="decimal" placeholder={t('people.areaPlaceholder')} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

export function UnitPanel({ unitId, onOpenPerson }: { unitId: number; onOpenPerson?: (personId: number) => void }) {
  const { t } = useTranslation();
  const unit = useUnit(unitId);
  const canManage = useCan('people.manage');
  const [editing, setEditing] = useState(false);
  if (unit.isError) return <ErrorResult error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <Skeleton active />;
  const u = unit.data;
  const name = (personId: number, text: string) =>
    onOpenPerson ? (
      <Typography.Link onClick={() => onOpenPerson(personId)}>{text}</Typography.Link>
    ) : (
      text
    );

  return (
    <div className="gz-unit">
      <Card
        size="small"
        title={t('people.areas')}
        extra={
          canManage && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('people.editAreas')}
            </Button>
          )
        }
      >
        <Descriptions
          size="small"
          column={2}
          items={[
            ...SOURCES.map((s) => ({ key: s, label: t(`common.areaSources.${s}`), children: u.areas[s] !== undefined ? formatArea(u.areas[s]) : '—' })),
            {
              key: 'effective',
              label: (
                <span>
                  {t('people.effectiveArea')}{' '}
                  <Tooltip title={t('people.effectiveHint')}>
                    <InfoCircleOutlined />
                  </Tooltip>
                </span>
              ),
              children: u.effectiveArea ? (
                <b>
                  {formatArea(u.effectiveArea.centi)} <Tag>{t(`common.areaSources.${u.effectiveArea.source}`)}</Tag>
                </b>
              ) : (
                <Typography.Text type="secondary">{t('people.noArea')}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('people.owners')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={u.owners}
          locale={{ emptyText: t('people.noOwners') }}
          columns={[
            { title: t('people.name'), render: (_, o) => (o.personId ? name(o.personId, o.name) : o.name) },
            { title: t('people.basis'), dataIndex: 'basis', render: (b: string) => t(`common.bases.${b}`, { defaultValue: b }) },
            { title: t('people.votingDelegate'), dataIndex: 'isVotingDelegate', render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
            { title: t('people.since'), dataIndex: 'since', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>

      <Card size="small" title={t('common.households')}>
        {u.households.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.noMembers')} />
        ) : (
          u.households.map((h, i) => (
            <div key={h.id} className="gz-household">
              {u.households.length > 1 && <Typography.Text strong>{t('people.householdN', { n: i + 1 })}</Typography.Text>}
              <Table
                size="small"
                rowKey="personId"
                pagination={false}
                dataSource={h.members}
                columns={[
                  { title: t('people.name'), render: (_, m) => name(m.personId, m.name) },
                  { title: t('people.relation'), dataIndex: 'relation', render: (r: string) => t(`common.relations.${r}`, { defaultValue: r }) },
                  { title: t('people.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
                  { title: t('people.idNumber'), dataIndex: 'idNumberMask', render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span> },
                ]}
              />
            </div>
          ))
        )}
      </Card>
      {editing && <AreasDialog unit={u} onClose={() => setEditing(false)} />}
    </div>
  );
}
