// 党组织: the organisation tree of the chosen scope on the left, the chosen organisation on the
// right — its committee with posts, term and end date, the warnings of 支部工作条例 in plain words
// with the article, the estates it covers and its members — with the dialogs that change them.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Skeleton, Space, Table, Tag, Tree, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useScope } from '../../app/console/scope';
import { orgForest, partyKeys, useOrg, useOrgs, type OrgDetail, type OrgNode } from './api-orgs';
import { CommitteeDialog, EstatesDialog, OrgFormDialog } from './OrgDialogs';

type Dialog = { kind: 'new'; parent?: OrgDetail } | { kind: 'edit'; org: OrgDetail } | { kind: 'committee'; org: OrgDetail } | { kind: 'estates'; org: OrgDetail } | null;

interface TreeItem {
  key: number;
  title: React.ReactNode;
  children: TreeItem[];
}

function toTree(nodes: OrgNode[], t: (k: string, o?: Record<string, unknown>) => string): TreeItem[] {
  return nodes.map((o) => ({
    key: o.id,
    title: (
      <span className="party-org-node" data-org={o.id}>
        {o.name} <Tag bordered={false}>{t(`partyOrgs.kinds.${o.kind}`)}</Tag>
        <Typography.Text type="secondary" className="gz-small">
          {t('partyOrgs.headcount', { n: o.fullMembers + o.probationaryMembers })}
        </Typography.Text>
      </span>
    ),
    children: toTree(o.children, t),
  }));
}

