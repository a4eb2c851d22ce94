// One request on the phone: where it stands (steps and the deadline in words), what was asked,
// the outcome and the rating, what the requester may do now, and the public history.
import { useEffect } from 'react';
import { Alert, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { Kv } from '../../app/mobile/Kv';
import { requestIdOfLink, useMarkRead, useRequest, useUnreadRequestNotes, type RequestDetail } from './api';
import { RatePanel, RequestButtons } from './RequestActions';
import { DeadlineNote, Photos, RequestSteps, RequestTimeline } from './RequestProgress';
import { STATE_COLOR, stateWords, timeText } from './words';
import './mobile-requests.css';

/** Opening a request reads the notifications that point at it. */
function useReadNotesOf(id: number, loaded: boolean) {
  const notes = useUnreadRequestNotes();
  const { mutate: markRead } = useMarkRead();
  // a string, so the effect runs once per set of unread ids, not on every render
  const key = (notes.data ?? [])
    .filter((n) => requestIdOfLink(n.link) === id)
    .map((n) => n.id)
    .join(',');
  useEffect(() => {
    if (loaded && key) markRead(key.split(',').map(Number));
  }, [loaded, key, markRead]);
}

function RatingNote({ r }: { r: RequestDetail }) {
  const { t } = useTranslation();
  if (!r.rating) return null;
  return (
    <section className="gz-m-card" id="m-rating">
      <div className="gz-m-card-label">{r.capacities.includes('requester') ? t('mreq.yourRating') : t('mreq.ratingOf')}</div>
      <div className="gz-mr-rating-line">
        <Tag color={r.rating === 'unsatisfied' ? 'red' : 'green'} className="gz-mr-rating-tag">
          {t(`mreq.ratings.${r.rating}`)}
        </Tag>
        {r.ratingReasons.map((x) => (
          <Tag key={x}>{t(`mreq.reasons.${x}`, { defaultValue: x })}</Tag>
        ))}
      </div>
      {r.ratingComment && <p className="gz-mr-text">{r.ratingComment}</p>}
    </section>
  );
}

export default function MobileRequestDetail() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const location = useLocation();
  const q = useRequest(id);
  useReadNotesOf(id, !!q.data);
  // arriving from a long form or list, start at the top (the frame does not restore scrolling);
  // braces: recent Chromium returns a promise from scrollTo, which React would take for a cleanup
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 8 }} />;
  const r = q.data;
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const asRequester = r.capacities.includes('requester');
  const submittedPhotos = r.events.find((e) => e.type === 'submitted')?.photoIds ?? [];

  return (
    <div className="gz-m-page gz-mr-detail" data-request-id={r.id} data-state={r.state}>
      {created && (
        <Alert
          type="success"
          showIcon
          id="m-created"
          title={t('mreq.submittedTitle', { refNo: r.refNo })}
          description={t(asRequester ? 'mreq.submittedText' : 'mreq.submittedTextProxy', { owner: r.owner.name, time: timeText(t, r.clock.acceptDueAt) })}
        />
      )}

      <section className="gz-m-card">
        <div className="gz-mr-detail-head">
          <h2 className="gz-mr-detail-title">{r.title}</h2>
          <Tag color={STATE_COLOR[r.state]} className="gz-mr-state" id="m-state">
            {stateWords(t, r)}
          </Tag>
        </div>
        <div className="gz-mr-detail-sub">
          <Typography.Text copyable={{ text: r.refNo }} className="gz-mono" id="m-ref-no">
            {r.refNo}
          </Typography.Text>
          {r.overdue && <Tag color="red">{t('mreq.overdue')}</Tag>}
        </div>
        <RequestSteps r={r} />
        <DeadlineNote r={r} />
      </section>

      {r.actions.includes('rate') && <RatePanel r={r} />}
      <RatingNote r={r} />

      {r.resolution && (
        <section className="gz-m-card gz-mr-resolution">
          <div className="gz-m-card-label">{r.state === 'declined' ? t('mreq.sideDeclined') : t('mreq.resolution')}</div>
          <p className="gz-mr-text">{r.resolution}</p>
        </section>
      )}

      <RequestButtons r={r} />

      <section className="gz-m-card">
        <div className="gz-m-card-label">{t('mreq.details')}</div>
        <p className="gz-mr-text">{r.description}</p>
        <Photos ids={submittedPhotos} />
        <div className="gz-mr-kvs">
          <Kv label={t('mreq.categoryLabel')}>{i18n.language === 'en' ? r.categoryEn : r.categoryZh}</Kv>
          <Kv label={t('mreq.place')}>{r.placeLabel}</Kv>
          {r.locationNote && <Kv label={t('mreq.locationNote')}>{r.locationNote}</Kv>}
          <Kv label={t('mreq.submittedAt')}>{timeText(t, r.submittedAt)}</Kv>
          <Kv label={t('mreq.handler')}>{r.owner.name}</Kv>
          {!asRequester && <Kv label={t('mreq.channel')}>{t(`mreq.channels.${r.channel}`)}</Kv>}
          {!asRequester && r.requesterName && (
            <Kv label={t('mreq.requester')}>
              {r.requesterName}
              {r.requesterPhone && (
                <>
                  {' · '}
                  <a href={`tel:${r.requesterPhone.replace(/[^0-9+]/g, '')}`}>{r.requesterPhone}</a>
                </>
              )}
            </Kv>
          )}
          {r.enteredByName && <Kv label={t('mreq.enteredBy')}>{r.enteredByName}</Kv>}
        </div>
      </section>

      <div className="gz-m-section-title">{t('mreq.timeline')}</div>
      <section className="gz-m-card">
        <RequestTimeline events={r.events} />
      </section>
    </div>
  );
}
