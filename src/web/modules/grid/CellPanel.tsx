// The chosen cell: its place, leader (masked phone, 党员 / 机关干部), the cells below or the
// households of a 邻, and the office's actions on it.
import { Button, Card, Descriptions, Popconfirm, Skeleton, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { LeaderTags, linSize } from './GridTree';
import { childLevel } from './CellDialogs';
import { useCell, useGridWrite, type Cell, type CellHousehold, type Coverage } from './api';

export type CellAction = 'create' | 'rename' | 'leader' | 'bulk' | 'assign';

interface Props {
  id: number;
  limits: Coverage['limits'] | undefined;
  canManage: boolean;
  onAction: (a: CellAction, c: Cell) => void;
  onSelect: (c: Cell) => void;
  onRetired: () => void;
}

export function CellPanel({ id, limits, canManage, onAction, onSelect, onRetired }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const q = useCell(id);
  const retire = useGridWrite(() => api(`/grid/cells/${id}`, { method: 'DELETE' }));
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const c = q.data;
  const below = childLevel(c.level);
  const size = linSize(c, limits);

  return (
    <Card
      size="small"
      id="grid-cell"
      data-cell-id={c.id}
      title={
        <Space wrap>
          <Tag bordered={false}>{t(`grid.levels.${c.level}`)}</Tag>
          <span>{c.name}</span>
          {size && <Tag color="orange">{t(size === 'small' ? 'grid.tooSmall' : 'grid.tooLarge')}</Tag>}
        </Space>
      }
      extra={
        canManage && (
          <Space wrap size={4}>
            {below && (
              <Button size="small" onClick={() => onAction('create', c)} id="grid-create-child">
                {t('grid.createChild')}
              </Button>
            )}
            <Button size="small" onClick={() => onAction('leader', c)} id="grid-set-leader">
              {t('grid.setLeader')}
            </Button>
            <Button size="small" onClick={() => onAction('rename', c)}>
              {t('grid.rename')}
            </Button>
            {c.level === 'zu' && (
              <Button size="small" type="primary" ghost onClick={() => onAction('bulk', c)} id="grid-bulk">
                {t('grid.bulk')}
              </Button>
            )}
            {c.level === 'lin' && (
              <Button size="small" type="primary" ghost onClick={() => onAction('assign', c)} id="grid-assign">
                {t('grid.assign')}
              </Button>
            )}
            <Popconfirm
              title={t('grid.retireConfirm', { name: c.name })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                retire.mutate(undefined, {
                  onSuccess: () => onRetired(),
                  onError: (e) => void message.error(errorText(e)),
                })
              }
            >
              <Button size="small" danger>
                {t('grid.retire')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, lg: 2 }}
        items={[
          { key: 'place', label: t('grid.form.place'), children: c.placeName },
          { key: 'parent', label: t('grid.form.parent'), children: c.parent?.name ?? '—' },
          {
            key: 'leader',
            label: t(`grid.leaders.${c.level}`),
            children: (
              <Space size={4} wrap>
                <LeaderTags c={c} />
                {c.leader?.phoneMasked && <Typography.Text type="secondary">{c.leader.phoneMasked}</Typography.Text>}
                {c.leaderSince && <Typography.Text type="secondary">· {dayjs(c.leaderSince).format('YYYY-MM-DD')}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'households', label: t('grid.householdsCol'), children: c.level === 'lin' ? c.households : `${c.households} · ${t('grid.lins')} ${c.lins}` },
        ]}
      />
      {c.level === 'lin' ? (
        <Table<CellHousehold>
          rowKey="householdId"
          size="small"
          title={() => <Typography.Text strong>{t('grid.memberHouseholds')}</Typography.Text>}
          dataSource={c.householdList}
          pagination={c.householdList.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          columns={[
            { title: t('grid.address'), dataIndex: 'address' },
            { title: t('grid.head'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
            { title: t('grid.membersCol'), dataIndex: 'members', align: 'right', width: 90 },
            { title: t('grid.lastVisit'), dataIndex: 'lastVisitAt', width: 120, render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : <Tag color="red">{t('grid.neverVisited')}</Tag>) },
          ]}
        />
      ) : (
        <Table<Cell>
          rowKey="id"
          size="small"
          title={() => <Typography.Text strong>{t('grid.children')}</Typography.Text>}
          dataSource={c.childCells}
          pagination={c.childCells.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          onRow={(r) => ({ onClick: () => onSelect(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('grid.form.name'), dataIndex: 'name' },
            { title: t('grid.leaders.' + (below ?? 'lin')), key: 'leader', render: (_: unknown, r) => <LeaderTags c={r} /> },
            {
              title: t('grid.householdsCol'),
              dataIndex: 'households',
              align: 'right',
              width: 110,
              render: (n: number, r) => {
                const s = linSize(r, limits);
                return s ? <Typography.Text type="warning">{n}</Typography.Text> : n;
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
