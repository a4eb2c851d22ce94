// The lazily loaded antd Tree of the chosen scope.
import { useEffect, useMemo, useState } from 'react';
import { Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { Place } from '../../api/types';

interface Props {
  root: Place;
  /** Children already fetched, by parent id. */
  loaded: Map<number, Place[]>;
  load: (id: number) => Promise<void>;
  selectedId: number | undefined;
  /** The way from the root to the selected place, opened when the selection changes. */
  openPath: number[];
  onSelect: (id: number) => void;
}

export function PlaceTree({ root, loaded, load, selectedId, openPath, onSelect }: Props) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<React.Key[]>([root.id]);

  useEffect(() => {
    setExpanded((prev) => [...new Set([...prev, root.id, ...openPath])]);
    for (const id of [root.id, ...openPath]) if (!loaded.has(id)) load(id).catch(() => undefined);
    // open the way to the selection when it changes, not on every load
  }, [root.id, openPath.join('/')]);

  const treeData = useMemo(() => {
    const title = (p: Place) => (
      <span className={p.retiredAt ? 'gz-node gz-node-retired' : 'gz-node'}>
        <span className="gz-node-name">{p.name}</span>
        <Tag bordered={false} className="gz-node-kind">
          {t(`common.kinds.${p.kind}`)}
        </Tag>
        {p.retiredAt && (
          <Tag color="default" className="gz-node-kind">
            {t('places.retired')}
          </Tag>
        )}
        {typeof p.childCount === 'number' && p.childCount > 0 && <Typography.Text type="secondary">({p.childCount})</Typography.Text>}
      </span>
    );
    const build = (p: Place): DataNode => ({
      key: p.id,
      title: title(p),
      isLeaf: p.kind === 'unit' || p.childCount === 0,
      children: loaded.get(p.id)?.map(build),
    });
    return [build(root)];
  }, [root, loaded, t]);

  return (
    <Tree
      className="gz-place-tree"
      treeData={treeData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(_, info) => {
        // choosing a place also opens it; choosing it again keeps it chosen
        const id = Number(info.node.key);
        onSelect(id);
        if (!info.node.isLeaf) {
          setExpanded((prev) => (prev.includes(id) ? prev : [...prev, id]));
          if (!loaded.has(id)) load(id).catch(() => undefined);
        }
      }}
      loadData={async (node) => {
        const id = Number(node.key);
        if (!loaded.has(id)) await load(id);
      }}
      loadedKeys={[...loaded.keys()]}
      blockNode
    />
  );
}
