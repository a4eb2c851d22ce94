// The dialogs of the organisation page: found or edit an organisation, replace its committee (posts
// from the organisation's own members), and choose the estates a branch or joint branch covers.
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormDialog } from '../assemblies/FormDialog';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { usePlaceChildren } from '../places/api';
import { CHILD_KINDS, ORG_KIND_LIST, PLACE_KIND, POST_LIST, partyKeys, type MemberList, type OrgDetail, type OrgKind, type Post, type TermKind } from './api-orgs';

interface OrgForm {
  kind: OrgKind;
  name: string;
  placeId: number;
  termKind?: TermKind;
  foundedOn?: string;
  electedOn?: string;
}

/** Found an organisation (under `parent`, or a street's working committee) or edit `org`. */
export function OrgFormDialog({ parent, org, onClose, onSaved }: { parent?: OrgDetail; org?: OrgDetail; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<OrgForm>();
  const kinds = org ? [org.kind] : parent ? CHILD_KINDS[parent.kind] : (['working_committee'] as OrgKind[]);
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const save = useMutation({
    mutationFn: (v: OrgForm) =>
      org
        ? api<OrgDetail>(`/party/orgs/${org.id}`, { method: 'PATCH', body: { version: org.version, name: v.name, termKind: v.termKind, foundedOn: v.foundedOn || null, electedOn: v.electedOn || null } })
        : api<OrgDetail>('/party/orgs', { method: 'POST', body: { ...v, parentId: parent?.id, foundedOn: v.foundedOn || undefined, electedOn: v.electedOn || undefined } }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      onSaved(d.id);
    },
  });
  return (
    <FormDialog<OrgForm>
      form={form}
      save={save}
      title={org ? t('partyOrgs.edit') : parent ? t('partyOrgs.newChild') : t('partyOrgs.newOrg')}
      okId="party-org-save"
      initialValues={org ? { kind: org.kind, name: org.name, placeId: org.placeId, termKind: org.termKind, foundedOn: org.foundedOn ?? undefined, electedOn: org.electedOn ?? undefined } : { kind: kinds[0] }}
      hint={parent && <Typography.Paragraph type="secondary">{t('partyOrgs.parent')}：{parent.name}</Typography.Paragraph>}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('partyOrgs.kind')} rules={[{ required: true }]}>
        <Select disabled={!!org} options={ORG_KIND_LIST.filter((k) => kinds.includes(k)).map((k) => ({ value: k, label: t(`partyOrgs.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('partyOrgs.name')} rules={[{ required: true, max: 100 }]}>
        <Input id="party-org-name" />
      </Form.Item>
      {!org && (
        <Form.Item name="placeId" label={t('partyOrgs.place')} rules={[{ required: true }]}>
          <PlaceTreeSelect maxKind={PLACE_KIND[kind]} selectableKinds={[PLACE_KIND[kind]]} />
        </Form.Item>
      )}
      <Form.Item name="termKind" label={t('partyOrgs.termKind')}>
        <Select allowClear options={(['community', 'other'] as const).map((k) => ({ value: k, label: t(`partyOrgs.termKinds.${k}`) }))} />
      </Form.Item>
      <Space size="large">
        <Form.Item name="foundedOn" label={t('partyOrgs.foundedOn')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="electedOn" label={t('partyOrgs.electedOn')}>
          <Input type="date" />
        </Form.Item>
      </Space>
    </FormDialog>
  );
}

interface CommitteeForm {
  electedOn: string;
  members: { personId: number; post: Post }[];
}

/** Replace the committee: seats from the organisation's members, one secretary. */
export function CommitteeDialog({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<CommitteeForm>();
  const members = useQuery({
    queryKey: partyKeys.members({ orgId: org.id, all: true }),
    queryFn: () => api<MemberList>('/party/members', { query: { orgId: org.id, limit: 200 } }),
  });
  const save = useMutation({
    mutationFn: (v: CommitteeForm) => api<OrgDetail>(`/party/orgs/${org.id}/committee`, { method: 'PUT', body: v }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      onClose();
    },
  });
  const options = (members.data?.items ?? []).map((m) => ({ value: m.personId, label: `${m.name}（${t(`partyOrgs.membersPage.statuses.${m.status}`)}）` }));
  return (
    <FormDialog<CommitteeForm>
      form={form}
      save={save}
      width={560}
      title={t('partyOrgs.editCommittee')}
      okId="party-committee-save"
      initialValues={{ electedOn: org.electedOn ?? '', members: org.committee.length ? org.committee.map((c) => ({ personId: c.personId, post: c.post })) : [{ post: 'secretary' } as CommitteeForm['members'][number]] }}
      hint={<Typography.Paragraph type="secondary">{t('partyOrgs.committeeHint')}</Typography.Paragraph>}
      onClose={onClose}
    >
      <Form.Item name="electedOn" label={t('partyOrgs.electedOn')} rules={[{ required: true }]}>
        <Input type="date" />
      </Form.Item>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'personId']} rules={[{ required: true }]} style={{ width: 260 }}>
                  <Select showSearch optionFilterProp="label" placeholder={t('partyOrgs.person')} options={options} loading={members.isLoading} />
                </Form.Item>
                <Form.Item name={[f.name, 'post']} rules={[{ required: true }]} style={{ width: 150 }}>
                  <Select placeholder={t('partyOrgs.post')} options={POST_LIST.map((p) => ({ value: p, label: t(`partyOrgs.posts.${p}`) }))} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ post: 'member' })}>
              {t('partyOrgs.addSeat')}
            </Button>
          </>
        )}
      </Form.List>
    </FormDialog>
  );
}

/** The estates a branch (its own) or joint branch (2–5 of its community) covers. */
export function EstatesDialog({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ estateIds: number[] }>();
  // a joint branch sits on its community: the estates are the community's children
  const children = usePlaceChildren(org.kind === 'joint_branch' ? org.placeId : undefined);
  const options = org.kind === 'joint_branch' ? (children.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })) : [{ value: org.placeId, label: org.placeName }];
  const save = useMutation({
    mutationFn: (v: { estateIds: number[] }) => api<OrgDetail>(`/party/orgs/${org.id}/estates`, { method: 'PUT', body: v }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      onClose();
    },
  });
  return (
    <FormDialog<{ estateIds: number[] }>
      form={form}
      save={save}
      title={t('partyOrgs.editEstates')}
      okId="party-estates-save"
      initialValues={{ estateIds: org.estates.map((e) => e.id) }}
      hint={<Typography.Paragraph type="secondary">{t('partyOrgs.estatesHint')}</Typography.Paragraph>}
      onClose={onClose}
    >
      <Form.Item name="estateIds" label={t('partyOrgs.estates')} rules={[{ required: true }]}>
        <Select mode="multiple" options={options} loading={children.isLoading} optionFilterProp="label" />
      </Form.Item>
    </FormDialog>
  );
}
