// 业主大会设置: the settings of a district, street or estate (notice days, publicity days, the
// covenant's deemed-vote clause on an estate only, committee seats and term, the cross-appointment
// target). What the place sets itself is marked; the rest is inherited (estate over street over
// district over the defaults) and is sent only once changed here. A save answered with CONFLICT
// (someone saved meanwhile) reloads the settings as they are now.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Empty, Form, InputNumber, Select, Space, Switch, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { OwnMark, without } from '../../app/OwnMark';
import { PageHeader } from '../../app/Page';
import { useScope } from '../../app/console/scope';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { asmKeys, useAssemblySettings, type AssemblySettings, type SettingsView } from './api';
import './assemblies.css';

type Key = keyof AssemblySettings;
const KEYS: Key[] = ['noticeDays', 'publicityDays', 'deemedVotes', 'committeeSeats', 'committeeTermYears', 'crossAppointmentTargetPct'];
const SETTINGS_KINDS = ['district', 'street', 'estate'];

function SettingsForm({ placeId }: { placeId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const settings = useAssemblySettings(placeId);
  const [form] = Form.useForm<AssemblySettings>();
  const [own, setOwn] = useState<Set<Key>>(new Set());
  const [conflict, setConflict] = useState(false);
  const data = settings.data;

  const load = (d: SettingsView) => {
    form.setFieldsValue(d.effective);
    setOwn(new Set(KEYS.filter((k) => d.own[k] !== undefined && d.own[k] !== null)));
  };
  useEffect(() => {
    if (data) load(data);
  }, [data]);

  const save = useMutation({
    mutationFn: (v: AssemblySettings) => {
      const patch: Partial<AssemblySettings> = {};
      for (const k of own) (patch as Record<Key, unknown>)[k] = v[k];
      return api<SettingsView>(`/assembly-settings/${placeId}`, { method: 'PUT', body: { version: data!.version, settings: patch } });
    },
    onSuccess: (next) => {
      qc.setQueryData(asmKeys.settings(placeId), next);
      setConflict(false);
      message.success(t('asm.settings.saved'));
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
  const isEstate = data.place.kind === 'estate';

  const mark = (key: Key): ReactNode => (
    <OwnMark own={own.has(key)} isDistrict={isDistrict} messages="asm.settings" className="gz-asm-own" onInherit={() => setOwn((prev) => without(prev, key))} />
  );
  const label = (key: Key) => (
    <Space size={4}>
      {t(`asm.settings.fields.${key}`)}
      {mark(key)}
    </Space>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      id="asm-settings-form"
      onValuesChange={(changed: Partial<AssemblySettings>) => setOwn((prev) => new Set([...prev, ...(Object.keys(changed) as Key[])]))}
      onFinish={(v) => save.mutate(v)}
    >
      {conflict && <Alert type="warning" showIcon title={t('asm.settings.conflict')} style={{ marginBottom: 12 }} id="asm-settings-conflict" />}
      {save.isError && !conflict && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('asm.settings.procedure')} className="gz-block">
        <div className="gz-asm-pair">
          <Form.Item name="noticeDays" label={label('noticeDays')} extra={t('asm.settings.hints.noticeDays')} rules={[{ required: true }]}>
            <InputNumber id="asm-settings-notice-days" min={1} max={90} precision={0} style={{ width: 160 }} suffix={t('asm.settings.days')} />
          </Form.Item>
          <Form.Item name="publicityDays" label={label('publicityDays')} extra={t('asm.settings.hints.publicityDays')} rules={[{ required: true }]}>
            <InputNumber id="asm-settings-publicity-days" min={1} max={90} precision={0} style={{ width: 160 }} suffix={t('asm.settings.days')} />
          </Form.Item>
        </div>
        <Form.Item
          name="deemedVotes"
          label={label('deemedVotes')}
          valuePropName="checked"
          extra={isEstate ? t('asm.settings.hints.deemedVotes') : t('asm.settings.hints.deemedVotesEstateOnly')}
        >
          <Switch id="asm-settings-deemed" disabled={!isEstate} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('asm.settings.committee')} className="gz-block">
        <div className="gz-asm-pair">
          <Form.Item name="committeeSeats" label={label('committeeSeats')} extra={t('asm.settings.hints.committeeSeats')} rules={[{ required: true }]}>
            <Select id="asm-settings-seats" style={{ width: 160 }} options={[5, 7, 9, 11].map((n) => ({ value: n, label: t('asm.election.seatsN', { n }) }))} />
          </Form.Item>
          <Form.Item name="committeeTermYears" label={label('committeeTermYears')} extra={t('asm.settings.hints.committeeTermYears')} rules={[{ required: true }]}>
            <InputNumber id="asm-settings-term" min={1} max={5} precision={0} style={{ width: 160 }} suffix={t('asm.election.years')} />
          </Form.Item>
        </div>
        <Form.Item name="crossAppointmentTargetPct" label={label('crossAppointmentTargetPct')} extra={t('asm.settings.hints.crossAppointmentTargetPct')} rules={[{ required: true }]}>
          <InputNumber id="asm-settings-cross" min={0} max={100} precision={0} style={{ width: 160 }} suffix="%" />
        </Form.Item>
      </Card>
      <Space>
        <Button id="asm-settings-save" type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => load(data)}>{t('common.reset')}</Button>
        <Typography.Text type="secondary">{t('asm.settings.version', { v: data.version })}</Typography.Text>
      </Space>
    </Form>
  );
}

export default function AssemblySettingsPage() {
  const { t } = useTranslation();
  const { view } = useScope();
  const [params, setParams] = useSearchParams();
  const scopePlace = view?.place && SETTINGS_KINDS.includes(view.place.kind) ? view.place : undefined;
  const placeId = Number(params.get('place')) || scopePlace?.id;
  // the name of a place given in the URL, before the picker has loaded its node
  const chosen = useAssemblySettings(placeId);
  return (
    <>
      <PageHeader
        title={t('asm.settings.title')}
        sub={t('asm.settings.sub')}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('asm.settings.place')}</Typography.Text>
            <PlaceTreeSelect
              id="asm-settings-place"
              ariaLabel={t('asm.settings.place')}
              maxKind="estate"
              selectableKinds={SETTINGS_KINDS}
              value={placeId}
              valueLabel={chosen.data ? `${chosen.data.place.name} · ${t(`common.kinds.${chosen.data.place.kind}`)}` : placeId === scopePlace?.id ? scopePlace?.name : undefined}
              placeholder={t('asm.settings.placeHint')}
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
      <Card size="small">{placeId ? <SettingsForm key={placeId} placeId={placeId} /> : <Empty description={t('asm.settings.pick')} />}</Card>
    </>
  );
}
