// The deadline clock of one request: accept by, contact by, resolve by, each as time left, overdue,
// paused (deferred) or done, with the outcome the three rates count.
import type { ReactNode } from 'react';
import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { RequestDetailT } from './api';
import { formatSpan, isFinished } from './labels';

function Countdown({ due, now }: { due: string | Date; now: number }) {
  const { t } = useTranslation();
  const left = new Date(due).getTime() - now;
  return (
    <Space size={4} orientation="vertical">
      {left < 0 ? (
        <Typography.Text type="danger" strong>
          {t('requests.overdueBy', { time: formatSpan(t, left) })}
        </Typography.Text>
      ) : (
        <Typography.Text strong>{t('requests.left', { time: formatSpan(t, left) })}</Typography.Text>
      )}
      <Typography.Text type="secondary" className="gz-small">
        {formatDateTime(due)}
      </Typography.Text>
    </Space>
  );
}

function Done({ at, outcome }: { at: string | Date | null; outcome?: string | null }) {
  const { t } = useTranslation();
  return (
    <Space size={6} wrap>
      {at && <span>{t('requests.detail.doneAt', { time: formatDateTime(at) })}</span>}
      {outcome && <Tag color={outcome === 'in_time' ? 'green' : 'red'}>{t(`requests.outcomes.${outcome}`)}</Tag>}
    </Space>
  );
}

export function RequestClock({ r, now }: { r: RequestDetailT; now: number }) {
  const { t } = useTranslation();
  const c = r.clock;
  const finished = isFinished(r.state);

  let accept: ReactNode;
  if (r.acceptedAt) accept = <Done at={r.acceptedAt} outcome={r.contactedAt ? undefined : c.responseOutcome} />;
  else if (finished) accept = <Typography.Text type="secondary">—</Typography.Text>;
  else accept = <Countdown due={c.acceptDueAt} now={now} />;

  let contact: ReactNode;
  if (r.contactedAt) contact = <Done at={r.contactedAt} outcome={c.responseOutcome} />;
  else if (c.contactDueAt && !finished) contact = <Countdown due={c.contactDueAt} now={now} />;
  else contact = <Typography.Text type="secondary">{finished ? '—' : t('requests.detail.notYet')}</Typography.Text>;

  let resolve: ReactNode;
  if (finished) resolve = <Done at={r.resolvedAt ?? r.closedAt} outcome={c.resolutionOutcome} />;
  else if (c.paused)
    resolve = (
      <Space size={6}>
        <Tag color="purple">{t('requests.paused')}</Tag>
        {c.resolveRemainingMs !== null && <span>{t('requests.left', { time: formatSpan(t, c.resolveRemainingMs) })}</span>}
      </Space>
    );
  else if (c.resolveDueAt) resolve = <Countdown due={c.resolveDueAt} now={now} />;
  else resolve = <Typography.Text type="secondary">—</Typography.Text>;

  return (
    <Descriptions
      size="small"
      column={1}
      className="gz-clock"
      items={[
        { key: 'accept', label: t('requests.detail.acceptDue'), children: accept },
        { key: 'contact', label: t('requests.detail.contactDue'), children: contact },
        { key: 'resolve', label: t('requests.detail.resolveDue'), children: resolve },
      ]}
    />
  );
}
