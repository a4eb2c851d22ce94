// 分配住户: the households of a 邻, with those of an entrance added to choose from. The 邻 gets exactly
// the ticked ones (the server replaces the set); one already in another 邻 moves only when "move" is
// ticked, otherwise the server refuses it with GRID_HOUSEHOLD_ASSIGNED.
import { useMemo, useState } from 'react';
import { Alert, Checkbox, Form, Modal, Table, App as AntApp } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Place } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { childrenQuery } from '../places/api';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { useGridWrite, type CellDetail, type LinHouseholds, type LinHouseholdsResult } from './api';

interface UnitDetail {
  unitId: number;
  households: { id: number; members: { name: string; relation: string }[] }[];
}
interface Row {
  householdId: number;
  address: string;
  headName: string | null;
  current: boolean;
}

export function AssignDialog({ lin, onClose }: { lin: CellDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [entranceId, setEntranceId] = useState<number>();
  const [chosen, setChosen] = useState<number[]>(lin.householdList.map((h) => h.householdId));
  const [move, setMove] = useState(false);
  const units = useQuery({ ...childrenQuery(entranceId ?? 0), enabled: !!entranceId });
  // an entrance holds a few dozen units at most: one read each gives their households
  const details = useQueries({
    queries: (units.data?.items ?? [])
      .filter((u: Place) => u.kind === 'unit')
      .map((u: Place) => ({ queryKey: ['units', u.id], queryFn: () => api<UnitDetail>(`/units/${u.id}`).then((d) => ({ ...d, name: u.name })) })),
  });
  const rows = useMemo(() => {
    const out = new Map<number, Row>();
    for (const h of lin.householdList) out.set(h.householdId, { householdId: h.householdId, address: h.address, headName: h.headName, current: true });
    for (const d of details) {
      for (const h of d.data?.households ?? []) {
        if (out.has(h.id)) continue;
        const head = h.members.find((m) => m.relation === 'head' || m.relation === '户主') ?? h.members[0];
        out.set(h.id, { householdId: h.id, address: d.data?.name ?? '', headName: head?.name ?? null, current: false });
      }
    }
    return [...out.values()];
  }, [lin.householdList, details]);
  const save = useGridWrite((body: LinHouseholds) => api<LinHouseholdsResult>(`/grid/lins/${lin.id}/households`, { method: 'PUT', body }));

  return (
    <Modal
      open
      width={720}
      title={`${t('grid.assign')} · ${lin.name}`}
      onCancel={onClose}
      okButtonProps={{ id: 'grid-assign-ok' }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() =>
        save.mutate(
          { householdIds: chosen, move: move || undefined },
          {
            onSuccess: () => {
              message.success(t('grid.form.saved'));
              onClose();
            },
          },
        )
      }
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('grid.form.householdsHint')} style={{ marginBottom: 12 }} />
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form layout="inline" style={{ marginBottom: 12 }}>
        <Form.Item label={t('grid.form.bulkPlace')}>
          <PlaceTreeSelect maxKind="entrance" selectableKinds={['entrance']} value={entranceId} onChange={(id) => setEntranceId(id)} style={{ width: 280 }} />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={move} onChange={(e) => setMove(e.target.checked)}>
            {t('grid.form.move')}
          </Checkbox>
        </Form.Item>
      </Form>
      <Table<Row>
        rowKey="householdId"
        size="small"
        loading={units.isFetching || details.some((d) => d.isFetching)}
        dataSource={rows}
        pagination={rows.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
        rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setChosen(keys.map(Number)) }}
        columns={[
          { title: t('grid.address'), dataIndex: 'address' },
          { title: t('grid.head'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Modal>
  );
}
