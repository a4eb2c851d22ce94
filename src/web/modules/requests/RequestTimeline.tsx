// The request's timeline: who did what in which capacity, the state it moved to, what they wrote,
// and the photos they attached. Internal notes are marked and set apart.
import { Tag, Timeline, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { EventT, RequestState } from './api';
import { StateTag } from './labels';
import { PhotoStrip } from './Photos';

const COLORS: Record<string, string> = {
  submitted: 'blue',
  resolve: 'green',
  close: 'gray',
  decline: 'red',
  overdue: 'red',
  reopen: 'orange',
  escalate: 'orange',
  transfer: 'orange',
  rate: 'green',
};

interface UnitRef {
  name?: string;
  kind?: string;
}

/** The extra facts an event carries in `data`, in words. */
function EventFacts({ e }: { e: EventT }) {
  const { t } = useTranslation();
  const data = (e.data ?? {}) as { method?: string; to?: UnitRef; unit?: UnitRef; rating?: string; reasons?: string[]; result?: string; channel?: string };
  const bits: string[] = [];
  if (e.type === 'submitted' && data.channel) bits.push(t(`requests.channels.${data.channel}`));
  if (e.type === 'contact' && data.method) bits.push(t(`requests.methods.${data.method}`));
  if ((e.type === 'transfer' || e.type === 'escalate') && data.to?.name) bits.push(`→ ${data.to.name}`);
  if (e.type === 'cohandler' && data.unit?.name) bits.push(data.unit.name);
  if (e.type === 'rate' && data.rating) {
    bits.push(t(`requests.ratings.${data.rating}`));
    for (const r of data.reasons ?? []) bits.push(t(`requests.ratingReasons.${r}`));
  }
  if (e.type === 'followup' && data.result) bits.push(t(`requests.followupResults.${data.result}`));
  if (!bits.length) return null;
  return <span className="gz-event-facts">{bits.join(' · ')}</span>;
}

export function RequestTimeline({ events }: { events: EventT[] }) {
  const { t } = useTranslation();
  const label = (type: string) => t(`requests.events.${type}`, { defaultValue: type });
  return (
    <Timeline
      className="gz-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.internal ? 'gray' : (COLORS[e.type] ?? 'blue'),
        icon: e.internal ? <LockOutlined className="gz-event-lock" /> : undefined,
        content: (
          <div className={e.internal ? 'gz-event gz-event-internal' : 'gz-event'} data-event-type={e.type}>
            <div className="gz-event-head">
              <Typography.Text strong>{label(e.type)}</Typography.Text>
              {e.internal && (
                <Tooltip title={t('requests.detail.internalHint')}>
                  <Tag color="gold" className="gz-internal-tag">
                    {t('requests.detail.internal')}
                  </Tag>
                </Tooltip>
              )}
              {e.toState && (
                <span className="gz-event-states">
                  {e.fromState && (
                    <>
                      <StateTag state={e.fromState as RequestState} />→
                    </>
                  )}
                  <StateTag state={e.toState as RequestState} />
                </span>
              )}
              <EventFacts e={e} />
            </div>
            <div className="gz-event-who">
              {e.actorName}
              <Tag bordered={false} className="gz-event-role">
                {t(`requests.roles.${e.actorRole}`, { defaultValue: e.actorRole })}
              </Tag>
              <span className="gz-event-time">{formatDateTime(e.at)}</span>
            </div>
            {e.body && <div className="gz-event-body">{e.body}</div>}
            <PhotoStrip ids={e.photoIds} size={64} />
          </div>
        ),
      }))}
    />
  );
}
