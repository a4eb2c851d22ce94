// The drawer that records a meeting (or corrects one): organisation, kind, date, topic, place, the
// attendance checklist of everyone who should attend (from the server's roster; a correction keeps
// the list fixed when the meeting was recorded), the motions of a members' meeting and the minutes.
// The live line shows the members with a vote who should attend and those present.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Empty, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography, App as AntApp } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { ATTENDANCE_LIST, meetingKeys, useRoster, type Attendance, type MeetingDetail, type MeetingKind } from './api-meetings';
import { MeetingOrgSelect } from './MeetingOrgSelect';

interface Values {
  orgId?: number;
  kind?: MeetingKind;
  heldOn?: Dayjs;
  topic?: string;
  location?: string;
  minutes?: string;
  motions?: { title: string; inFavour: number; against: number; abstain: number }[];
}

export function MeetingFormDrawer({ open, editing, onClose, onSaved }: { open: boolean; editing?: MeetingDetail; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const kind = Form.useWatch('kind', form);
  const roster = useRoster(editing ? undefined : orgId, editing ? undefined : kind);
  const [marks, setMarks] = useState<Map<number, Attendance>>(new Map());

  // who should attend: fixed on the record when correcting, else the server's roster now
  const entitled = useMemo(
    () => (editing ? editing.attendance.map((a) => ({ memberId: a.memberId, name: a.name, voting: a.voting })) : (roster.data?.entitled ?? [])),
    [editing, roster.data],
  );
  const applicable = editing ? [editing.kind] : roster.data?.kinds;

  useEffect(() => {
    if (!open) return;
    if (editing) {
      form.setFieldsValue({
        orgId: editing.orgId,
        kind: editing.kind,
        heldOn: dayjs(editing.heldOn),
        topic: editing.topic,
        location: editing.location ?? undefined,
        minutes: editing.minutes ?? undefined,
        motions: editing.motionList.map(({ title, inFavour, against, abstain }) => ({ title, inFavour, against, abstain })),
      });
      setMarks(new Map(editing.attendance.map((a) => [a.memberId, a.status])));
    } else {
      form.resetFields();
      form.setFieldsValue({ heldOn: dayjs(), kind: 'members' });
      setMarks(new Map());
    }
  }, [open, editing]);

  const voting = entitled.filter((e) => e.voting);
  const present = voting.filter((e) => marks.get(e.memberId) === 'present').length;

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const attendance = entitled.map((e) => ({ memberId: e.memberId, status: marks.get(e.memberId) ?? 'absent' })).filter((a) => a.status !== 'absent');
      const common = {
        heldOn: v.heldOn!.format('YYYY-MM-DD'),
        topic: v.topic!.trim(),
        location: v.location?.trim() || undefined,
        minutes: v.minutes?.trim() || undefined,
        attendance,
        motions: v.kind === 'members' ? (v.motions ?? []) : [],
      };
      if (editing) {
        return api<MeetingDetail>(`/party/meetings/${editing.id}`, {
          method: 'PATCH',
          body: { ...common, version: editing.version, location: common.location ?? null, minutes: common.minutes ?? null, attendance: entitled.map((e) => ({ memberId: e.memberId, status: marks.get(e.memberId) ?? 'absent' })) },
        });
      }
      return api<MeetingDetail>('/party/meetings', { method: 'POST', body: { ...common, orgId: v.orgId, kind: v.kind } });
    },
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: meetingKeys.all });
      void message.success(t('partyMeetings.form.saved'));
      onSaved(d.id);
    },
  });

  const setAll = (status: Attendance) => setMarks(new Map(entitled.map((e) => [e.memberId, status])));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      title={editing ? t('partyMeetings.form.editTitle') : t('partyMeetings.form.title')}
      destroyOnHidden
      extra={
        <Button id="party-meeting-save" type="primary" loading={save.isPending} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} id="party-meeting-error" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)}>
        <Space size={12} wrap>
          <Form.Item name="orgId" label={t('partyMeetings.org')} rules={[{ required: true }]}>
            <MeetingOrgSelect id="party-meeting-org" placeholder={t('partyMeetings.org')} disabled={!!editing} width={260} />
          </Form.Item>
          <Form.Item name="kind" label={t('partyMeetings.kind')} rules={[{ required: true }]}>
            <Select
              id="party-meeting-kind"
              disabled={!!editing}
              style={{ width: 150 }}
              options={(applicable ?? []).map((k) => ({ value: k, label: t(`partyMeetings.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="heldOn" label={t('partyMeetings.heldOn')} rules={[{ required: true }]}>
            <DatePicker id="party-meeting-date" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="topic" label={t('partyMeetings.topic')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input id="party-meeting-topic" maxLength={200} />
        </Form.Item>
        <Form.Item name="location" label={t('partyMeetings.location')} rules={[{ max: 200 }]}>
          <Input id="party-meeting-location" maxLength={200} />
        </Form.Item>

        {!orgId || !kind ? (
          <Typography.Paragraph type="secondary">{t('partyMeetings.form.pickOrg')}</Typography.Paragraph>
        ) : applicable && !applicable.includes(kind) ? (
          <Alert type="warning" showIcon title={t('partyMeetings.form.notHeld')} style={{ marginBottom: 12 }} />
        ) : (
          <Form.Item
            label={
              <Space>
                {t('partyMeetings.form.roster', { n: entitled.length })}
                <Button size="small" onClick={() => setAll('present')} disabled={entitled.length === 0}>
                  {t('partyMeetings.form.allPresent')}
                </Button>
              </Space>
            }
            extra={t('partyMeetings.form.rosterHint')}
          >
            <Typography.Text strong id="party-meeting-live" style={{ display: 'block', marginBottom: 6 }}>
              {t('partyMeetings.form.live', { entitled: voting.length, present })}
            </Typography.Text>
            {entitled.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('partyMeetings.form.noRoster')} />
            ) : (
              <div className="gz-party-roster" id="party-meeting-roster">
                {entitled.map((e) => (
                  <div key={e.memberId} className="gz-party-roster-row">
                    <span>
                      {e.name} {!e.voting && <Tag bordered={false}>{t('partyMeetings.form.nonVoting')}</Tag>}
                    </span>
                    <Radio.Group
                      size="small"
                      optionType="button"
                      value={marks.get(e.memberId) ?? 'absent'}
                      onChange={(ev) => setMarks((prev) => new Map(prev).set(e.memberId, ev.target.value as Attendance))}
                      options={ATTENDANCE_LIST.map((s) => ({ value: s, label: t(`partyMeetings.attendance.${s}`) }))}
                    />
                  </div>
                ))}
              </div>
            )}
          </Form.Item>
        )}

        {kind === 'members' && (
          <Form.Item label={t('partyMeetings.form.motions')} extra={t('partyMeetings.form.motionsHint')}>
            <Form.List name="motions">
              {(fields, { add, remove }) => (
                <>
                  {fields.length > 0 && (
                    <div className="gz-party-motion gz-small" style={{ marginBottom: 4 }}>
                      <span>{t('partyMeetings.form.motionTitle')}</span>
                      <span>{t('partyMeetings.form.inFavour')}</span>
                      <span>{t('partyMeetings.form.against')}</span>
                      <span>{t('partyMeetings.form.abstain')}</span>
                      <span />
                    </div>
                  )}
                  {fields.map((f) => (
                    <div key={f.key} className="gz-party-motion">
                      <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, max: 200 }]}>
                        <Input maxLength={200} />
                      </Form.Item>
                      {(['inFavour', 'against', 'abstain'] as const).map((k) => (
                        <Form.Item key={k} name={[f.name, k]} rules={[{ required: true }]}>
                          <InputNumber min={0} max={present} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      ))}
                      <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                    </div>
                  ))}
                  <Button id="party-meeting-add-motion" icon={<PlusOutlined />} onClick={() => add({ title: '', inFavour: 0, against: 0, abstain: 0 })}>
                    {t('partyMeetings.form.addMotion')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
        )}

        <Form.Item name="minutes" label={t('partyMeetings.minutes')} rules={[{ max: 20000 }]}>
          <Input.TextArea id="party-meeting-minutes" rows={6} maxLength={20000} showCount />
        </Form.Item>
        <Typography.Text type="secondary" className="gz-small">
          {t('partyMeetings.form.filesHint')}
        </Typography.Text>
      </Form>
    </Drawer>
  );
}
