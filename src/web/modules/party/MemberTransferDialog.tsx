// 组织关系转接 of one member: within the area, out, or back in, and the history as a timeline.
import { Alert, Empty, Form, Input, Modal, Select, Skeleton, Timeline, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { DIRECTION_LIST, partyKeys, useOrgs, useTransfers, type Direction, type Member } from './api-orgs';

interface TransferForm {
  direction: Direction;
  toOrgId?: number;
  outsideOrg?: string;
  onDate: string;
  reason?: string;
}

export function MemberTransferDialog({ member, placeId, onClose }: { member: Member; placeId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<TransferForm>();
  const direction = Form.useWatch('direction', form);
  const history = useTransfers(member.id);
  const orgs = useOrgs(placeId);
  const p = 'partyOrgs.membersPage';
  const save = useMutation({
    mutationFn: (v: TransferForm) => api(`/party/members/${member.id}/transfers`, { method: 'POST', body: { ...v, outsideOrg: v.outsideOrg || undefined, reason: v.reason || undefined } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: partyKeys.orgAll });
      onClose();
    },
  });
  // a member on the rolls moves within or out; one who left can only come back in
  const allowed = DIRECTION_LIST.filter((d) => (member.orgId === null ? d === 'in' : d !== 'in'));
  return (
    <Modal
      open
      width={600}
      title={t(`${p}.transferTitle`, { name: member.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ id: 'party-transfer-save' }}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Form<TransferForm> form={form} layout="vertical" requiredMark={false} initialValues={{ direction: allowed[0] }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="direction" label={t(`${p}.direction`)}>
          <Select options={allowed.map((d) => ({ value: d, label: t(`${p}.directions.${d}`) }))} />
        </Form.Item>
        {direction !== 'out' && (
          <Form.Item name="toOrgId" label={t(`${p}.toOrg`)} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(orgs.data ?? []).filter((o) => o.kind !== 'working_committee' && o.id !== member.orgId).map((o) => ({ value: o.id, label: `${o.name}（${t(`partyOrgs.kinds.${o.kind}`)}）` }))}
            />
          </Form.Item>
        )}
        {direction !== 'within' && (
          <Form.Item name="outsideOrg" label={t(`${p}.outsideOrg`)} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="onDate" label={t(`${p}.onDate`)} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="reason" label={t(`${p}.reason`)} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t(`${p}.history`)}</Typography.Title>
      {!history.data ? (
        <Skeleton active />
      ) : history.data.length === 0 ? (
        <Empty description={t(`${p}.noHistory`)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={history.data.map((h) => ({
            color: h.direction === 'out' ? 'gray' : h.direction === 'in' ? 'green' : 'blue',
            children: (
              <div>
                <Typography.Text strong>
                  {h.onDate} {t(`${p}.directionShort.${h.direction}`)}
                </Typography.Text>{' '}
                {[h.fromOrgName ?? (h.direction === 'in' ? h.outsideOrg : null), h.toOrgName ?? (h.direction === 'out' ? h.outsideOrg : null)].filter(Boolean).join(' → ')}
                {h.reason && <div className="gz-small">{h.reason}</div>}
                {h.createdBy && <div className="gz-small">{t(`${p}.by`, { name: h.createdBy })}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Modal>
  );
}
