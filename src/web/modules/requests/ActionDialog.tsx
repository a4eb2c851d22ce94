// One action on a request in a small modal: the fields that action needs (a reason, the
// resolution, a unit, the contact method, a rating or a follow-up result), sent with the version
// the page was showing so a change made meanwhile is refused rather than overwritten.
import { Alert, Checkbox, Form, Input, Modal, Radio, Select, App as AntApp } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../app/errors';
import {
  act,
  FOLLOWUP_LIST,
  RATING_LIST,
  REASON_LIST,
  requestKeys,
  useTargets,
  type ActionBodyT,
  type ActionName,
  type FollowupResult,
  type Rating,
  type RatingReason,
  type RequestDetailT,
  type UnitT,
} from './api';
import { PhotoUpload } from './Photos';

type TextRule = 'reason' | 'resolution' | 'required' | 'optional';

/** What each action asks for. */
const NEEDS: Record<ActionName, { text: TextRule; target?: 'required' | 'optional'; photos?: boolean }> = {
  accept: { text: 'optional' },
  start: { text: 'optional' },
  contact: { text: 'optional' },
  defer: { text: 'reason' },
  resume: { text: 'optional' },
  escalate: { text: 'reason', target: 'optional' },
  transfer: { text: 'reason', target: 'required' },
  decline: { text: 'reason' },
  resolve: { text: 'resolution', photos: true },
  reopen: { text: 'reason', photos: true },
  close: { text: 'optional' },
  reply: { text: 'required', photos: true },
  note: { text: 'required' },
  cohandler: { text: 'optional', target: 'required' },
  rate: { text: 'optional' },
  followup: { text: 'optional' },
};

interface Values {
  text?: string;
  target?: string;
  method?: 'phone' | 'visit' | 'message';
  rating?: Rating;
  reasons?: RatingReason[];
  result?: FollowupResult;
  photoIds?: number[];
}

const unitKey = (u: { kind: string; orgId?: number | null }) => `${u.kind}:${u.orgId ?? ''}`;

function toTarget(key: string): { kind: UnitT['kind']; orgId?: number } {
  const [kind, org] = key.split(':');
  return { kind: kind as UnitT['kind'], orgId: org ? Number(org) : undefined };
}

function bodyOf(action: ActionName, v: Values, version: number): ActionBodyT {
  const text = v.text?.trim() || undefined;
  const photoIds = v.photoIds?.length ? v.photoIds : undefined;
  switch (action) {
    case 'contact':
      return { action, version, method: v.method!, text };
    case 'defer':
    case 'decline':
      return { action, version, text: text ?? '' };
    case 'escalate':
      return { action, version, text: text ?? '', target: v.target ? toTarget(v.target) : undefined };
    case 'transfer':
      return { action, version, text: text ?? '', target: toTarget(v.target!) };
    case 'resolve':
    case 'reopen':
    case 'reply':
      return { action, version, text: text ?? '', photoIds };
    case 'note':
      return { action, version, text: text ?? '' };
    case 'cohandler':
      return { action, version, target: toTarget(v.target!), text };
    case 'rate':
      return { action, version, rating: v.rating!, reasons: v.rating === 'unsatisfied' ? v.reasons : undefined, text };
    case 'followup':
      return { action, version, result: v.result!, text };
    default:
      return { action, version, text };
  }
}

