// 联名提议: the petitions of the estates where I own a home, each with its progress toward 20 % of
// the area and of the owners, whether I signed and a sign button; and starting a new one.
import { useState } from 'react';
import { App as AntApp, Button, Drawer, Empty, Form, Input, Segmented, Skeleton } from 'antd';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorResult, useErrorText } from '../../app/errors';
import { useMyPetitions, useOpenPetition } from './api';
import { PetitionProgress, PetitionState, SignButton } from './petition-parts';
import './mobile-assemblies.css';

function NewPetition({ estates, open, onClose }: { estates: { id: number; name: string }[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const create = useOpenPetition();
  const [form] = Form.useForm<{ estateId: number; title: string; reason: string }>();
  const submit = (v: { estateId: number; title: string; reason: string }) =>
    modal.confirm({
      title: t('masm.newConfirm'),
      content: t('masm.newConfirmText'),
      okText: t('masm.newSubmit'),
      cancelText: t('masm.cancel'),
      okButtonProps: { size: 'large', id: 'm-new-ok' },
      cancelButtonProps: { size: 'large' },
      className: 'gz-ma-modal',
      onOk: () =>
        create.mutateAsync({ estateId: v.estateId, title: v.title.trim(), reason: v.reason.trim() }).then(
          (r) => {
            message.success(t('masm.newDone'));
            form.resetFields();
            onClose();
            navigate(`/m/petitions/${r.id}`);
          },
          (e: unknown) => {
            message.error(errorText(e));
          },
        ),
    });
  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="large" title={t('masm.startPetition')} className="gz-mr-drawer gz-ma-drawer" destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ estateId: estates[0]?.id }} requiredMark={false} className="gz-ma-form">
        {estates.length > 1 ? (
          <Form.Item name="estateId" label={t('masm.estate')}>
            <Segmented block size="large" options={estates.map((e) => ({ label: e.name, value: e.id }))} />
          </Form.Item>
        ) : (
          <Form.Item name="estateId" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('masm.newTitle')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('masm.newTitleRequired') }]}>
          <Input size="large" placeholder={t('masm.newTitlePlaceholder')} maxLength={100} id="m-new-title" />
        </Form.Item>
        <Form.Item name="reason" label={t('masm.newReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('masm.newReasonRequired') }]}>
          <Input.TextArea rows={5} placeholder={t('masm.newReasonPlaceholder')} maxLength={2000} showCount id="m-new-reason" />
        </Form.Item>
        <Button type="primary" size="large" block htmlType="submit" loading={create.isPending} className="gz-ma-cta" id="m-new-submit">
          {t('masm.newSubmit')}
        </Button>
      </Form>
    </Drawer>
  );
}

export default function MobilePetitions() {
  const { t } = useTranslation();
  const q = useMyPetitions();
  const [creating, setCreating] = useState(false);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 8 }} />;
  const { estates, items } = q.data;

  return (
    <div className="gz-m-page gz-ma-page">
      <p className="gz-ma-intro">{t('masm.petitionsIntro')}</p>
      {items.length === 0 ? (
        <section className="gz-m-card">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<div className="gz-m-card-title gz-m-empty-title">{t('masm.petitionsEmpty')}</div>} />
        </section>
      ) : (
        <ul className="gz-ma-cards">
          {items.map((p) => (
            <li key={p.id} className="gz-ma-card" data-petition-id={p.id}>
              <Link to={`/m/petitions/${p.id}`} className="gz-ma-card-link">
                <span className="gz-ma-card-head">
                  <span className="gz-ma-card-title">{p.title}</span>
                  <RightOutlined className="gz-m-row-arrow" />
                </span>
                <span className="gz-ma-card-sub">{p.estateName}</span>
                <PetitionState p={p} />
              </Link>
              <PetitionProgress totals={p.totals} />
              <SignButton p={p} />
            </li>
          ))}
        </ul>
      )}
      {estates.length > 0 && (
        <Button size="large" block icon={<PlusOutlined />} className="gz-ma-cta" onClick={() => setCreating(true)} id="m-new-petition">
          {t('masm.startPetition')}
        </Button>
      )}
      <NewPetition estates={estates} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
