// Create a child, edit, move and retire a place; each write sends the version it was based on.
import { Alert, Form, Input, Modal, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Place } from '../../api/types';
import { useErrorText } from '../../app/errors';
import { childKind, parentKind, placeKeys } from './api';
import { PlaceTreeSelect } from './PlaceTreeSelect';

export type PlaceDialogKind = 'create' | 'edit' | 'move' | 'retire';

interface DialogProps {
  place: Place;
  onClose: () => void;
  /** Called after a successful write with the ids whose children changed. */
  onChanged: (parentIds: number[]) => void;
}

interface NameValues {
  name: string;
  code?: string;
}

/** After a version conflict, re-read the place so a retry carries the current version. */
function useRefreshOnConflict(placeId: number) {
  const qc = useQueryClient();
  return (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey: placeKeys.view(placeId) });
  };
}

function ErrorLine({ error }: { error: unknown }) {
  const text = useErrorText();
  return error ? <Alert type="error" showIcon title={text(error)} style={{ marginBottom: 12 }} /> : null;
}

export function CreateChildDialog({ place, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NameValues>();
  const kind = childKind(place.kind);
  const create = useMutation({
    mutationFn: (v: NameValues) => api<Place>('/places', { method: 'POST', body: { parentId: place.id, name: v.name.trim(), code: v.code?.trim() || undefined } }),
    onSuccess: (p) => {
      message.success(t('places.created', { name: p.name }));
      onChanged([place.id, place.parentId ?? place.id]);
      onClose();
    },
  });
  return (
    <Modal open title={t('places.createChild', { kind: t(`common.kinds.${kind}`) })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <ErrorLine error={create.error} />
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} requiredMark={false}>
        <NameCodeFields />
      </Form>
    </Modal>
  );
}

/** The name and code inputs shared by the create and rename dialogs. */
function NameCodeFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('places.name')} rules={[{ required: true, whitespace: true, message: t('places.nameRequired') }, { max: 100 }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="code" label={t('places.codeOptional')} rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
    </>
  );
}

export function EditPlaceDialog({ place, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NameValues>();
  const onError = useRefreshOnConflict(place.id);
  const edit = useMutation({
    onError,
    mutationFn: (v: NameValues) => api<Place>(`/places/${place.id}`, { method: 'PATCH', body: { version: place.version, name: v.name.trim(), code: v.code?.trim() ? v.code.trim() : null } }),
    onSuccess: () => {
      message.success(t('places.renamed'));
      onChanged([place.parentId ?? place.id]);
      onClose();
    },
  });
  return (
    <Modal open title={`${t('places.rename')} · ${place.name}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={edit.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <ErrorLine error={edit.error} />
      <Form form={form} layout="vertical" initialValues={{ name: place.name, code: place.code ?? '' }} onFinish={(v) => edit.mutate(v)} requiredMark={false}>
        <NameCodeFields />
      </Form>
    </Modal>
  );
}

export function MovePlaceDialog({ place, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ newParentId: number }>();
  const pk = parentKind(place.kind);
  const onError = useRefreshOnConflict(place.id);
  const move = useMutation({
    onError,
    mutationFn: (v: { newParentId: number }) => api<{ place: Place; nodesMoved: number }>(`/places/${place.id}/move`, { method: 'POST', body: { newParentId: v.newParentId, version: place.version } }),
    onSuccess: (r) => {
      message.success(t('places.moved', { n: r.nodesMoved }));
      onChanged([place.parentId ?? place.id, r.place.parentId ?? place.id]);
      onClose();
    },
  });
  return (
    <Modal open title={t('places.moveTitle', { name: place.name })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={move.isPending} okText={t('places.move')} cancelText={t('common.cancel')} destroyOnHidden>
      <ErrorLine error={move.error} />
      <Alert type="info" showIcon title={t('places.moveHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v)} requiredMark={false}>
        <Form.Item name="newParentId" label={t('places.moveTo', { kind: pk ? t(`common.kinds.${pk}`) : '' })} rules={[{ required: true, message: t('places.moveRequired') }]}>
          {pk && <PlaceTreeSelect maxKind={pk} selectableKinds={[pk]} excludeIds={place.parentId ? [place.parentId] : []} style={{ width: '100%' }} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RetirePlaceDialog({ place, onClose, onChanged }: DialogProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const onError = useRefreshOnConflict(place.id);
  const retire = useMutation({
    onError,
    mutationFn: (v: { reason: string }) => api<{ nodesRetired: number }>(`/places/${place.id}/retire`, { method: 'POST', body: { reason: v.reason.trim(), version: place.version } }),
    onSuccess: (r) => {
      message.success(t('places.retiredDone', { n: r.nodesRetired }));
      onChanged([place.parentId ?? place.id]);
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('places.retireTitle', { name: place.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={retire.isPending}
      okText={t('places.retire')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <ErrorLine error={retire.error} />
      <Alert type="warning" showIcon title={t('places.retireWarn')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => retire.mutate(v)} requiredMark={false}>
        <Form.Item name="reason" label={t('places.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('places.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} autoFocus showCount maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
