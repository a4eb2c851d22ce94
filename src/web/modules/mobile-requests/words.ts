// Plain words for a request on the phone: its state colour, a time span, the deadline sentence and
// what each timeline event says.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { RequestDetail, RequestEvent, RequestState, RequestSummary } from './api';

export const STATE_COLOR: Record<RequestState, string> = {
  submitted: 'orange',
  accepted: 'blue',
  in_progress: 'processing',
  deferred: 'default',
  escalated: 'purple',
  resolved: 'green',
  closed: 'default',
  declined: 'red',
};

/** The state as the requester reads it: a resolved request they have not rated waits for them. */
export function stateWords(t: TFunction, r: Pick<RequestSummary, 'state' | 'rating'>): string {
  if (r.state === 'resolved' && !r.rating) return `${t('mreq.states.resolved')} · ${t('mreq.toRate')}`;
  return t(`mreq.states.${r.state}`);
}

/** 3 天 4 小时 / 5 小时 20 分钟 / 12 分钟 */
export function spanWords(t: TFunction, ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? t('mreq.span.days', { d, h }) : t('mreq.span.day', { d });
  if (h > 0) return t('mreq.span.hours', { h, m });
  return t('mreq.span.minutes', { m });
}

export const timeText = (t: TFunction, v: Date | string | null | undefined): string => (v ? dayjs(v).format(t('mreq.timeFormat')) : '—');

export interface DeadlineLine {
  text: string;
  tone: 'normal' | 'late' | 'done' | 'paused';
}

/** The deadline of a request in one sentence, or two when time is left or lost. */
export function deadlineLines(t: TFunction, r: RequestDetail, now = Date.now()): DeadlineLine[] {
  const c = r.clock;
  switch (r.state) {
    case 'resolved':
      return [{ text: t('mreq.deadline.resolved', { time: timeText(t, r.resolvedAt) }), tone: 'done' }];
    case 'closed':
      return [{ text: t('mreq.deadline.closed', { time: timeText(t, r.closedAt) }), tone: 'done' }];
    case 'declined':
      return [{ text: t('mreq.deadline.declined'), tone: 'done' }];
    case 'deferred':
      return [
        {
          text: c.resolveRemainingMs !== null ? t('mreq.deadline.paused', { span: spanWords(t, c.resolveRemainingMs) }) : t('mreq.deadline.pausedNoSpan'),
          tone: 'paused',
        },
      ];
    default:
      break;
  }
  const out: DeadlineLine[] = [];
  if (!r.acceptedAt) {
    const left = new Date(c.acceptDueAt).getTime() - now;
    const time = timeText(t, c.acceptDueAt);
    out.push(left < 0 ? { text: t('mreq.deadline.acceptLate', { time, span: spanWords(t, left) }), tone: 'late' } : { text: t('mreq.deadline.accept', { time }), tone: 'normal' });
  }
  if (c.resolveDueAt) {
    const left = new Date(c.resolveDueAt).getTime() - now;
    const args = { time: timeText(t, c.resolveDueAt), span: spanWords(t, left) };
    out.push(left < 0 ? { text: t('mreq.deadline.resolveLate', args), tone: 'late' } : { text: t('mreq.deadline.resolveLeft', args), tone: 'normal' });
  }
  return out;
}

/** What one timeline event says, e.g. 「转交 阳光社区 办理」. */
export function eventWords(t: TFunction, e: RequestEvent): string {
  const data = (e.data ?? {}) as { to?: { name?: string }; unit?: { name?: string }; method?: string; rating?: string; onBehalf?: boolean };
  switch (e.type) {
    case 'submitted':
      return data.onBehalf ? t('mreq.events.submittedOnBehalf') : t('mreq.events.submitted');
    case 'contact':
      return t('mreq.events.contact', { method: t(`mreq.methods.${data.method ?? 'phone'}`, { defaultValue: data.method ?? '' }) });
    case 'escalate':
      return data.to?.name ? t('mreq.events.escalate', { name: data.to.name }) : t('mreq.events.escalateUp');
    case 'transfer':
      return t('mreq.events.transfer', { name: data.to?.name ?? '' });
    case 'cohandler':
      return t('mreq.events.cohandler', { name: data.unit?.name ?? '' });
    case 'rate':
      return t('mreq.events.rate', { rating: t(`mreq.ratings.${data.rating ?? 'satisfied'}`) });
    case 'reply':
      return e.actorRole === 'requester' ? t('mreq.events.replyRequester') : t('mreq.events.reply');
    case 'accept':
    case 'start':
    case 'defer':
    case 'resume':
    case 'decline':
    case 'resolve':
    case 'reopen':
    case 'close':
    case 'note':
    case 'followup':
      return t(`mreq.events.${e.type}`);
    default:
      return t('mreq.events.other', { type: e.type });
  }
}
