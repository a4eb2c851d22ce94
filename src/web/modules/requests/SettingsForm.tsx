// The local settings of a district or a street: deadline spans per class, the contact deadline,
// the working-day calendar, the weights of the three rates and the auto-close days. What this
// place sets itself is marked; the rest is inherited (from the district, or the defaults) and is
// sent only once changed here.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Form, InputNumber, Select, Space, Switch, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { OwnMark, without } from '../../app/OwnMark';
import { CLASSES, requestKeys, useSettings, type DeadlineClass, type SettingsPatchBody, type SettingsT } from './api';

type Span = { unit: 'hours' | 'days'; amount: number };
type Effective = SettingsT['effective'];

interface Values {
  deadlines: Record<DeadlineClass, { response: Span; resolution: Span }>;
  contactHours: number;
  workingDays: boolean;
  holidays: Dayjs[];
  makeUpDays: Dayjs[];
  weights: { response: number; resolution: number; satisfaction: number };
  autoCloseDays: number;
}

const SPAN_KINDS = ['response', 'resolution'] as const;

/** The keys of what a place sets itself, one per field of the form ('deadlines.ordinary.response'). */
function ownKeys(own: SettingsPatchBody): Set<string> {
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(own ?? {})) {
    if (v === undefined) continue;
    if (k === 'deadlines') {
      for (const [cls, spans] of Object.entries(v as Record<string, Record<string, unknown>>)) for (const s of Object.keys(spans ?? {})) keys.add(`deadlines.${cls}.${s}`);
    } else keys.add(k);
  }
  return keys;
}

function toValues(e: Effective): Values {
  return { ...e, holidays: e.holidays.map((d) => dayjs(d)), makeUpDays: e.makeUpDays.map((d) => dayjs(d)) } as Values;
}

function toPatch(v: Values, own: Set<string>): SettingsPatchBody {
  const patch: SettingsPatchBody = {};
  const dates = (list: Dayjs[] | undefined) => [...new Set((list ?? []).map((d) => d.format('YYYY-MM-DD')))].sort();
  for (const cls of CLASSES) {
    for (const s of SPAN_KINDS) {
      if (!own.has(`deadlines.${cls}.${s}`)) continue;
      patch.deadlines = patch.deadlines ?? {};
      patch.deadlines[cls] = { ...patch.deadlines[cls], [s]: { unit: v.deadlines[cls][s].unit, amount: v.deadlines[cls][s].amount } };
    }
  }
  if (own.has('contactHours')) patch.contactHours = v.contactHours;
  if (own.has('workingDays')) patch.workingDays = v.workingDays;
  if (own.has('holidays')) patch.holidays = dates(v.holidays);
  if (own.has('makeUpDays')) patch.makeUpDays = dates(v.makeUpDays);
  if (own.has('weights')) patch.weights = v.weights;
  if (own.has('autoCloseDays')) patch.autoCloseDays = v.autoCloseDays;
  return patch;
}

/** Which own-key a changed form path belongs to. */
function keyOfPath(path: (string | number)[]): string {
  return path[0] === 'deadlines' ? path.slice(0, 3).join('.') : String(path[0]);
}

