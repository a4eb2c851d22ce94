// Small display pieces shared by the request pages: the state tag, time left or overdue, the
// category name in the chosen language, a unit's name with its kind.
import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RequestState, RequestSummaryT, UnitT } from './api';

export const STATE_COLORS: Record<RequestState, string> = {
  submitted: 'gold',
  accepted: 'cyan',
  in_progress: 'blue',
  deferred: 'purple',
  escalated: 'volcano',
  resolved: 'green',
  closed: 'default',
  declined: 'magenta',
};

export function StateTag({ state }: { state: RequestState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} className="gz-state-tag" data-state={state}>
      {t(`requests.states.${state}`)}
    </Tag>
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span as "2天3小时" / "3h 20m", to the minute, coarser as it grows. */
export function formatSpan(t: TFunction, ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (d > 0) return h > 0 ? t('requests.dur.dh', { d, h }) : t('requests.dur.d', { d });
  if (h > 0) return m > 0 ? t('requests.dur.hm', { h, m }) : t('requests.dur.h', { h });
  return t('requests.dur.m', { m: Math.max(m, 1) });
}

const FINISHED: RequestState[] = ['resolved', 'closed', 'declined'];

export function isFinished(state: RequestState): boolean {
  return FINISHED.includes(state);
}

/** The deadline that matters now: accept by (not yet accepted), else resolve by. */
export function DeadlineCell({ r, now }: { r: RequestSummaryT; now: number }) {
  const { t } = useTranslation();
  if (isFinished(r.state)) return <Typography.Text type="secondary">—</Typography.Text>;
  if (r.state === 'deferred') return <Tag color="purple">{t('requests.paused')}</Tag>;
  const due = r.state === 'submitted' || r.state === 'escalated' ? r.acceptDueAt : r.resolveDueAt;
  if (!due) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = new Date(due).getTime() - now;
  if (r.overdue || left < 0) {
    return (
      <Typography.Text type="danger" strong className="gz-overdue">
        {left < 0 ? t('requests.overdueBy', { time: formatSpan(t, left) }) : t('requests.overdue')}
      </Typography.Text>
    );
  }
  return <span className={left < 2 * HOUR ? 'gz-due-soon' : undefined}>{t('requests.left', { time: formatSpan(t, left) })}</span>;
}

export function useCategoryName(): (c: { categoryZh?: string; categoryEn?: string; nameZh?: string; nameEn?: string }) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (c) => (en ? (c.categoryEn ?? c.nameEn ?? '') : (c.categoryZh ?? c.nameZh ?? ''));
}

/** A handling unit: its name, and its kind when the name does not say it. */
export function UnitName({ unit }: { unit: UnitT }) {
  const { t } = useTranslation();
  return (
    <span className="gz-unit">
      {unit.name}
      <Tag bordered={false} className="gz-unit-kind">
        {t(`requests.ownerKinds.${unit.kind}`)}
      </Tag>
    </span>
  );
}
