// One assembly as its owner sees it: what stands now and what to do (vote, my vote and receipt,
// when voting opens), the notice with its organiser, period and documents, every matter with its
// 278 item in plain words and what it needs to pass, and the result once published.
import { useEffect } from 'react';
import { Alert, Button, Skeleton } from 'antd';
import { FileTextOutlined, RightOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { Kv } from '../../app/mobile/Kv';
import { materialUrl, useMyAssembly, type MyAssembly } from './api';
import { BallotChoices, MatterExplain, ReceiptCode, ResultsView, StateTag } from './parts';
import { RollCard } from './RollCard';
import { afterClose, areaText, countdown, dateText, hasResults, periodText, timeText, unitsText } from './words';
import './mobile-assemblies.css';

/** Where I stand and the one thing to do next. */
function MyStatus({ a }: { a: MyAssembly }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toVote = a.voters.filter((v) => !v.ballot);
  const changeable = a.votingOpen && a.voters.some((v) => v.ballot?.channel === 'online');
  return (
    <section className="gz-m-card gz-ma-status" id="m-status">
      {a.state === 'announced' && (
        <>
          <div className="gz-ma-big-line">{t('masm.opensOn', { time: timeText(t, a.votingOpensAt) })}</div>
          <p className="gz-ma-text">{t('masm.notOpenHint')}</p>
        </>
      )}
      {a.voters
        .filter((v) => v.ballot)
        .map((v) => (
          <div key={v.voterId} className="gz-ma-my-ballot" data-voter-id={v.voterId}>
            <div className="gz-ma-voted yes">{t('masm.youVotedFor', { units: unitsText(v) })}</div>
            <div className="gz-m-card-label">
              {t('masm.receiptCode')} · {t(`masm.receiptStatus.${v.ballot!.status}`)} · {timeText(t, v.ballot!.castAt)}
            </div>
            <ReceiptCode code={v.ballot!.receipt} small />
            {a.state === 'voting' ? (
              <BallotChoices choices={v.ballot!.choices} matters={a.matters} />
            ) : (
              <details className="gz-ma-basis">
                <summary>{t('masm.seeMyChoices')}</summary>
                <BallotChoices choices={v.ballot!.choices} matters={a.matters} />
              </details>
            )}
          </div>
        ))}
      {a.votingOpen && !a.phone && toVote.length > 0 && <Alert type="warning" showIcon title={t('masm.noPhone')} className="gz-ma-alert" />}
      {a.votingOpen && toVote.length > 0 && (
        <>
          <Button type="primary" size="large" block className="gz-ma-cta gz-ma-cta-big" onClick={() => navigate(`/m/assemblies/${a.id}/vote`)} id="m-vote">
            {t('masm.voteNow')}
          </Button>
          <p className="gz-m-note">{t('masm.voteHint')}</p>
        </>
      )}
      {changeable && toVote.length === 0 && (
        <>
          <Button size="large" block className="gz-ma-cta" onClick={() => navigate(`/m/assemblies/${a.id}/vote?change=1`)} id="m-change">
            {t('masm.changeVote')}
          </Button>
          <p className="gz-m-note">{t('masm.changeExplain')}</p>
        </>
      )}
      {(a.state === 'closed' || a.state === 'counted') && <p className="gz-ma-text">{t('masm.closedHint')}</p>}
      {a.state === 'voting' && !a.votingOpen && <p className="gz-ma-text">{t('masm.notVotingNow')}</p>}
    </section>
  );
}

export default function MobileAssembly() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const location = useLocation();
  const q = useMyAssembly(id);
  const loaded = !!q.data;
  useEffect(() => {
    if (loaded && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
    else window.scrollTo(0, 0);
  }, [loaded, location.hash]);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 10 }} />;
  const a = q.data;
  const soon = countdown(t, a);
  const election = a.election;

  return (
    <div className="gz-m-page gz-ma-page" data-assembly-id={a.id} data-state={a.state}>
      <section className="gz-m-card">
        <h2 className="gz-ma-title">{a.title}</h2>
        <div className="gz-ma-head-tags">
          <StateTag state={a.state} />
          {soon && <span className="gz-ma-soon">{soon}</span>}
        </div>
        <div className="gz-ma-period">
          <span>{t('masm.votingPeriod')}</span>
          <b>{periodText(t, a)}</b>
        </div>
        <Kv label={t('masm.organiser')}>{a.organiserName}</Kv>
        <Kv label={t('masm.meetingKind')}>{t(`masm.kinds.${a.kind}`)}</Kv>
        {a.announcedAt && <Kv label={t('masm.announcedOn')}>{dateText(t, a.announcedAt)}</Kv>}
      </section>

      {/* once published the result comes first, then my ballot */}
      {hasResults(a.state) && a.results && <ResultsView results={a.results} matters={a.matters} />}

      <MyStatus a={a} />

      {a.turnout && afterClose(a.state) && (
        <section className="gz-m-card">
          <div className="gz-m-card-label">{t('masm.turnout')}</div>
          <p className="gz-ma-text">
            {t('masm.turnoutLine', {
              voted: a.turnout.voted.persons,
              total: a.turnout.totals.persons,
              pct: a.turnout.quorum.personsPercent,
              areaPct: a.turnout.quorum.areaPercent,
            })}
          </p>
        </section>
      )}

      {afterClose(a.state) && (
        <Link to={`/m/assemblies/${a.id}/receipts`} className="gz-m-card gz-ma-link-card" id="m-receipts-link">
          <SafetyCertificateOutlined className="gz-ma-petitions-icon" />
          <span className="gz-m-row-main">
            <span className="gz-m-row-title">{t('masm.checkReceipts')}</span>
            <span className="gz-ma-wrap-sub">{t('masm.checkReceiptsSub')}</span>
          </span>
          <RightOutlined className="gz-m-row-arrow" />
        </Link>
      )}

      <div className="gz-m-section-title">{t('masm.notice')}</div>
      <section className="gz-m-card">
        <div className="gz-ma-notice">{a.notice}</div>
        {a.materials.length > 0 && (
          <>
            <div className="gz-m-card-label gz-ma-gap">{t('masm.materials')}</div>
            <ul className="gz-ma-files">
              {a.materials.map((f) => (
                <li key={f.id}>
                  <a href={materialUrl(a.id, f.id)} target="_blank" rel="noreferrer" download={f.filename} className="gz-ma-file">
                    <FileTextOutlined /> <span className="gz-ma-file-name">{f.filename}</span>
                    <span className="gz-ma-file-size">{Math.max(1, Math.round(f.size / 1024))} KB</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {a.state !== 'draft' && <RollCard assemblyId={a.id} />}

      <div className="gz-m-section-title">{t('masm.matters', { n: a.matters.length })}</div>
      {a.matters.map((m) => {
        const c = election?.candidates.find((x) => x.matterId === m.id);
        // the election is introduced before its first candidate
        const first = !!c && election!.candidates.every((x) => a.matters.findIndex((y) => y.id === x.matterId) >= a.matters.indexOf(m));
        return (
          <div key={m.id} className="gz-ma-matter-wrap">
            {first && (
              <section className="gz-m-card gz-ma-election">
                <div className="gz-ma-rule-title">{t('masm.election', { seats: election!.seats, years: election!.termYears })}</div>
                <p className="gz-ma-text">{t('masm.electionHint')}</p>
              </section>
            )}
            <section className="gz-m-card">
              <MatterExplain m={m} showRule={!hasResults(a.state)} />
              {c?.partyMember && <span className="gz-ma-party">{t('masm.partyMember')}</span>}
            </section>
          </div>
        );
      })}
      <p className="gz-m-note gz-ma-area-note">{t('masm.myHomes', { list: a.voters.map((v) => `${unitsText(v)}（${areaText(v.areaCenti)}）`).join('、') })}</p>
    </div>
  );
}
