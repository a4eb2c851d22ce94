// Record a party member (home unit first, then a person living there) or edit one: status and 转正
// date, category, employer, 机关党员干部, home.
import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { CATEGORY_LIST, STATUS_LIST, partyKeys, useOrgs, type Category, type Member, type MemberStatus } from './api-orgs';

interface MemberForm {
  unitId?: number;
  personId?: number;
  orgId?: number;
  status: MemberStatus;
  joinedOn?: string;
  fullOn?: string;
  category: Category;
  employer?: string;
  organCadre?: boolean;
}

function useUnitPeople(unitId: number | undefined) {
  return useQuery({
    queryKey: ['people', 'unit-pick', unitId ?? 0],
    queryFn: () => api<{ items: { id: number; name: string }[] }>('/people', { query: { placeId: unitId, limit: 50 } }).then((r) => r.items),
    enabled: !!unitId,
  });
}

export function MemberDrawer({ member, placeId, onClose }: { member?: Member; placeId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<MemberForm>();
  const unitId = Form.useWatch('unitId', form);
  const status = Form.useWatch('status', form);
  const people = useUnitPeople(member ? undefined : unitId);
  const orgs = useOrgs(placeId, !member);
  const save = useMutation({
    mutationFn: (v: MemberForm) =>
      member
        ? api<Member>(`/party/members/${member.id}`, {
            method: 'PATCH',
            body: { version: member.version, status: v.status, joinedOn: v.joinedOn || null, fullOn: v.fullOn || null, category: v.category, employer: v.employer || null, organCadre: !!v.organCadre, unitId: v.unitId ?? null },
          })
        : api<Member>('/party/members', {
            method: 'POST',
            body: { ...v, joinedOn: v.joinedOn || undefined, fullOn: v.fullOn || undefined, employer: v.employer || undefined, organCadre: !!v.organCadre },
          }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      onClose();
    },
  });
  const p = 'partyOrgs.membersPage';
  return (
    <Drawer
      open
      width={460}
      title={member ? `${t(`${p}.drawerTitle`)}：${member.name}` : t(`${p}.newTitle`)}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" id="party-member-save" loading={save.isPending} onClick={() => form.submit()}>
            {member ? t('common.save') : t(`${p}.create`)}
          </Button>
        </Space>
      }
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form<MemberForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={
          member
            ? { unitId: member.unitId ?? undefined, status: member.status, joinedOn: member.joinedOn ?? undefined, fullOn: member.fullOn ?? undefined, category: member.category, employer: member.employer ?? undefined, organCadre: member.organCadre }
            : { status: 'full', category: 'retired' }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="unitId" label={t(`${p}.unit`)} extra={member ? member.address : t(`${p}.pickUnitFirst`)} rules={member ? [] : [{ required: true }]}>
          <PlaceTreeSelect maxKind="unit" selectableKinds={['unit']} valueLabel={member?.address ?? undefined} />
        </Form.Item>
        {!member && (
          <>
            <Form.Item name="personId" label={t(`${p}.personInUnit`)} rules={[{ required: true }]}>
              <Select disabled={!unitId} loading={people.isLoading} options={(people.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
            <Form.Item name="orgId" label={t(`${p}.org`)} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={orgs.isLoading}
                options={(orgs.data ?? []).filter((o) => o.kind !== 'working_committee').map((o) => ({ value: o.id, label: `${o.name}（${t(`partyOrgs.kinds.${o.kind}`)}）` }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="status" label={t(`${p}.status`)} extra={member?.status === 'probationary' ? t(`${p}.becomeFull`) : undefined}>
          <Select options={STATUS_LIST.map((s) => ({ value: s, label: t(`${p}.statuses.${s}`), disabled: member?.status === 'full' && s === 'probationary' }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="joinedOn" label={t(`${p}.joinedOn`)}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="fullOn" label={t(`${p}.fullOn`)} rules={[{ required: status === 'full' && member?.status === 'probationary' }]}>
            <Input type="date" disabled={status === 'probationary'} />
          </Form.Item>
        </Space>
        <Form.Item name="category" label={t(`${p}.category`)}>
          <Select options={CATEGORY_LIST.map((c) => ({ value: c, label: t(`${p}.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item name="employer" label={t(`${p}.employer`)} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="organCadre" valuePropName="checked">
          <Checkbox>{t(`${p}.organCadre`)}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