export function ActionDialog({ request, action, onClose }: { request: RequestDetailT; action: ActionName; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const needs = NEEDS[action];
  const targets = useTargets(request.id, !!needs.target);
  const rating = Form.useWatch('rating', form);

  const run = useMutation({
    mutationFn: (v: Values) => act(request.id, bodyOf(action, v, request.version)),
    onSuccess: async (next) => {
      qc.setQueryData(requestKeys.detail(request.id), next);
      message.success(t(`requests.done.${action}`));
      onClose();
      await Promise.all([qc.invalidateQueries({ queryKey: requestKeys.lists }), qc.invalidateQueries({ queryKey: ['requests', 'count'] }), qc.invalidateQueries({ queryKey: requestKeys.stats })]);
    },
    onError: (e) => {
      // the request moved on under us: show the error and the request as it is now
      if (e instanceof ApiError && (e.status === 409 || e.code === 'CONFLICT')) void qc.invalidateQueries({ queryKey: requestKeys.detail(request.id) });
    },
  });

  const owner = unitKey(request.owner);
  const taken = new Set([owner, ...(action === 'cohandler' ? request.cohandlers.map(unitKey) : [])]);
  const targetOptions = (targets.data ?? [])
    .filter((u) => !taken.has(unitKey(u)))
    .map((u) => ({ value: unitKey(u), label: `${u.name}（${t(`requests.ownerKinds.${u.kind}`)}）` }));

  const textLabel =
    needs.text === 'reason'
      ? t('requests.form.reason')
      : needs.text === 'resolution'
        ? t('requests.form.resolution')
        : action === 'reply'
          ? t('requests.form.reply')
          : action === 'note'
            ? t('requests.form.note')
            : t('requests.form.optional');
  const minTwo = (msg: string) => ({ validator: (_: unknown, v?: string) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(msg))) });
  const textRules =
    needs.text === 'reason'
      ? [minTwo(t('requests.form.reasonRequired'))]
      : needs.text === 'resolution'
        ? [minTwo(t('requests.form.resolutionRequired'))]
        : needs.text === 'required'
          ? [{ required: true, whitespace: true, message: t('requests.form.textRequired') }]
          : [];

  return (
    <Modal
      open
      width={560}
      title={`${t(`requests.actions.${action}`)} · ${request.refNo}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`requests.actions.${action}`)}
      okButtonProps={{ id: 'action-submit', danger: action === 'decline' }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      {run.isError && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginBottom: 12 }} id="action-error" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => run.mutate(v)}>
        {needs.target && (
          <Form.Item
            name="target"
            label={action === 'transfer' ? t('requests.form.target') : action === 'escalate' ? t('requests.form.escalateTarget') : t('requests.form.cohandlerTarget')}
            extra={action === 'escalate' ? t('requests.form.escalateDefault') : undefined}
            rules={needs.target === 'required' ? [{ required: true, message: t('requests.form.targetRequired') }] : []}
          >
            <Select id="action-target" allowClear={needs.target === 'optional'} loading={targets.isLoading} options={targetOptions} />
          </Form.Item>
        )}
        {action === 'contact' && (
          <Form.Item name="method" label={t('requests.form.method')} rules={[{ required: true, message: t('requests.form.methodRequired') }]}>
            <Radio.Group id="action-method" options={(['phone', 'visit', 'message'] as const).map((m) => ({ value: m, label: t(`requests.methods.${m}`) }))} />
          </Form.Item>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="rating" label={t('requests.form.rating')} rules={[{ required: true, message: t('requests.form.ratingRequired') }]}>
              <Radio.Group id="action-rating" options={RATING_LIST.map((r) => ({ value: r, label: t(`requests.ratings.${r}`) }))} />
            </Form.Item>
            {rating === 'unsatisfied' && (
              <Form.Item name="reasons" label={t('requests.form.reasons')} rules={[{ required: true, type: 'array', min: 1, message: t('requests.form.reasonsRequired') }]}>
                <Checkbox.Group options={REASON_LIST.map((r) => ({ value: r, label: t(`requests.ratingReasons.${r}`) }))} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'followup' && (
          <Form.Item name="result" label={t('requests.form.result')} rules={[{ required: true, message: t('requests.form.resultRequired') }]}>
            <Radio.Group id="action-result" options={FOLLOWUP_LIST.map((r) => ({ value: r, label: t(`requests.followupResults.${r}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="text" label={textLabel} rules={[...textRules, { max: action === 'rate' ? 500 : 2000 }]}>
          <Input.TextArea id="action-text" rows={action === 'accept' || action === 'start' || action === 'close' || action === 'resume' ? 2 : 4} showCount maxLength={action === 'rate' ? 500 : 2000} />
        </Form.Item>
        {needs.photos && (
          <Form.Item name="photoIds" label={t('requests.form.photos')}>
            <PhotoUpload />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
