// The dialogs of the assembly console that save a small form (a matter, the election, a candidate,
// the party review, a roll correction, a delivery record): a modal whose OK submits the form, with
// the save's error above it.
import type { ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/errors';

/** What the dialog needs of the save (a TanStack mutation fits). */
export interface DialogSave<V> {
  mutate: (v: V) => void;
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

export function FormDialog<V>({
  form,
  save,
  title,
  okId,
  okText,
  width,
  initialValues,
  hint,
  errorId,
  above,
  children,
  onClose,
}: {
  form: FormInstance<V>;
  save: DialogSave<V>;
  title: ReactNode;
  /** id of the OK button (the journeys click it) */
  okId: string;
  /** defaults to 保存 / Save */
  okText?: string;
  width?: number;
  initialValues?: Partial<V>;
  /** a line of explanation above the error */
  hint?: ReactNode;
  errorId?: string;
  /** anything between the error and the form */
  above?: ReactNode;
  children: ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Modal
      open
      width={width}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('common.save')}
      okButtonProps={{ id: okId }}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {hint}
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} id={errorId} />}
      {above}
      <Form<V> form={form} layout="vertical" requiredMark={false} initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        {children}
      </Form>
    </Modal>
  );
}
