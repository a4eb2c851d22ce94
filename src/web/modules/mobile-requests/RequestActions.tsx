// What the requester may do on the phone, from the request's `actions`: rate (three big buttons;
// 不满意 asks which reasons), send it back to be redone, confirm it done, add information.
import { useState } from 'react';
import { App as AntApp, Button, Drawer, Input } from 'antd';
import { CheckOutlined, FrownOutlined, MehOutlined, MessageOutlined, RollbackOutlined, SmileOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { mreqKeys, REASONS, RATING_CHOICES, useAct, type Action, type Rating, type RatingReason, type RequestDetail } from './api';
import { PhotoPicker, usePhotoUploads } from './PhotoPicker';

const RATING_ICON: Record<Rating, React.ReactNode> = { satisfied: <SmileOutlined />, basic: <MehOutlined />, unsatisfied: <FrownOutlined /> };

/** Send an action with the version the page shows; on a conflict, reload and say so. */
function useSend(r: RequestDetail) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const act = useAct(r.id);
  const qc = useQueryClient();
  const send = async (body: Action, done: string): Promise<boolean> => {
    try {
      await act.mutateAsync({ ...body, version: r.version });
      message.success(done);
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'REQUEST_STATE_CONFLICT')) {
        message.warning(t('mreq.conflict'));
        void qc.invalidateQueries({ queryKey: mreqKeys.detail(r.id) });
      } else message.error(errorText(e));
      return false;
    }
  };
  return { send, pending: act.isPending };
}

export function RatePanel({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const { send, pending } = useSend(r);
  const [rating, setRating] = useState<Rating | null>(null);
  const [reasons, setReasons] = useState<RatingReason[]>([]);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const toggle = (x: RatingReason) => setReasons((list) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]));

  const submit = async () => {
    if (!rating) return;
    if (rating === 'unsatisfied' && reasons.length === 0) {
      setMissing(true);
      return;
    }
    await send({ action: 'rate', rating, ...(rating === 'unsatisfied' ? { reasons } : {}), ...(text.trim() ? { text: text.trim() } : {}) }, t('mreq.rated'));
  };

  return (
    <section className="gz-m-card gz-mr-rate" id="m-rate">
      <div className="gz-m-card-title">{t('mreq.rateTitle')}</div>
      <p className="gz-m-note">{t('mreq.rateHint')}</p>
      <div className="gz-mr-rate-choices" role="radiogroup" aria-label={t('mreq.rateTitle')}>
        {RATING_CHOICES.map((x) => (
          <button
            key={x}
            id={`rate-${x}`}
            type="button"
            role="radio"
            aria-checked={rating === x}
            className={`gz-mr-rate-choice ${x} ${rating === x ? 'active' : ''}`}
            onClick={() => {
              setRating(x);
              setMissing(false);
            }}
          >
            <span className="gz-mr-rate-icon">{RATING_ICON[x]}</span>
            <span>{t(`mreq.ratings.${x}`)}</span>
          </button>
        ))}
      </div>
      {rating === 'unsatisfied' && (
        <div className="gz-mr-reasons">
          <div className="gz-mr-reasons-title">{t('mreq.reasonsTitle')}</div>
          <div className="gz-mr-chips" role="group" aria-label={t('mreq.reasonsTitle')}>
            {REASONS.map((x) => (
              <button key={x} type="button" id={`reason-${x}`} aria-pressed={reasons.includes(x)} className={reasons.includes(x) ? 'gz-mr-chip active' : 'gz-mr-chip'} onClick={() => toggle(x)}>
                {reasons.includes(x) && <CheckOutlined />} {t(`mreq.reasons.${x}`)}
              </button>
            ))}
          </div>
          {missing && (
            <div className="gz-mr-error" role="alert">
              {t('mreq.reasonsRequired')}
            </div>
          )}
        </div>
      )}
      {rating && (
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
          maxLength={500}
          placeholder={`${t('mreq.comment')}（${t('mreq.commentPlaceholder')}）`}
          className="gz-mr-gap"
          size="large"
        />
      )}
      <Button id="rate-submit" type="primary" size="large" block disabled={!rating} loading={pending} onClick={() => void submit()} className="gz-mr-gap">
        {t('mreq.submitRating')}
      </Button>
    </section>
  );
}

