// The phone form to log my service hours: the day (not after today), hours and minutes with large
// steppers, the post (one of mine, optional) and what was done. The entry waits for confirmation.
import { Button, DatePicker, Form, Input, InputNumber, Select, App as AntApp } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { useDualWrite, type Claim } from '../dual/api';

interface LogForm {
  servedOn: Dayjs;
  hours?: number;
  minutes?: number;
  postId?: number;
  note?: string;
}

export function LogHoursCard({ claims }: { claims: Claim[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<LogForm>();
  const save = useDualWrite(
    (v: LogForm) =>
      api('/dual/mine/hours', {
        method: 'POST',
        body: { servedOn: v.servedOn.format('YYYY-MM-DD'), minutes: (v.hours ?? 0) * 60 + (v.minutes ?? 0), postId: v.postId ?? null, note: v.note ?? '' },
      }),
    () => {
      message.success(t('dual.m.logged'));
      form.resetFields();
    },
  );
  return (
    <section className="gz-m-card gz-md-log">
      <div className="gz-m-card-title">{t('dual.m.logHours')}</div>
      <Form form={form} layout="vertical" size="large" initialValues={{ servedOn: dayjs(), hours: 1, minutes: 0 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="servedOn" label={t('dual.hours.servedOn')} rules={[{ required: true }]}>
          <DatePicker inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <div className="gz-md-duration">
          <Form.Item name="hours" label={t('dual.hours.hoursPart')}>
            <InputNumber min={0} max={24} precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="minutes" label={t('dual.hours.minutesPart')}>
            <InputNumber min={0} max={59} step={10} precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </div>
        {claims.length > 0 && (
          <Form.Item name="postId" label={t('dual.m.optionalPost')}>
            <Select allowClear options={claims.map((c) => ({ value: c.postId, label: c.postTitle }))} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('dual.hours.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {save.isError && <p className="gz-md-error">{errorText(save.error)}</p>}
        <Button type="primary" htmlType="submit" block loading={save.isPending} id="m-dual-log">
          {t('dual.m.submit')}
        </Button>
      </Form>
    </section>
  );
}
