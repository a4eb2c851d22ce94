// The 片 → 组 → 邻 tree of a place, loaded a level at a time: each node shows its leader (with 党员 /
// 机关干部 tags) and its household count; a 邻 outside the size limits is highlighted.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Empty, Skeleton, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { fetchCells, gridKeys, type Cell, type Coverage } from './api';

type Limits = Coverage['limits'];

/** 'small' | 'large' | null: a 邻 against the limits (other levels are not sized). */
export function linSize(c: Pick<Cell, 'level' | 'households'>, limits: Limits | undefined): 'small' | 'large' | null {
  if (c.level !== 'lin' || !limits) return null;
  if (c.households < limits.minHouseholds) return 'small';
  if (c.households > limits.maxHouseholds) return 'large';
  return null;
}

export function LeaderTags({ c }: { c: Cell }) {
  const { t } = useTranslation();
  if (!c.leader) return <Tag className="gz-grid-leaderless">{t('grid.leaderless')}</Tag>;
  return (
    <>
      <span className="gz-grid-leader">{c.leader.name}</span>
      {c.leader.partyStatus && (
        <Tag color="red" bordered={false}>
          {t('grid.partyMember')}
        </Tag>
      )}
      {c.leader.organCadre && (
        <Tag color="volcano" bordered={false}>
          {t('grid.organCadre')}
        </Tag>
      )}
    </>
  );
}

interface Props {
  placeId: number;
  limits: Limits | undefined;
  selectedId: number | undefined;
  /** The cells above the selected one (from its cell path), opened so a linked selection shows. */
  openPath: number[];
  onSelect: (c: Cell) => void;
}

export function GridTree({ placeId, limits, selectedId, openPath, onSelect }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const top = useQuery({ queryKey: gridKeys.cells(placeId, undefined), queryFn: () => fetchCells(placeId, undefined) });
  const [children, setChildren] = useState<Map<number, Cell[]>>(new Map());
  const [expanded, setExpanded] = useState<React.Key[]>([]);

  useEffect(() => {
    setChildren(new Map());
    setExpanded([]);
  }, [placeId]);

  const load = useCallback(
    async (id: number) => {
      const items = await qc.fetchQuery({ queryKey: gridKeys.cells(undefined, id), queryFn: () => fetchCells(undefined, id) });
      setChildren((prev) => new Map(prev).set(id, items));
    },
    [qc],
  );

  useEffect(() => {
    if (!openPath.length) return;
    setExpanded((prev) => [...new Set([...prev, ...openPath])]);
    for (const id of openPath) if (!children.has(id)) void load(id);
    // when the selection moves to another branch, not on every load
  }, [openPath.join('/')]);

  // a write invalidates the grid queries: re-read the levels already opened
  const topData = top.data;
  useEffect(() => {
    for (const id of children.keys()) void load(id);
    // only when the top level is re-read (after a write), not on every opened node
  }, [topData]);

  const treeData = useMemo(() => {
    const build = (c: Cell): DataNode => {
      const size = linSize(c, limits);
      return {
        key: c.id,
        isLeaf: c.level === 'lin' || c.children === 0,
        title: (
          <span className={size ? 'gz-node gz-grid-node gz-grid-off' : 'gz-node gz-grid-node'} data-cell-id={c.id} data-level={c.level}>
            <Tag bordered={false} color={c.level === 'pian' ? 'magenta' : c.level === 'zu' ? 'geekblue' : 'cyan'}>
              {t(`grid.levels.${c.level}`)}
            </Tag>
            <span className="gz-node-name">{c.name}</span>
            <LeaderTags c={c} />
            <Typography.Text type="secondary">{t('grid.households', { n: c.households })}</Typography.Text>
            {size && <Tag color="orange">{t(size === 'small' ? 'grid.tooSmall' : 'grid.tooLarge')}</Tag>}
          </span>
        ),
        children: children.get(c.id)?.map(build),
      };
    };
    return (top.data ?? []).map(build);
  }, [top.data, children, limits, t]);

  const byId = useMemo(() => {
    const m = new Map<number, Cell>();
    for (const c of top.data ?? []) m.set(c.id, c);
    for (const list of children.values()) for (const c of list) m.set(c.id, c);
    return m;
  }, [top.data, children]);

  if (top.isError) return <ErrorResult error={top.error} onRetry={() => void top.refetch()} />;
  if (!top.data) return <Skeleton active />;
  if (top.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.noCells')} />;
  return (
    <Tree
      className="gz-grid-tree"
      treeData={treeData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(_, info) => {
        const c = byId.get(Number(info.node.key));
        if (c) onSelect(c);
      }}
      loadData={async (node) => {
        const id = Number(node.key);
        if (!children.has(id)) await load(id);
      }}
      loadedKeys={[...children.keys()]}
      blockNode
    />
  );
}