function TextDrawer({
  open,
  title,
  hint,
  placeholder,
  minLength,
  required,
  withPhotos,
  pending,
  okText,
  onClose,
  onSend,
}: {
  open: boolean;
  title: string;
  hint?: string;
  placeholder: string;
  minLength: number;
  required: string;
  withPhotos: boolean;
  pending: boolean;
  okText: string;
  onClose: () => void;
  onSend: (text: string, photoIds: number[]) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const uploads = usePhotoUploads();
  const submit = async () => {
    if (text.trim().length < minLength) {
      setError(true);
      return;
    }
    if (uploads.busy) return;
    if (await onSend(text.trim(), uploads.ids)) {
      setText('');
      uploads.clear();
      onClose();
    }
  };
  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="auto" title={title} className="gz-mr-drawer">
      {hint && <p className="gz-m-note gz-mr-drawer-hint">{hint}</p>}
      <Input.TextArea
        id="m-action-text"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(false);
        }}
        rows={4}
        maxLength={2000}
        showCount
        size="large"
        placeholder={placeholder}
        status={error ? 'error' : undefined}
      />
      {error && (
        <div className="gz-mr-error" role="alert">
          {required}
        </div>
      )}
      {withPhotos && (
        <div className="gz-mr-gap">
          <PhotoPicker uploads={uploads} />
        </div>
      )}
      <Button id="m-action-send" type="primary" size="large" block loading={pending || uploads.busy} onClick={() => void submit()} className="gz-mr-gap">
        {okText}
      </Button>
      <Button size="large" block type="text" onClick={onClose} className="gz-mr-cancel">
        {t('common.cancel')}
      </Button>
    </Drawer>
  );
}

/** The buttons under a request: send back / confirm done when resolved, add information while open. */
export function RequestButtons({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const { send, pending } = useSend(r);
  const [drawer, setDrawer] = useState<'reply' | 'reopen' | null>(null);
  const has = (a: Action['action']) => r.actions.includes(a);
  if (!has('reply') && !has('reopen') && !has('close')) return null;

  return (
    <section className="gz-mr-buttons">
      {(has('reopen') || has('close')) && (
        <div className="gz-mr-button-row">
          {has('reopen') && (
            <Button id="m-action-reopen" size="large" danger icon={<RollbackOutlined />} onClick={() => setDrawer('reopen')}>
              {t('mreq.reopen')}
            </Button>
          )}
          {has('close') && (
            <Button
              id="m-action-close"
              size="large"
              icon={<CheckOutlined />}
              onClick={() =>
                modal.confirm({
                  title: t('mreq.closeConfirm'),
                  content: has('rate') ? t('mreq.closeConfirmText') : undefined,
                  okText: t('mreq.close'),
                  cancelText: t('common.cancel'),
                  onOk: () => send({ action: 'close' }, t('mreq.closed')),
                })
              }
            >
              {t('mreq.close')}
            </Button>
          )}
        </div>
      )}
      {has('reply') && (
        <Button id="m-action-reply" size="large" block icon={<MessageOutlined />} onClick={() => setDrawer('reply')}>
          {t('mreq.reply')}
        </Button>
      )}
      <TextDrawer
        open={drawer === 'reply'}
        title={t('mreq.replyTitle')}
        placeholder={t('mreq.replyPlaceholder')}
        minLength={1}
        required={t('mreq.replyRequired')}
        withPhotos
        pending={pending}
        okText={t('mreq.send')}
        onClose={() => setDrawer(null)}
        onSend={(text, photoIds) => send({ action: 'reply', text, ...(photoIds.length ? { photoIds } : {}) }, t('mreq.sent'))}
      />
      <TextDrawer
        open={drawer === 'reopen'}
        title={t('mreq.reopenTitle')}
        hint={t('mreq.reopenHint')}
        placeholder={t('mreq.reopenPlaceholder')}
        minLength={2}
        required={t('mreq.reopenRequired')}
        withPhotos
        pending={pending}
        okText={t('mreq.reopen')}
        onClose={() => setDrawer(null)}
        onSend={(text, photoIds) => send({ action: 'reopen', text, ...(photoIds.length ? { photoIds } : {}) }, t('mreq.reopened'))}
      />
    </section>
  );
}
