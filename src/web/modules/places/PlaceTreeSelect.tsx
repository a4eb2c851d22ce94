// A lazy tree picker over the user's place scope, from the scope roots down to `maxKind`; only
// nodes of `selectableKinds` may be chosen. Used for the scope switcher, moves and role grants.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Tag, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Place, PlaceKind } from '../../api/types';
import { fetchChildren, kindIndex, useRoots } from './api';

interface Node {
  id: number;
  pId: number;
  value: number;
  title: ReactNode;
  name: string;
  isLeaf: boolean;
  selectable: boolean;
  disabled?: boolean;
}

export interface PlaceTreeSelectProps {
  /** Set by Form.Item so its label points at the input. */
  id?: string;
  value?: number;
  /** Shown for a value whose node has not been loaded yet. */
  valueLabel?: string;
  onChange?: (id: number | undefined, place: Place | undefined) => void;
  maxKind: PlaceKind;
  selectableKinds?: string[];
  /** Places that may not be picked (e.g. the node being moved). */
  excludeIds?: number[];
  placeholder?: string;
  style?: React.CSSProperties;
  className?: string;
  ariaLabel?: string;
}

export function PlaceTreeSelect(props: PlaceTreeSelectProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roots = useRoots();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [places, setPlaces] = useState<Map<number, Place>>(new Map());
  const max = kindIndex(props.maxKind);
  const excludedKey = (props.excludeIds ?? []).join(',');
  const excluded = useMemo(() => new Set(excludedKey ? excludedKey.split(',').map(Number) : []), [excludedKey]);

  const toNode = (p: Place, root: boolean): Node => ({
    id: p.id,
    pId: root ? 0 : (p.parentId ?? 0),
    value: p.id,
    name: p.name,
    title: (
      <span>
        {p.name}{' '}
        <Tag bordered={false} style={{ marginInlineStart: 4, fontSize: 12 }}>
          {t(`common.kinds.${p.kind}`)}
        </Tag>
      </span>
    ),
    isLeaf: kindIndex(p.kind) >= max || p.childCount === 0,
    selectable: (!props.selectableKinds || props.selectableKinds.includes(p.kind)) && !excluded.has(p.id),
    disabled: excluded.has(p.id),
  });

  useEffect(() => {
    if (!roots.data) return;
    setNodes(roots.data.map((p) => toNode(p, true)));
    setPlaces(new Map(roots.data.map((p) => [p.id, p])));
    // rebuild when the roots, the language or the limits change
  }, [roots.data, t, max, excluded]);

  const loadData = async (node: { id?: number; value?: unknown }) => {
    const id = Number(node.value ?? node.id);
    const res = await fetchChildren(qc, id);
    const kids = res.items.filter((p) => kindIndex(p.kind) <= max);
    setNodes((prev) => {
      const known = new Set(prev.map((n) => n.id));
      return [...prev, ...kids.filter((p) => !known.has(p.id)).map((p) => toNode(p, false))];
    });
    setPlaces((prev) => {
      const next = new Map(prev);
      for (const p of kids) next.set(p.id, p);
      return next;
    });
  };

  const loaded = props.value !== undefined && nodes.some((n) => n.id === props.value);
  const value = props.value === undefined ? undefined : { value: props.value, label: loaded ? undefined : (props.valueLabel ?? `#${props.value}`) };

  return (
    <TreeSelect<{ value: number; label?: ReactNode } | undefined>
      id={props.id}
      aria-label={props.ariaLabel}
      className={props.className}
      style={props.style}
      loading={roots.isLoading}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={nodes}
      loadData={loadData}
      labelInValue
      value={value}
      onChange={(v) => props.onChange?.(v?.value, v ? places.get(v.value) : undefined)}
      placeholder={props.placeholder}
      showSearch
      treeNodeFilterProp="name"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 320, maxHeight: 480 } } }}
    />
  );
}
