// 记录走访: when (default now, at most 90 days back), what was found, and — behind a switch — a
// problem to report on the resident's behalf (category, description, which member it concerns).
// After saving, the saved visit and the filed request are shown in place of the form.
import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Result, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { useErrorText } from '../../app/errors';
import { CategoryGrid } from '../mobile-requests/CategoryGrid';
import type { Household, VisitResult } from '../grid/api';
import { VISIT_WINDOW_DAYS, useLogVisit } from './api';
import '../mobile-requests/mobile-requests.css';

const LOCAL = 'YYYY-MM-DDTHH:mm';

interface Values {
  visitedAt: string;
  notes: string;
  concern: boolean;
  categoryId?: number;
  description?: string;
  personId?: number;
}

export function VisitForm({ household }: { household: Household }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const concern = Form.useWatch('concern', form) ?? false;
  const log = useLogVisit(household.household.householdId);
  const [saved, setSaved] = useState<VisitResult | null>(null);
  const now = dayjs();

  if (saved) {
    return (
      <section className="gz-m-card" id="mg-visit-saved">
        <Result
          status="success"
          title={saved.requestId ? t('mobileGrid.savedWithRequest', { refNo: saved.requestRefNo }) : t('mobileGrid.saved')}
          subTitle={
            <>
              <div>{dayjs(saved.visitedAt).format('YYYY-MM-DD HH:mm')}</div>
              <div className="gz-mg-pre">{saved.notes}</div>
              {saved.pointsAwarded > 0 && <div>{t('mobileGrid.pointsEarned', { n: saved.pointsAwarded })}</div>}
            </>
          }
          extra={[
            saved.requestId && (
              <Link key="req" to={`/m/requests/${saved.requestId}`} id="mg-visit-request">
                <Button type="primary" size="large" block>
                  {t('mobileGrid.viewRequest')}
                </Button>
              </Link>
            ),
            <Button
              key="again"
              size="large"
              block
              onClick={() => {
                setSaved(null);
                form.resetFields();
              }}
            >
              {t('mobileGrid.again')}
            </Button>,
          ]}
        />
      </section>
    );
  }

  const submit = (v: Values) => {
    log.mutate(
      {
        householdId: household.household.householdId,
        visitedAt: dayjs(v.visitedAt, LOCAL).toISOString(),
        notes: v.notes.trim(),
        concern: v.concern && v.categoryId ? { categoryId: v.categoryId, description: (v.description ?? '').trim(), personId: v.personId } : undefined,
      },
      { onSuccess: (r) => setSaved(r) },
    );
  };

  return (
    <section className="gz-m-card" id="mg-visit-form">
      <div className="gz-m-card-title">{t('mobileGrid.logVisit')}</div>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        className="gz-mr-form gz-mg-form"
        initialValues={{ visitedAt: now.format(LOCAL), notes: '', concern: false, personId: household.members[0]?.personId }}
        onFinish={submit}
      >
        <Form.Item
          name="visitedAt"
          label={t('mobileGrid.visitedAt')}
          rules={[
            { required: true, message: t('mobileGrid.visitedAtRequired') },
            {
              validator: async (_, v: string) => {
                const at = dayjs(v, LOCAL);
                if (v && (at.isAfter(dayjs().add(1, 'minute')) || at.isBefore(dayjs().subtract(VISIT_WINDOW_DAYS, 'day')))) throw new Error(t('mobileGrid.visitedAtRange'));
              },
            },
          ]}
        >
          <Input type="datetime-local" size="large" id="mg-visited-at" max={now.format(LOCAL)} min={now.subtract(VISIT_WINDOW_DAYS, 'day').format(LOCAL)} />
        </Form.Item>
        <Form.Item name="notes" label={t('mobileGrid.notes')} rules={[{ required: true, whitespace: true, message: t('mobileGrid.notesRequired') }]}>
          <Input.TextArea id="mg-notes" rows={3} maxLength={2000} showCount placeholder={t('mobileGrid.notesPlaceholder')} />
        </Form.Item>
        <div className="gz-mg-concern">
          <label htmlFor="mg-concern">{t('mobileGrid.concern')}</label>
          <Form.Item name="concern" valuePropName="checked" noStyle>
            <Switch id="mg-concern" />
          </Form.Item>
        </div>
        {concern && <p className="gz-m-note gz-mg-concern-hint">{t('mobileGrid.concernHint')}</p>}
        {concern && (
          <>
            <Form.Item name="categoryId" label={t('mobileGrid.category')} rules={[{ required: true, message: t('mobileGrid.categoryRequired') }]}>
              <CategoryGrid placeId={household.household.unitId} />
            </Form.Item>
            <Form.Item name="description" label={t('mobileGrid.description')} rules={[{ required: true, whitespace: true, message: t('mobileGrid.descriptionRequired') }]}>
              <Input.TextArea id="mg-description" rows={3} maxLength={2000} showCount placeholder={t('mobileGrid.descriptionPlaceholder')} />
            </Form.Item>
            <Form.Item name="personId" label={t('mobileGrid.resident')} rules={[{ required: true, message: t('mobileGrid.residentRequired') }]}>
              <Radio.Group className="gz-mg-people" id="mg-person">
                {household.members.map((m) => (
                  <Radio key={m.personId} value={m.personId} className="gz-mg-person">
                    <span className="gz-mg-person-name">{m.name}</span>
                    <span className="gz-mg-relation">{t(`common.relations.${m.relation}`, { defaultValue: m.relation })}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          </>
        )}
        {log.isError && <Alert type="error" showIcon title={errorText(log.error)} className="gz-mr-gap" />}
        <Button type="primary" htmlType="submit" size="large" block loading={log.isPending} className="gz-mr-submit" id="mg-save">
          {t('mobileGrid.save')}
        </Button>
      </Form>
    </section>
  );
}