function Warnings({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  if (org.warnings.length === 0) return <Typography.Text type="success">{t('partyOrgs.noWarnings')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {org.warnings.map((w) => (
        <Alert
          key={w.code}
          type={w.code === 'term_expired' || w.code === 'below_founding_minimum' ? 'error' : 'warning'}
          showIcon
          title={t(`partyOrgs.warningText.${w.code}`, w.figures)}
          description={<span className="gz-small">{w.article}</span>}
        />
      ))}
    </Space>
  );
}

function OrgPanel({ id, onDialog, onRetired }: { id: number; onDialog: (d: Dialog) => void; onRetired: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const { link } = useScope();
  const canOrgs = useCan('party.orgs.manage');
  const canMembers = useCan('party.members.manage');
  const org = useOrg(id);
  const retire = useMutation({
    mutationFn: () => api(`/party/orgs/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      void message.success(t('partyOrgs.retired'));
      onRetired();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  if (org.isError) return <ErrorResult error={org.error} onRetry={() => void org.refetch()} />;
  if (!org.data) return <Skeleton active />;
  const o = org.data;
  const covers = o.kind === 'branch' || o.kind === 'joint_branch';
  return (
    <Card
      title={
        <Space wrap>
          <span id="party-org-title">{o.name}</span>
          <Tag color="red">{t(`partyOrgs.kinds.${o.kind}`)}</Tag>
        </Space>
      }
      extra={
        <Space wrap>
          {canOrgs && (
            <Button size="small" onClick={() => onDialog({ kind: 'edit', org: o })}>
              {t('partyOrgs.edit')}
            </Button>
          )}
          {canOrgs && o.kind !== 'group' && (
            <Button size="small" id="party-org-new-child" onClick={() => onDialog({ kind: 'new', parent: o })}>
              {t('partyOrgs.newChild')}
            </Button>
          )}
          {canOrgs && (
            <Popconfirm title={t('partyOrgs.retireConfirm', { name: o.name })} onConfirm={() => retire.mutate()}>
              <Button size="small" danger loading={retire.isPending}>
                {t('partyOrgs.retire')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'place', label: t('partyOrgs.place'), children: o.placeName },
          { key: 'parent', label: t('partyOrgs.parent'), children: o.parentName ?? '—' },
          { key: 'term', label: t('partyOrgs.termKind'), children: `${t(`partyOrgs.termKinds.${o.termKind}`)}` },
          { key: 'founded', label: t('partyOrgs.foundedOn'), children: o.foundedOn ?? '—' },
          { key: 'elected', label: t('partyOrgs.electedOn'), children: o.electedOn ?? '—' },
          { key: 'ends', label: t('partyOrgs.termEnds'), children: o.termEnds ?? '—' },
          {
            key: 'members',
            label: t('partyOrgs.members'),
            children: <Link to={link(`/party/members?orgId=${o.id}`)}>{t('partyOrgs.membersCount', o.members)}</Link>,
          },
        ]}
      />
      <Typography.Title level={5}>{t('partyOrgs.warnings')}</Typography.Title>
      <Warnings org={o} />
      {o.founding && (
        <Typography.Paragraph type={o.founding.ok ? 'secondary' : 'danger'} style={{ marginTop: 8 }}>
          {t('partyOrgs.foundingText', { n: o.founding.fullMembersLiving, required: o.founding.required })}
        </Typography.Paragraph>
      )}
      <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('partyOrgs.committee')}
        </Typography.Title>
        {canMembers && (
          <Button size="small" id="party-committee-edit" onClick={() => onDialog({ kind: 'committee', org: o })}>
            {t('partyOrgs.editCommittee')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="personId"
        size="small"
        pagination={false}
        locale={{ emptyText: t('partyOrgs.noCommittee') }}
        dataSource={o.committee}
        columns={[
          { title: t('partyOrgs.post'), dataIndex: 'post', width: 140, render: (p: string) => <Tag color={p === 'secretary' ? 'red' : undefined}>{t(`partyOrgs.posts.${p}`)}</Tag> },
          { title: t('partyOrgs.membersPage.name'), dataIndex: 'name' },
          { title: t('partyOrgs.since'), dataIndex: 'since', width: 140 },
        ]}
      />
      {covers && (
        <>
          <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('partyOrgs.estates')}
            </Typography.Title>
            {canOrgs && (
              <Button size="small" id="party-estates-edit" onClick={() => onDialog({ kind: 'estates', org: o })}>
                {t('partyOrgs.editEstates')}
              </Button>
            )}
          </Space>
          <div style={{ marginTop: 8 }}>{o.estates.length ? o.estates.map((e) => <Tag key={e.id}>{e.name}</Tag>) : <Typography.Text type="secondary">{t('partyOrgs.noEstates')}</Typography.Text>}</div>
        </>
      )}
      {o.children.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('partyOrgs.children')}
          </Typography.Title>
          <Space wrap>
            {o.children.map((c) => (
              <Tag key={c.id}>
                {c.name} · {t(`partyOrgs.kinds.${c.kind}`)}
              </Tag>
            ))}
          </Space>
        </>
      )}
    </Card>
  );
}

export default function PartyOrgsPage() {
  const { t } = useTranslation();
  const { listFilter } = useScope();
  const canOrgs = useCan('party.orgs.manage');
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const orgs = useOrgs(listFilter.placeId, listFilter.ready);
  const selected = Number(params.get('org')) || undefined;
  const select = (id: number | undefined) =>
    setParams(
      (p) => {
        if (id) p.set('org', String(id));
        else p.delete('org');
        return p;
      },
      { replace: true },
    );
  const filtered = useMemo(() => (orgs.data ?? []).filter((o) => !q || o.name.includes(q)), [orgs.data, q]);
  const tree = useMemo(() => toTree(orgForest(filtered), t), [filtered, t]);
  const current = selected ?? filtered[0]?.id;
  return (
    <div className="party-orgs-page">
      <PageHeader
        title={t('partyOrgs.title')}
        sub={t('partyOrgs.sub')}
        extra={
          canOrgs && (
            <Button type="primary" id="party-org-new" onClick={() => setDialog({ kind: 'new' })}>
              {t('partyOrgs.newOrg')}
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small">
            <Input.Search allowClear placeholder={t('partyOrgs.search')} onChange={(e) => setQ(e.target.value.trim())} style={{ marginBottom: 8 }} />
            {orgs.isError ? (
              <ErrorResult error={orgs.error} onRetry={() => void orgs.refetch()} />
            ) : !orgs.data ? (
              <Skeleton active />
            ) : tree.length === 0 ? (
              <Empty description={t('partyOrgs.noOrgs')} />
            ) : (
              <Tree<TreeItem>
                blockNode
                defaultExpandAll
                key={`${listFilter.placeId}-${q}`}
                treeData={tree}
                selectedKeys={current ? [current] : []}
                onSelect={(keys) => select(keys[0] === undefined ? undefined : Number(keys[0]))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {current ? <OrgPanel id={current} onDialog={setDialog} onRetired={() => select(undefined)} /> : <Card><Empty description={t('partyOrgs.pick')} /></Card>}
        </Col>
      </Row>
      {dialog?.kind === 'new' && <OrgFormDialog parent={dialog.parent} onClose={() => setDialog(null)} onSaved={(id) => { setDialog(null); select(id); }} />}
      {dialog?.kind === 'edit' && <OrgFormDialog org={dialog.org} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />}
      {dialog?.kind === 'committee' && <CommitteeDialog org={dialog.org} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'estates' && <EstatesDialog org={dialog.org} onClose={() => setDialog(null)} />}
    </div>
  );
}