export function SettingsForm({ placeId }: { placeId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const settings = useSettings(placeId);
  const [form] = Form.useForm<Values>();
  const [own, setOwn] = useState<Set<string>>(new Set());
  const data = settings.data;

  const load = (d: SettingsT) => {
    form.setFieldsValue(toValues(d.effective));
    setOwn(ownKeys(d.own as SettingsPatchBody));
  };
  // fill the form when the server's answer changes (after loading, saving or a conflict)
  useEffect(() => {
    if (data) load(data);
  }, [data]);

  const save = useMutation({
    mutationFn: (v: Values) => api<SettingsT>(`/request-settings/${placeId}`, { method: 'PUT', body: { settings: toPatch(v, own), version: data!.version } }),
    onSuccess: async (next) => {
      qc.setQueryData(requestKeys.settings(placeId), next);
      message.success(t('requests.settings.saved'));
      // deadlines and weights feed the dashboard's composite
      await qc.invalidateQueries({ queryKey: requestKeys.stats });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        message.warning(t('requests.settings.conflict'));
        void settings.refetch();
      }
    },
  });

  if (settings.isError) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!data) return null;
  const isDistrict = data.place.kind === 'district';

  /** The "set here / inherited" mark of a field, with the way back to inheriting. */
  const mark = (key: string): ReactNode => (
    <OwnMark own={own.has(key)} isDistrict={isDistrict} messages="requests.settings" className="gz-own-tag" onInherit={() => setOwn((prev) => without(prev, key))} />
  );
  const label = (text: string, key: string) => (
    <Space size={4}>
      {text}
      {mark(key)}
    </Space>
  );

  const spanInput = (cls: DeadlineClass, s: (typeof SPAN_KINDS)[number]) => (
    <Space.Compact>
      <Form.Item name={['deadlines', cls, s, 'amount']} noStyle rules={[{ required: true }]}>
        <InputNumber min={1} max={720} style={{ width: 90 }} aria-label={`${t(`requests.classes.${cls}`)} ${t(`requests.settings.${s === 'response' ? 'response' : 'resolutionSpan'}`)}`} />
      </Form.Item>
      <Form.Item name={['deadlines', cls, s, 'unit']} noStyle>
        <Select
          style={{ width: 84 }}
          options={[
            { value: 'hours', label: t('requests.settings.hours') },
            { value: 'days', label: t('requests.settings.days') },
          ]}
        />
      </Form.Item>
    </Space.Compact>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      id="settings-form"
      onValuesChange={(changed: Partial<Values>) => {
        // whatever is touched becomes this place's own setting
        const paths: (string | number)[][] = [];
        const walk = (obj: unknown, prefix: (string | number)[]) => {
          if (obj && typeof obj === 'object' && !Array.isArray(obj) && !dayjs.isDayjs(obj) && prefix.length < 3) {
            for (const [k, v] of Object.entries(obj)) walk(v, [...prefix, k]);
          } else paths.push(prefix);
        };
        walk(changed, []);
        setOwn((prev) => new Set([...prev, ...paths.map(keyOfPath)]));
      }}
      onFinish={(v) => save.mutate(v)}
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('requests.settings.deadlines')} className="gz-block">
        <div className="gz-span-row">
          <span />
          <Typography.Text type="secondary">{t('requests.settings.response')}</Typography.Text>
          <Typography.Text type="secondary">{t('requests.settings.resolutionSpan')}</Typography.Text>
        </div>
        {CLASSES.map((cls) => (
          <div className="gz-span-row" key={cls}>
            <Typography.Text strong>{t(`requests.classes.${cls}`)}</Typography.Text>
            <Space size={6} wrap>
              {spanInput(cls, 'response')}
              {mark(`deadlines.${cls}.response`)}
            </Space>
            <Space size={6} wrap>
              {spanInput(cls, 'resolution')}
              {mark(`deadlines.${cls}.resolution`)}
            </Space>
          </div>
        ))}
        <Form.Item name="contactHours" label={label(t('requests.settings.contactHours'), 'contactHours')} style={{ marginTop: 12, marginBottom: 0 }} rules={[{ required: true }]}>
          <InputNumber min={1} max={168} style={{ width: 120 }} />
        </Form.Item>
      </Card>

      <Card size="small" title={t('requests.settings.calendar')} className="gz-block">
        <Form.Item name="workingDays" label={label(t('requests.settings.workingDays'), 'workingDays')} valuePropName="checked" extra={t('requests.settings.workingDaysHint')}>
          <Switch id="settings-working-days" />
        </Form.Item>
        <div className="gz-form-pair">
          <Form.Item name="holidays" label={label(t('requests.settings.holidays'), 'holidays')}>
            <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} placeholder={t('requests.settings.addDate')} />
          </Form.Item>
          <Form.Item name="makeUpDays" label={label(t('requests.settings.makeUpDays'), 'makeUpDays')}>
            <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} placeholder={t('requests.settings.addDate')} />
          </Form.Item>
        </div>
      </Card>

      <Card size="small" title={label(t('requests.settings.weights'), 'weights')} className="gz-block">
        <Typography.Paragraph type="secondary">{t('requests.settings.weightsHint')}</Typography.Paragraph>
        <Space size={16} wrap>
          {(['response', 'resolution', 'satisfaction'] as const).map((k, i) => (
            <Form.Item
              key={k}
              name={['weights', k]}
              label={t(`requests.dashboard.${k}`)}
              dependencies={i === 0 ? [['weights', 'resolution'], ['weights', 'satisfaction']] : undefined}
              rules={[
                { required: true },
                ...(i === 0
                  ? [
                      ({ getFieldValue }: { getFieldValue: (p: (string | number)[]) => unknown }) => ({
                        validator: () => {
                          const sum = ['response', 'resolution', 'satisfaction'].reduce((n, x) => n + Number(getFieldValue(['weights', x]) ?? 0), 0);
                          return sum > 0 ? Promise.resolve() : Promise.reject(new Error(t('requests.settings.weightsZero')));
                        },
                      }),
                    ]
                  : []),
              ]}
            >
              <InputNumber min={0} max={100} style={{ width: 120 }} id={`settings-weight-${k}`} />
            </Form.Item>
          ))}
        </Space>
      </Card>

      <Card size="small" className="gz-block">
        <Form.Item name="autoCloseDays" label={label(t('requests.settings.autoCloseDays'), 'autoCloseDays')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
          <InputNumber min={1} max={60} style={{ width: 120 }} />
        </Form.Item>
      </Card>

      <Space>
        <Button id="settings-save" type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => load(data)}>
          {t('common.reset')}
        </Button>
        <Typography.Text type="secondary">{t('requests.settings.version', { v: data.version })}</Typography.Text>
      </Space>
    </Form>
  );
}
