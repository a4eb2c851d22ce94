// 双报到 on the phone: my registration at the community where I live (register if not yet), the
// open posts with places left and a large 认领 button, my claims, logging my hours (they wait for
// the community's confirmation), my record and my yearly evaluation.
import { Button, Empty, Popconfirm, Skeleton, Tag, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { hm, useDualWrite, useMine, useMyPosts, type Mine, type Post } from '../dual/api';
import { LogHoursCard } from './LogHoursCard';
import './mobile-dual.css';

const HOURS_COLOR = { pending: 'gold', confirmed: 'green', rejected: 'default' } as const;

function PostRow({ p }: { p: Post }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const claim = useDualWrite(
    () => api(`/dual/mine/posts/${p.id}/claims`, { method: 'POST' }),
    () => message.success(t('dual.m.claimedOk')),
  );
  const full = p.placesLeft === 0;
  return (
    <li className="gz-m-row gz-md-post" data-post={p.id}>
      <div className="gz-m-row-main">
        <span className="gz-m-row-title">{p.title}</span>
        {p.description && <span className="gz-md-desc">{p.description}</span>}
        <span className="gz-md-meta">
          <Tag color={p.kind === 'post' ? 'red' : 'purple'}>{t(`dual.postKinds.${p.kind}`)}</Tag>
          {p.placesLeft === null ? t('dual.m.unlimited') : full ? t('dual.m.full') : t('dual.m.placesLeft', { n: p.placesLeft })}
          {p.endsOn && ` · ${p.startsOn ?? ''}~${p.endsOn}`}
        </span>
      </div>
      {p.myClaimId ? (
        <Tag color="green" className="gz-md-claimed">
          {t('dual.m.claimed')}
        </Tag>
      ) : (
        <Button type="primary" size="large" className="gz-md-claim" disabled={full} loading={claim.isPending} onClick={() => claim.mutate(undefined, { onError: (e) => message.error(errorText(e)) })}>
          {t('dual.m.claim')}
        </Button>
      )}
    </li>
  );
}

function Registered({ mine }: { mine: Mine }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const reg = mine.registration!;
  const posts = useMyPosts(true);
  const withdraw = useDualWrite((id: number) => api(`/dual/mine/claims/${id}`, { method: 'DELETE' }));
  const active = mine.claims.filter((c) => !c.withdrawnAt);
  return (
    <>
      <section className="gz-m-card gz-md-figures">
        <div className="gz-m-card-label">{t('dual.m.thisYear')}</div>
        <div className="gz-md-big" id="m-dual-hours">
          {hm(reg.confirmedMinutes)}
        </div>
        {reg.pendingMinutes > 0 && <p className="gz-m-note">{t('dual.m.pending', { h: hm(reg.pendingMinutes) })}</p>}
      </section>

      <div className="gz-m-section-title">{t('dual.m.openPosts')}</div>
      {posts.isError ? (
        <ErrorResult error={posts.error} onRetry={() => void posts.refetch()} />
      ) : !posts.data ? (
        <Skeleton active />
      ) : posts.data.length === 0 ? (
        <section className="gz-m-card">
          <p className="gz-m-note">{t('dual.m.noPosts')}</p>
        </section>
      ) : (
        <ul className="gz-m-list">
          {posts.data.map((p) => (
            <PostRow key={p.id} p={p} />
          ))}
        </ul>
      )}

      <div className="gz-m-section-title">{t('dual.m.myClaims')}</div>
      {active.length === 0 ? (
        <section className="gz-m-card">
          <p className="gz-m-note">{t('dual.m.noClaims')}</p>
        </section>
      ) : (
        <ul className="gz-m-list">
          {active.map((c) => (
            <li key={c.id} className="gz-m-row">
              <div className="gz-m-row-main">
                <span className="gz-m-row-title">{c.postTitle}</span>
                <span className="gz-md-meta">{t(`dual.postKinds.${c.postKind}`)}</span>
              </div>
              <Popconfirm title={t('dual.m.withdrawConfirm')} onConfirm={() => withdraw.mutateAsync(c.id).catch((e: unknown) => message.error(errorText(e)))}>
                <Button size="large">{t('dual.m.withdraw')}</Button>
              </Popconfirm>
            </li>
          ))}
        </ul>
      )}

      <LogHoursCard claims={active} />

      <div className="gz-m-section-title">{t('dual.m.myHours')}</div>
      {mine.hours.length === 0 ? (
        <section className="gz-m-card">
          <p className="gz-m-note">{t('dual.m.noHours')}</p>
        </section>
      ) : (
        <ul className="gz-m-list">
          {mine.hours.map((h) => (
            <li key={h.id} className="gz-m-row">
              <div className="gz-m-row-main">
                <span className="gz-m-row-title">
                  {h.servedOn} · {hm(h.minutes)}
                </span>
                <span className="gz-md-meta">{[h.postTitle, h.note].filter(Boolean).join(' · ')}</span>
              </div>
              <Tag color={HOURS_COLOR[h.status]}>{t(`dual.hoursStatuses.${h.status}`)}</Tag>
            </li>
          ))}
        </ul>
      )}

      <div className="gz-m-section-title">{t('dual.m.myEvaluation')}</div>
      <section className="gz-m-card">
        {mine.evaluations.length === 0 ? (
          <p className="gz-m-note">{t('dual.m.noEvaluation')}</p>
        ) : (
          mine.evaluations.map((e) => (
            <div key={e.year} className="gz-md-eval">
              <span className="gz-m-card-title">{e.year}</span>
              <Tag color="gold" className="gz-md-grade">
                {t(`dual.grades.${e.grade}`)}
              </Tag>
              {e.comment && <p className="gz-m-note">{e.comment}</p>}
            </div>
          ))
        )}
      </section>
    </>
  );
}

export default function MobileDual() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mine = useMine();
  const register = useDualWrite(() => api('/dual/mine/registration', { method: 'POST', body: {} }));
  if (mine.error instanceof ApiError && mine.error.code === 'DUAL_NOT_A_MEMBER') {
    return (
      <div className="gz-m-page">
        <section className="gz-m-card">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<p className="gz-m-note">{t('dual.m.notMember')}</p>} />
        </section>
      </div>
    );
  }
  if (mine.isError) return <ErrorResult error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 8 }} />;
  const { member, registration } = mine.data;
  return (
    <div className="gz-m-page gz-md">
      <section className="gz-m-hello">
        <div className="gz-m-hello-line">{member.name}</div>
        {member.employer && <div className="gz-m-hello-date">{t('dual.m.employer', { employer: member.employer })}</div>}
        {registration && <div className="gz-m-hello-date">{t('dual.m.registered', { community: registration.communityName, date: registration.registeredOn })}</div>}
      </section>
      {registration ? (
        <Registered mine={mine.data} />
      ) : (
        <section className="gz-m-card">
          <p className="gz-md-lead">{t('dual.m.registerHint')}</p>
          {!member.inService ? (
            <p className="gz-m-note">{t('dual.m.notInService')}</p>
          ) : !member.communityName ? (
            <p className="gz-m-note">{t('dual.m.noHome')}</p>
          ) : (
            <Button type="primary" size="large" block id="m-dual-register" className="gz-md-register" loading={register.isPending} onClick={() => register.mutate(undefined)}>
              {t('dual.m.registerAt', { community: member.communityName })}
            </Button>
          )}
          {register.isError && <p className="gz-md-error">{errorText(register.error)}</p>}
        </section>
      )}
    </div>
  );
}
