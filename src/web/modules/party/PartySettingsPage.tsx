// 党建设置: the party settings of a district, street or community — 三会一课 frequencies, reminder
// and term-warning days, households per 邻, 三长 points. What the place sets itself is marked; the
// rest is inherited (community over street over district over the defaults) and is sent only once
// changed here. A save answered with CONFLICT reloads the settings as they are now.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Empty, Form, InputNumber, Select, Space, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { OwnMark, without } from '../../app/OwnMark';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { FREQUENCY_LIST, KIND_LIST, meetingKeys, usePartySettings, type PartySettingsView } from './api-meetings';
import './MeetingPages.css';

type Effective = PartySettingsView['effective'];
type Scalar = Exclude<keyof Effective, 'frequencies'>;
// a field is a scalar setting or one kind's frequency ('freq.members')
type Key = Scalar | `freq.${string}`;
const SCALARS: Scalar[] = ['remindDays', 'termWarningDays', 'linMinHouseholds', 'linMaxHouseholds', 'pointsPerVisit', 'pointsPerReport'];
const SETTINGS_KINDS = ['district', 'street', 'community'];

function ownKeys(own: PartySettingsView['own']): Set<Key> {
  const keys = new Set<Key>(SCALARS.filter((k) => own[k] !== undefined && own[k] !== null));
  for (const k of Object.keys(own.frequencies ?? {})) keys.add(`freq.${k}`);
  return keys;
}

function SettingsForm({ placeId }: { placeId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const settings = usePartySettings(placeId);
  const [form] = Form.useForm<Effective>();
  const [own, setOwn] = useState<Set<Key>>(new Set());
  const [conflict, setConflict] = useState(false);
  const data = settings.data;

  const load = (d: PartySettingsView) => {
    form.setFieldsValue(d.effective);
    setOwn(ownKeys(d.own));
  };
  useEffect(() => {
    if (data) load(data);
  }, [data]);

  const save = useMutation({
    mutationFn: (v: Effective) => {
      const patch: Record<string, unknown> = {};
      const frequencies: Record<string, string> = {};
      for (const k of own) {
        if (k.startsWith('freq.')) frequencies[k.slice(5)] = v.frequencies[k.slice(5)];
        else patch[k] = v[k as Scalar];
      }
      if (Object.keys(frequencies).length) patch.frequencies = frequencies;
      return api<PartySettingsView>(`/party-settings/${placeId}`, { method: 'PUT', body: { version: data!.version, settings: patch } });
    },
    onSuccess: (next) => {
      qc.setQueryData(meetingKeys.settings(placeId), next);
      setConflict(false);
      void message.success(t('partyMeetings.settings.saved'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        setConflict(true);
        void settings.refetch();
      }
    },
  });

  if (settings.isError) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!data) return null;
  const isDistrict = data.place.kind === 'district';
  const label = (key: Key, text: string): ReactNode => (
    <Space size={4}>
      {text}
      <OwnMark own={own.has(key)} isDistrict={isDistrict} messages="partyMeetings.settings" className="gz-party-own" onInherit={() => setOwn((prev) => without(prev, key))} />
    </Space>
  );
  const number = (key: Scalar, min: number, max: number, suffix: string, extra?: string) => (
    <Form.Item name={key} label={label(key, t(`partyMeetings.settings.${key}`))} extra={extra} rules={[{ required: true }]}>
      <InputNumber id={`party-settings-${key}`} min={min} max={max} precision={0} style={{ width: 160 }} suffix={suffix} />
    </Form.Item>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      id="party-settings-form"
      onValuesChange={(changed: Partial<Effective>) =>
        setOwn((prev) => {
          const next = new Set(prev);
          for (const k of Object.keys(changed) as (keyof Effective)[]) {
            if (k === 'frequencies') for (const f of Object.keys(changed.frequencies ?? {})) next.add(`freq.${f}`);
            else next.add(k);
          }
          return next;
        })
      }
      onFinish={(v) => save.mutate({ ...v, frequencies: { ...data.effective.frequencies, ...v.frequencies } })}
    >
      {conflict && <Alert type="warning" showIcon title={t('partyMeetings.settings.conflict')} style={{ marginBottom: 12 }} />}
      {save.isError && !conflict && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('partyMeetings.settings.frequencies')} className="gz-block">
        <div className="gz-party-settings-grid">
          {KIND_LIST.map((k) => (
            <Form.Item key={k} name={['frequencies', k]} label={label(`freq.${k}`, t(`partyMeetings.kinds.${k}`))} rules={[{ required: true }]}>
              <Select id={`party-settings-freq-${k}`} style={{ width: 160 }} options={FREQUENCY_LIST.map((f) => ({ value: f, label: t(`partyMeetings.settings.freq.${f}`) }))} />
            </Form.Item>
          ))}
        </div>
      </Card>
      <Card size="small" title={t('partyMeetings.settings.reminders')} className="gz-block">
        <div className="gz-party-settings-grid">
          {number('remindDays', 0, 60, t('partyMeetings.settings.days'), t('partyMeetings.settings.hints.remindDays'))}
          {number('termWarningDays', 0, 365, t('partyMeetings.settings.days'), t('partyMeetings.settings.hints.termWarningDays'))}
        </div>
      </Card>
      <Card size="small" title={t('partyMeetings.settings.grid')} className="gz-block">
        <div className="gz-party-settings-grid">
          {number('linMinHouseholds', 1, 200, t('partyMeetings.settings.households'), t('partyMeetings.settings.hints.lin'))}
          {number('linMaxHouseholds', 1, 200, t('partyMeetings.settings.households'))}
          {number('pointsPerVisit', 0, 100, t('partyMeetings.settings.points'))}
          {number('pointsPerReport', 0, 100, t('partyMeetings.settings.points'))}
        </div>
      </Card>
      <Space>
        <Button id="party-settings-save" type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => load(data)}>{t('common.reset')}</Button>
        <Typography.Text type="secondary">{t('partyMeetings.settings.version', { v: data.version })}</Typography.Text>
      </Space>
    </Form>
  );
}

export default function PartySettingsPage() {
  const { t } = useTranslation();
  const { view } = useScope();
  const [params, setParams] = useSearchParams();
  const scopePlace = view?.place && SETTINGS_KINDS.includes(view.place.kind) ? view.place : undefined;
  const placeId = Number(params.get('place')) || scopePlace?.id;
  const chosen = usePartySettings(placeId);
  return (
    <>
      <PageHeader
        title={t('partyMeetings.settings.title')}
        sub={t('partyMeetings.settings.sub')}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('partyMeetings.settings.place')}</Typography.Text>
            <PlaceTreeSelect
              id="party-settings-place"
              ariaLabel={t('partyMeetings.settings.place')}
              maxKind="community"
              selectableKinds={SETTINGS_KINDS}
              value={placeId}
              valueLabel={chosen.data ? `${chosen.data.place.name} · ${t(`common.kinds.${chosen.data.place.kind}`)}` : placeId === scopePlace?.id ? scopePlace?.name : undefined}
              placeholder={t('partyMeetings.settings.placeHint')}
              onChange={(id) =>
                setParams((prev) => {
                  const next = new URLSearchParams(prev);
                  if (id) next.set('place', String(id));
                  else next.delete('place');
                  return next;
                })
              }
              style={{ width: 260 }}
            />
          </Space>
        }
      />
      <Card size="small">{placeId ? <SettingsForm key={placeId} placeId={placeId} /> : <Empty description={t('partyMeetings.settings.pick')} />}</Card>
    </>
  );
}
