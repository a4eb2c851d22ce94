// 代为登记: staff file a request for a resident who phoned or came in (POST /requests with onBehalf).
import { Alert, Button, Drawer, Form, Input, Select, Space, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { useScope } from '../../app/console/scope';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { requestKeys, useCategoriesAt, type RequestDetailT } from './api';
import { useCategoryName } from './labels';
import { PhotoUpload } from './Photos';

interface IntakeValues {
  placeId: number;
  categoryId: number;
  title?: string;
  description: string;
  locationNote?: string;
  name: string;
  phone: string;
  photoIds?: number[];
}

const FILE_KINDS = ['community', 'estate', 'building', 'entrance', 'unit'];

export function IntakeDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const categoryName = useCategoryName();
  // a scope narrow enough to file on (a community or an estate) is the first guess for the place
  const scope = useScope().view?.place;
  const scopePlace = scope && FILE_KINDS.includes(scope.kind) ? scope : undefined;
  const [form] = Form.useForm<IntakeValues>();
  const placeId = Form.useWatch('placeId', form);
  const categoryId = Form.useWatch('categoryId', form);
  const categories = useCategoriesAt(placeId);
  const chosen = categories.data?.find((c) => c.id === categoryId);

  const create = useMutation({
    mutationFn: (v: IntakeValues) =>
      api<RequestDetailT>('/requests', {
        method: 'POST',
        body: {
          placeId: v.placeId,
          categoryId: v.categoryId,
          title: v.title?.trim() || undefined,
          description: v.description.trim(),
          locationNote: v.locationNote?.trim() || undefined,
          photoIds: v.photoIds?.length ? v.photoIds : undefined,
          onBehalf: { name: v.name.trim(), phone: v.phone.trim() },
        },
      }),
    onSuccess: async (r) => {
      message.success(t('requests.intake.done', { refNo: r.refNo }));
      await qc.invalidateQueries({ queryKey: requestKeys.all });
      form.resetFields();
      onClose();
      navigate(`/requests/${r.id}${window.location.search}`);
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={t('requests.intake.title')}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button id="intake-submit" type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('requests.intake.submit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('requests.intake.hint')}</Typography.Paragraph>
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ placeId: scopePlace?.id }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="placeId" label={t('requests.intake.place')} extra={t('requests.intake.placeHint')} rules={[{ required: true, message: t('requests.intake.placeRequired') }]}>
          <PlaceTreeSelect
            id="intake-place"
            maxKind="unit"
            selectableKinds={FILE_KINDS}
            valueLabel={placeId === scopePlace?.id ? scopePlace?.name : undefined}
            placeholder={t('requests.intake.placeHint')}
            onChange={() => form.setFieldValue('categoryId', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t('requests.intake.category')}
          rules={[{ required: true, message: t('requests.intake.categoryRequired') }]}
          extra={chosen ? t('requests.intake.routeTo', { unit: t(`requests.ownerKinds.${chosen.routeTo}`), cls: t(`requests.classes.${chosen.deadlineClass}`) }) : undefined}
        >
          <Select
            id="intake-category"
            disabled={!placeId}
            loading={categories.isFetching}
            placeholder={placeId ? undefined : t('requests.intake.categoryFirst')}
            showSearch={{ optionFilterProp: 'label' }}
            options={(categories.data ?? []).map((c) => ({ value: c.id, label: categoryName(c) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('requests.intake.titleField')} extra={t('requests.intake.titleHint')} rules={[{ max: 100 }]}>
          <Input id="intake-title" />
        </Form.Item>
        <Form.Item name="description" label={t('requests.intake.description')} rules={[{ required: true, whitespace: true, message: t('requests.intake.descriptionRequired') }, { max: 2000 }]}>
          <Input.TextArea id="intake-description" rows={4} showCount maxLength={2000} />
        </Form.Item>
        <Form.Item name="locationNote" label={t('requests.intake.locationNote')} rules={[{ max: 200 }]}>
          <Input id="intake-location" placeholder={t('requests.intake.locationPlaceholder')} />
        </Form.Item>
        <div className="gz-form-pair">
          <Form.Item name="name" label={t('requests.intake.requesterName')} rules={[{ required: true, whitespace: true, message: t('requests.intake.requesterNameRequired') }, { max: 50 }]}>
            <Input id="intake-name" autoComplete="off" />
          </Form.Item>
          <Form.Item name="phone" label={t('requests.intake.requesterPhone')} rules={[{ required: true, pattern: /^[0-9+\- ]{5,20}$/, message: t('requests.intake.requesterPhoneRule') }]}>
            <Input id="intake-phone" inputMode="tel" autoComplete="off" />
          </Form.Item>
        </div>
        <Form.Item name="photoIds" label={t('requests.intake.photos')}>
          <PhotoUpload />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
