// A tree select of the party organisations in my scope (GET /api/party/orgs, built into a forest).
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgForest, useOrgs, type OrgNode } from './api-orgs';

interface TreeNode {
  value: number;
  title: string;
  children: TreeNode[];
}

function toTree(nodes: OrgNode[], kindLabel: (k: string) => string): TreeNode[] {
  return nodes.map((o) => ({ value: o.id, title: `${o.name} · ${kindLabel(o.kind)}`, children: toTree(o.children, kindLabel) }));
}

export function MeetingOrgSelect({
  id,
  value,
  onChange,
  placeholder,
  disabled,
  width = 260,
}: {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
  width?: number;
}) {
  const { t } = useTranslation();
  const orgs = useOrgs(undefined);
  return (
    <TreeSelect<number>
      id={id}
      allowClear
      showSearch
      treeDefaultExpandAll
      disabled={disabled}
      loading={orgs.isLoading}
      aria-label={placeholder}
      placeholder={placeholder}
      style={{ width }}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeNodeFilterProp="title"
      treeData={toTree(orgForest(orgs.data ?? []), (k) => t(`partyOrgs.kinds.${k}`))}
      popupMatchSelectWidth={false}
    />
  );
}
