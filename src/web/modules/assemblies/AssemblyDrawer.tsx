// 新建 / 编辑业主大会: the estate (new only), title, kind, organiser, the voting period in Beijing
// time with the notice the estate's settings require, and the notice text. Opened from a petition
// it is an extraordinary meeting tied to that petition.
import { useEffect } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, Select, Space, Typography, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { useCan } from '../../app/permissions';
import { useScope } from '../../app/console/scope';
import { PlaceTreeSelect } from '../places/PlaceTreeSelect';
import { asmKeys, KIND_LIST, ORGANISER_LIST, useAssemblySettings, type AssemblyCreate, type AssemblyDetail, type AssemblyKind, type OrganiserKind } from './api';
import { beijing, fromPicker, toPicker } from './figures';

interface Values {
  estateId: number;
  title: string;
  kind: AssemblyKind;
  organiserKind: OrganiserKind;
  organiserName: string;
  period: [Dayjs, Dayjs];
  notice?: string;
}

export interface DrawerPreset {
  estateId?: number;
  estateName?: string;
  kind?: AssemblyKind;
  petitionId?: number;
  title?: string;
}

const DEFAULT_NOTICE_DAYS = 15;

export function AssemblyDrawer({ open, onClose, editing, preset }: { open: boolean; onClose: () => void; editing?: AssemblyDetail; preset?: DrawerPreset }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const { link, view } = useScope();
  const canConfigure = useCan('assemblies.configure');
  const [form] = Form.useForm<Values>();
  const estateId = Form.useWatch('estateId', form) ?? editing?.estateId;
  const settings = useAssemblySettings(estateId, canConfigure && open);
  const noticeDays = settings.data?.effective.noticeDays;
  const scopeEstate = view?.place.kind === 'estate' ? view.place : undefined;
  // an assembly stays on its estate; one convened from a petition is on the petition's estate
  const lockedEstate = editing ? editing.estateName : preset?.estateId ? (preset.estateName ?? `#${preset.estateId}`) : undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        estateId: editing.estateId,
        title: editing.title,
        kind: editing.kind as AssemblyKind,
        organiserKind: editing.organiserKind as OrganiserKind,
        organiserName: editing.organiserName,
        period: [toPicker(editing.votingOpensAt), toPicker(editing.votingClosesAt)],
        notice: editing.notice,
      });
    } else {
      form.setFieldsValue({
        estateId: preset?.estateId ?? scopeEstate?.id,
        kind: preset?.kind ?? 'regular',
        title: preset?.title,
        organiserKind: 'residents_committee',
      });
    }
  }, [open, editing, preset]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        title: v.title.trim(),
        kind: v.kind,
        organiserKind: v.organiserKind,
        organiserName: v.organiserName.trim(),
        notice: v.notice ?? '',
        votingOpensAt: fromPicker(v.period[0]),
        votingClosesAt: fromPicker(v.period[1]),
      };
      if (editing) return api<AssemblyDetail>(`/assemblies/${editing.id}`, { method: 'PATCH', body: { ...common, version: editing.version } });
      const body: AssemblyCreate = { ...common, estateId: v.estateId, petitionId: preset?.petitionId };
      return api<AssemblyDetail>('/assemblies', { method: 'POST', body });
    },
    onSuccess: async (a) => {
      qc.setQueryData(asmKeys.detail(a.id), a);
      message.success(editing ? t('asm.form.saved') : t('asm.form.created'));
      await qc.invalidateQueries({ queryKey: asmKeys.all });
      if (preset?.petitionId) await qc.invalidateQueries({ queryKey: ['petitions'] });
      onClose();
      if (!editing) navigate(link(`/assemblies/${a.id}`));
    },
  });

  // the earliest opening if announced today (the server checks again when announcing)
  const days = noticeDays ?? DEFAULT_NOTICE_DAYS;
  const earliest = dayjs().add(days, 'day').toISOString();

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={600}
      destroyOnHidden
      title={editing ? t('asm.form.editTitle') : preset?.petitionId ? t('asm.form.fromPetition') : t('asm.form.newTitle')}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button id="asm-form-submit" type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {editing ? t('common.save') : t('asm.form.create')}
          </Button>
        </Space>
      }
    >
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} id="asm-form-error" />}
      {preset?.petitionId && <Alert type="info" showIcon title={t('asm.form.petitionNote', { title: preset.title ?? '' })} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)}>
        {lockedEstate ? (
          <>
            <Form.Item name="estateId" hidden>
              <Input />
            </Form.Item>
            <Form.Item label={t('asm.form.estate')}>
              <Input id="asm-form-estate" value={lockedEstate} disabled />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="estateId" label={t('asm.form.estate')} rules={[{ required: true, message: t('asm.form.estateRequired') }]}>
            <PlaceTreeSelect
              id="asm-form-estate"
              maxKind="estate"
              selectableKinds={['estate']}
              valueLabel={estateId === scopeEstate?.id ? scopeEstate?.name : undefined}
              placeholder={t('asm.form.estateHint')}
            />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('asm.form.title')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('asm.form.titleRule') }]}>
          <Input id="asm-form-title" placeholder={t('asm.form.titlePlaceholder')} maxLength={100} />
        </Form.Item>
        <div className="gz-asm-pair">
          <Form.Item name="kind" label={t('asm.form.kind')} rules={[{ required: true }]}>
            <Select id="asm-form-kind" disabled={!!preset?.petitionId} options={KIND_LIST.map((k) => ({ value: k, label: t(`asm.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="organiserKind" label={t('asm.form.organiserKind')} rules={[{ required: true }]}>
            <Select id="asm-form-organiser-kind" options={ORGANISER_LIST.map((k) => ({ value: k, label: t(`asm.organisers.${k}`) }))} />
          </Form.Item>
        </div>
        <Form.Item name="organiserName" label={t('asm.form.organiserName')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('asm.form.organiserNameRule') }]}>
          <Input id="asm-form-organiser-name" placeholder={t('asm.form.organiserNamePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('asm.form.period')}
          extra={
            <Typography.Text type="secondary" className="gz-small" id="asm-form-notice-hint">
              {noticeDays !== undefined ? t('asm.form.noticeHint', { days, earliest: beijing(earliest) }) : t('asm.form.noticeHintDefault', { days, earliest: beijing(earliest) })}
            </Typography.Text>
          }
          rules={[
            { required: true, message: t('asm.form.periodRequired') },
            {
              validator: (_, v?: [Dayjs, Dayjs]) =>
                !v || v[1].isAfter(v[0]) ? (v && v[1].diff(v[0], 'day', true) > 90 ? Promise.reject(new Error(t('asm.form.periodTooLong'))) : Promise.resolve()) : Promise.reject(new Error(t('asm.form.periodOrder'))),
            },
          ]}
        >
          <DatePicker.RangePicker id="asm-form-period" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notice" label={t('asm.form.notice')} extra={t('asm.form.noticeExtra')} rules={[{ max: 20000 }]}>
          <Input.TextArea id="asm-form-notice" rows={8} showCount maxLength={20000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
