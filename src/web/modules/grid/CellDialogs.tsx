// The grid's small dialogs: create a cell (under the chosen one), rename, set or clear the leader,
// and split a building or an entrance into 邻 (bulk assignment) with what it created.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Table, Typography, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { FormDialog } from '../assemblies/FormDialog';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { PersonSelect } from './PersonSelect';
import { useGridWrite, type BulkResult, type Cell, type CellCreate, type Coverage, type Level } from './api';

/** What a cell of each level may sit on, and how deep the place picker opens for it. */
const PLACE_KINDS: Record<Level, { kinds: string[]; max: 'estate' | 'building' | 'entrance' }> = {
  pian: { kinds: ['community', 'estate'], max: 'estate' },
  zu: { kinds: ['estate', 'building'], max: 'building' },
  lin: { kinds: ['building', 'entrance'], max: 'entrance' },
};
const CHILD: Record<Level, Level | null> = { pian: 'zu', zu: 'lin', lin: null };

export function childLevel(level: Level): Level | null {
  return CHILD[level];
}

interface CreateValues {
  name: string;
  placeId: number;
  leaderPersonId?: number;
}

/** A new 片 (no parent) or a new cell one level below `parent`. */
export function CreateCellDialog({ parent, scopeId, onClose, onCreated }: { parent: Cell | null; scopeId: number; onClose: () => void; onCreated: (c: Cell) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const level: Level = parent ? (CHILD[parent.level] ?? 'lin') : 'pian';
  const save = useGridWrite((v: CreateValues) =>
    api<Cell>('/grid/cells', { method: 'POST', body: { level, parentId: parent?.id, placeId: v.placeId, name: v.name.trim(), leaderPersonId: v.leaderPersonId } satisfies CellCreate }),
  );
  return (
    <FormDialog<CreateValues>
      form={form}
      save={{ ...save, mutate: (v) => save.mutate(v, { onSuccess: (c) => onCreated(c) }) }}
      title={`${t('grid.create')} · ${t(`grid.levels.${level}`)}`}
      okId="grid-create-ok"
      hint={parent ? `${t('grid.form.parent')}：${parent.name}` : undefined}
      onClose={onClose}
    >
      <Form.Item name="placeId" label={t('grid.form.place')} extra={t('grid.form.placeHint')} rules={[{ required: true, message: t('grid.form.placeRequired') }]}>
        <PlaceTreeSelect
          maxKind={PLACE_KINDS[level].max}
          selectableKinds={PLACE_KINDS[level].kinds}
          onChange={(id, p) => {
            form.setFieldValue('placeId', id);
            if (p && !form.getFieldValue('name')) form.setFieldValue('name', p.name);
          }}
        />
      </Form.Item>
      <Form.Item name="name" label={t('grid.form.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('grid.form.nameRequired') }]}>
        <Input id="grid-cell-name" maxLength={100} />
      </Form.Item>
      <Form.Item name="leaderPersonId" label={t('grid.form.person')}>
        <PersonSelect placeId={parent?.placeId ?? scopeId} />
      </Form.Item>
    </FormDialog>
  );
}

export function RenameDialog({ cell, onClose }: { cell: Cell; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const save = useGridWrite((v: { name: string }) => api<Cell>(`/grid/cells/${cell.id}`, { method: 'PATCH', body: { name: v.name.trim(), version: cell.version } }));
  return (
    <FormDialog<{ name: string }>
      form={form}
      save={{ ...save, mutate: (v) => save.mutate(v, { onSuccess: onClose }) }}
      title={t('grid.rename')}
      okId="grid-rename-ok"
      initialValues={{ name: cell.name }}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('grid.form.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('grid.form.nameRequired') }]}>
        <Input maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}

export function LeaderDialog({ cell, onClose }: { cell: Cell; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ personId?: number }>();
  const save = useGridWrite((v: { personId?: number }) => api<Cell>(`/grid/cells/${cell.id}/leader`, { method: 'PUT', body: { personId: v.personId ?? null } }));
  return (
    <FormDialog<{ personId?: number }>
      form={form}
      save={{ ...save, mutate: (v) => save.mutate(v, { onSuccess: onClose }) }}
      title={`${t('grid.setLeader')} · ${cell.name}`}
      okId="grid-leader-ok"
      hint={cell.leader ? `${t(`grid.leaders.${cell.level}`)}：${cell.leader.name}` : undefined}
      onClose={onClose}
    >
      <Form.Item name="personId" label={t(`grid.leaders.${cell.level}`)} extra={t('grid.form.personSearch')}>
        <PersonSelect placeId={cell.placeId} id="grid-leader-person" />
      </Form.Item>
    </FormDialog>
  );
}

/** Split a building's (an entrance's) unassigned households into 邻 under a 组, then show the result. */
export function BulkDialog({ zu, limits, onClose }: { zu: Cell; limits: Coverage['limits'] | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [placeId, setPlaceId] = useState<number>();
  const [result, setResult] = useState<BulkResult | null>(null);
  const run = useGridWrite((id: number) => api<BulkResult>('/grid/bulk', { method: 'POST', body: { placeId: id, zuId: zu.id } }));
  return (
    <Modal
      open
      width={640}
      title={`${t('grid.bulk')} · ${zu.name}`}
      onCancel={onClose}
      okText={result ? t('common.close') : t('grid.bulk')}
      okButtonProps={{ id: 'grid-bulk-ok', disabled: !result && !placeId }}
      cancelButtonProps={{ style: result ? { display: 'none' } : undefined }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => {
        if (result) return onClose();
        if (placeId)
          run.mutate(placeId, {
            onSuccess: (r) => {
              setResult(r);
              message.success(r.created.length ? t('grid.bulkResult', { n: r.created.length, h: r.assigned }) : t('grid.bulkNone'));
            },
          });
      }}
      destroyOnHidden
    >
      {limits && <Typography.Paragraph type="secondary">{t('grid.form.bulkHint', { min: limits.minHouseholds, max: limits.maxHouseholds })}</Typography.Paragraph>}
      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginBottom: 12 }} />}
      {result ? (
        <div id="grid-bulk-result">
          <Alert type={result.created.length ? 'success' : 'info'} showIcon title={result.created.length ? t('grid.bulkResult', { n: result.created.length, h: result.assigned }) : t('grid.bulkNone')} style={{ marginBottom: 12 }} />
          {result.created.length > 0 && (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={result.created}
              columns={[
                { title: t('grid.form.name'), dataIndex: 'name' },
                { title: t('grid.householdsCol'), dataIndex: 'households', align: 'right', width: 100 },
              ]}
            />
          )}
        </div>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('grid.form.bulkPlace')} required>
            <PlaceTreeSelect maxKind="entrance" selectableKinds={['building', 'entrance']} value={placeId} onChange={(id) => setPlaceId(id)} ariaLabel={t('grid.form.bulkPlace')} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
