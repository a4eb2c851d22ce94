// Where a request stands: the steps 已提交 → 已受理 → 办理中 → 已办结 → 已评价/已结案 with the side
// states (on hold, escalated, declined) marked on the step they interrupt, the deadline in words,
// and the timeline of what happened (newest first).
import { Image, Tag, Timeline, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { RequestDetail, RequestEvent } from './api';
import { photoUrl } from './api';
import { deadlineLines, eventWords, timeText } from './words';

export function Photos({ ids }: { ids: number[] }) {
  if (!ids.length) return null;
  return (
    <div className="gz-mr-gallery">
      <Image.PreviewGroup>
        {ids.map((id) => (
          <Image key={id} src={photoUrl(id)} width={88} height={88} alt="" className="gz-mr-gallery-img" />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

export function RequestSteps({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const declined = r.state === 'declined' || (r.state === 'closed' && r.clock.resolutionOutcome === 'declined');
  const reached: Record<RequestDetail['state'], number> = {
    submitted: 0,
    escalated: r.acceptedAt ? 1 : 0,
    accepted: 1,
    in_progress: 2,
    deferred: 2,
    resolved: 3,
    closed: 4,
    declined: 1,
  };
  const at = reached[r.state];
  // reached steps are done; the next one is what happens now (unless the request is on hold)
  const status = (i: number): StepStatus => (i <= at ? 'finish' : i === at + 1 && r.state !== 'deferred' ? 'process' : 'wait');
  const last = r.state === 'closed' && r.rating ? t('mreq.steps.rated') : t('mreq.steps.closed');

  const items = declined
    ? [
        { title: t('mreq.steps.submitted'), content: timeText(t, r.submittedAt), status: 'finish' as StepStatus },
        { title: t('mreq.sideDeclined'), content: '', status: 'error' as StepStatus },
        { title: t('mreq.steps.closed'), content: r.closedAt ? timeText(t, r.closedAt) : '', status: (r.closedAt ? 'finish' : 'wait') as StepStatus },
      ]
    : [
        { title: t('mreq.steps.submitted'), content: timeText(t, r.submittedAt), status: status(0) },
        {
          title: t('mreq.steps.accepted'),
          content: r.state === 'escalated' ? <Tag color="purple">{t('mreq.sideEscalated')}</Tag> : r.acceptedAt ? timeText(t, r.acceptedAt) : '',
          status: status(1),
        },
        { title: t('mreq.steps.in_progress'), content: r.state === 'deferred' ? <Tag>{t('mreq.sideDeferred')}</Tag> : '', status: status(2) },
        { title: t('mreq.steps.resolved'), content: r.resolvedAt ? timeText(t, r.resolvedAt) : '', status: status(3) },
        { title: last, content: r.closedAt ? timeText(t, r.ratedAt ?? r.closedAt) : '', status: status(4) },
      ];
  const current = declined ? 1 : Math.min(at + 1, items.length - 1);
  return <Steps size="small" titlePlacement="vertical" responsive={false} current={current} items={items} className="gz-mr-steps" aria-label={t('mreq.progress')} />;
}

export function DeadlineNote({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  const lines = deadlineLines(t, r);
  if (!lines.length) return null;
  return (
    <div className="gz-mr-deadline">
      {lines.map((l) => (
        <div key={l.text} className={`gz-mr-deadline-line ${l.tone}`}>
          {l.text}
        </div>
      ))}
    </div>
  );
}

/** One event; the photos of the report itself are shown with its description, not again here. */
function EventItem({ e }: { e: RequestEvent }) {
  const { t } = useTranslation();
  return (
    <div className="gz-mr-event">
      <div className="gz-mr-event-head">
        <b>{eventWords(t, e)}</b>
        {e.internal && <Tag className="gz-mr-internal">{t('mreq.internal')}</Tag>}
      </div>
      {e.body && <div className="gz-mr-event-body">{e.body}</div>}
      {e.type !== 'submitted' && <Photos ids={e.photoIds} />}
      <div className="gz-mr-event-meta">
        {e.actorName} · {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
      </div>
    </div>
  );
}

const EVENT_COLOR: Record<string, string> = { resolve: 'green', close: 'green', rate: 'green', decline: 'red', reopen: 'red', defer: 'gray', escalate: 'purple' };

export function RequestTimeline({ events }: { events: RequestEvent[] }) {
  const items = [...events].reverse().map((e, i) => ({
    key: e.id,
    color: i === 0 ? (EVENT_COLOR[e.type] ?? 'blue') : 'gray',
    content: <EventItem e={e} />,
  }));
  return <Timeline items={items} className="gz-mr-timeline" />;
}
