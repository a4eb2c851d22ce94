// 报到登记: the registrations of the community (or the whole area), with the year's confirmed
// hours; register an organisation or an in-service member who lives in the community; end one.
import { useState } from 'react';
import { Button, Form, Input, Popconfirm, Radio, Segmented, Select, Space, Table, Tag, App as AntApp } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { FormDialog } from '../assemblies/FormDialog';
import { usePagedList } from '../assemblies/paging';
import { hm, useCandidates, useDualWrite, useRegistrations, type Registration, type RegistrationInput } from './api';

type Status = 'active' | 'ended' | 'all';
type Kind = 'all' | 'member' | 'organisation';

function RegisterDialog({ communityId, onClose }: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RegistrationInput>();
  const kind = Form.useWatch('kind', form) ?? 'member';
  const [search, setSearch] = useState('');
  const candidates = useCandidates(kind === 'member' ? communityId : undefined, search);
  const save = useDualWrite(
    (v: RegistrationInput) => api<Registration>('/dual/registrations', { method: 'POST', body: { ...v, communityId } }),
    () => {
      message.success(t('dual.reg.saved'));
      onClose();
    },
  );
  return (
    <FormDialog form={form} save={save} title={t('dual.reg.register')} okId="dual-register-ok" initialValues={{ kind: 'member' }} onClose={onClose}>
      <Form.Item name="kind" label={t('dual.reg.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'member', label: t('dual.reg.registerMember') },
            { value: 'organisation', label: t('dual.reg.registerOrg') },
          ]}
        />
      </Form.Item>
      {kind === 'member' ? (
        <Form.Item name="memberId" label={t('dual.reg.member')} rules={[{ required: true }]}>
          <Select
            id="dual-register-member"
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t('dual.reg.memberPlaceholder')}
            loading={candidates.isFetching}
            options={(candidates.data ?? []).map((c) => ({ value: c.memberId, label: c.employer ? `${c.name}（${c.employer}）` : c.name }))}
          />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="orgName" label={t('dual.reg.orgName')} rules={[{ required: true, max: 100 }]}>
            <Input id="dual-register-org" maxLength={100} />
          </Form.Item>
          <Form.Item name="contactName" label={t('dual.reg.contact')} rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('dual.reg.contactPhone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/ }]}>
            <Input maxLength={20} />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export function RegistrationsTab({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const paging = usePagedList<string>();
  const [status, setStatus] = useState<Status>('active');
  const [kind, setKind] = useState<Kind>('all');
  const [registering, setRegistering] = useState(false);
  const list = useRegistrations({ communityId, status, kind: kind === 'all' ? undefined : kind, q: paging.filter || undefined, limit: paging.size, offset: paging.offset });
  const end = useDualWrite((id: number) => api(`/dual/registrations/${id}`, { method: 'DELETE' }));

  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <div className="gz-dual-bar">
        <Space wrap>
          <Segmented<Status>
            value={status}
            onChange={setStatus}
            options={(['active', 'ended', 'all'] as const).map((s) => ({ value: s, label: t(`dual.reg.status.${s}`) }))}
          />
          <Segmented<Kind>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: t('dual.reg.status.all') },
              { value: 'member', label: t('dual.kinds.member') },
              { value: 'organisation', label: t('dual.kinds.organisation') },
            ]}
          />
          <Input.Search allowClear placeholder={t('dual.reg.search')} onSearch={(v) => paging.setFilter(v.trim() || undefined)} style={{ width: 220 }} />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} id="dual-register" disabled={communityId === undefined} onClick={() => setRegistering(true)}>
          {t('dual.reg.register')}
        </Button>
      </div>
      <Table<Registration>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={paging.pagination(list.data?.total ?? 0)}
        locale={{ emptyText: t('dual.reg.empty') }}
        columns={[
          {
            title: t('dual.reg.name'),
            key: 'name',
            render: (_, r) => (
              <Space>
                <span>{r.name}</span>
                <Tag color={r.kind === 'member' ? 'red' : 'blue'}>{t(`dual.kinds.${r.kind}`)}</Tag>
                {r.endedOn && <Tag>{t('dual.reg.ended')}</Tag>}
              </Space>
            ),
          },
          { title: t('dual.community'), dataIndex: 'communityName', responsive: ['lg'] },
          { title: t('dual.reg.employer'), key: 'employer', render: (_, r) => r.employer ?? (r.kind === 'organisation' ? '—' : '') },
          {
            title: t('dual.reg.contact'),
            key: 'contact',
            responsive: ['xl'],
            render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' · '),
          },
          { title: t('dual.reg.registeredOn'), dataIndex: 'registeredOn', width: 120 },
          {
            title: t('dual.reg.hours'),
            key: 'hours',
            width: 150,
            render: (_, r) => (
              <div className="gz-dual-mono">
                {hm(r.confirmedMinutes)}
                {r.pendingMinutes > 0 && <div className="gz-dual-sub">{t('dual.reg.pending', { h: hm(r.pendingMinutes) })}</div>}
              </div>
            ),
          },
          { title: t('dual.reg.claims'), dataIndex: 'activeClaims', width: 100 },
          { title: t('dual.reg.grade'), key: 'grade', width: 90, render: (_, r) => (r.grade ? <Tag color="gold">{t(`dual.grades.${r.grade}`)}</Tag> : '—') },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_, r) =>
              !r.endedOn && (
                <Popconfirm
                  title={t('dual.reg.endConfirm')}
                  onConfirm={() =>
                    end.mutateAsync(r.id).catch((e: unknown) => {
                      message.error(errorText(e));
                    })
                  }
                >
                  <Button size="small" danger>
                    {t('dual.reg.end')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {registering && communityId !== undefined && <RegisterDialog communityId={communityId} onClose={() => setRegistering(false)} />}
    </>
  );
}
