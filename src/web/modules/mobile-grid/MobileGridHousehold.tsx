// One of my households on the phone: its members (phones masked, never ID numbers), the visits so
// far with the requests they filed, and the form to log a visit.
import { Empty, Skeleton, Tag, Timeline } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { ErrorResult } from '../../app/errors';
import { ApiError } from '../../api/client';
import { useHousehold } from './api';
import { VisitForm } from './VisitForm';
import './mobile-grid.css';

export default function MobileGridHousehold() {
  const { t } = useTranslation();
  const id = Number(useParams().householdId);
  const q = useHousehold(Number.isInteger(id) ? id : 0);

  if (q.isError) {
    const gone = q.error instanceof ApiError && (q.error.status === 403 || q.error.status === 404);
    return gone ? (
      <section className="gz-m-page">
        <div className="gz-m-card">
          <Empty description={t('mobileGrid.notFound')} />
        </div>
      </section>
    ) : (
      <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
    );
  }
  if (!q.data) return <Skeleton active paragraph={{ rows: 8 }} className="gz-m-page" />;
  const h = q.data;

  return (
    <div className="gz-m-page gz-mg">
      <section className="gz-m-card" id="mg-household">
        <div className="gz-m-card-title">{h.household.address}</div>
        <p className="gz-m-note gz-mg-estate">{h.estateName}</p>
        <div className="gz-m-section-title gz-mg-inner-title">{t('mobileGrid.membersTitle')}</div>
        <ul className="gz-m-list gz-m-list-plain">
          {h.members.map((m) => (
            <li key={m.personId} className="gz-m-row gz-mg-member">
              <span className="gz-m-row-main">
                <span className="gz-m-row-title">
                  {m.name} <span className="gz-mg-relation">{t(`common.relations.${m.relation}`, { defaultValue: m.relation })}</span>
                </span>
                <span className="gz-m-row-sub">
                  <PhoneOutlined /> {m.phoneMasked ?? t('mobileGrid.noPhone')}
                </span>
              </span>
            </li>
          ))}
        </ul>
      </section>

      <VisitForm household={h} />

      <div className="gz-m-section-title">{t('mobileGrid.visitsTitle')}</div>
      <section className="gz-m-card" id="mg-visits">
        {h.visits.length === 0 ? (
          <p className="gz-m-note">{t('mobileGrid.noVisits')}</p>
        ) : (
          <Timeline
            className="gz-mr-timeline"
            items={h.visits.map((v) => ({
              key: v.id,
              color: v.requestId ? 'red' : 'green',
              content: (
                <div className="gz-mg-visit" data-visit-id={v.id}>
                  <div className="gz-mr-event-head">
                    {dayjs(v.visitedAt).format('YYYY-MM-DD HH:mm')}
                    {v.visitorName && <span className="gz-m-note gz-mg-inline">{t('mobileGrid.visitBy', { name: v.visitorName })}</span>}
                  </div>
                  <div className="gz-mr-event-body">{v.notes}</div>
                  {v.requestId && (
                    <Link to={`/m/requests/${v.requestId}`} className="gz-mg-visit-request">
                      <Tag color="red">{t('mobileGrid.concernFiled')}</Tag>
                      {v.requestRefNo}
                    </Link>
                  )}
                </div>
              ),
            }))}
          />
        )}
      </section>

      {h.requests.length > 0 && (
        <>
          <div className="gz-m-section-title">{t('mobileGrid.requestsTitle')}</div>
          <ul className="gz-m-list" id="mg-requests">
            {h.requests.map((r) => (
              <li key={r.id}>
                <Link to={`/m/requests/${r.id}`} className="gz-m-row">
                  <span className="gz-m-row-main">
                    <span className="gz-m-row-title">{r.title}</span>
                    <span className="gz-m-row-sub gz-mono">{r.refNo}</span>
                  </span>
                  <Tag>{t(`mreq.states.${r.state}`, { defaultValue: r.state })}</Tag>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
