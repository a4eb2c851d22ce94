// Voting on the phone, made for an elderly owner: large type and large buttons, one matter per
// card with 同意 / 反对 / 弃权; a summary to check ("您的选择：…"); a one-time code sent to the phone on
// record; the receipt code in big letters. An owner who has voted sees their ballot, and may change
// an online ballot until voting closes (the last one counts). An owner who votes for more than one
// home (their own flat and one co-owned) picks the home first.
import { useEffect, useState } from 'react';
import { Alert, Button, Input, Skeleton } from 'antd';
import { CheckCircleFilled, HomeOutlined, LeftOutlined, MessageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { Kv } from '../../app/mobile/Kv';
import { CHOICES, useCastBallot, useMyAssembly, useSendCode, type Choice, type Matter, type MyAssembly, type MyVoter } from './api';
import { BallotChoices, ChoiceTag, MatterExplain, PassRule, ReceiptCode } from './parts';
import { areaText, timeText, unitsText } from './words';
import './mobile-assemblies.css';

type Step = 'choose' | 'check' | 'code' | 'done';
const STEPS: Step[] = ['choose', 'check', 'code', 'done'];
const RESEND_SECONDS = 60;

function top() {
  // braces: recent Chromium returns a promise from scrollTo, which React would take for a cleanup
  window.scrollTo(0, 0);
}

/** 第 2 步（共 4 步）：核对 — words an elderly owner reads at once, and a bar under them. */
function StepLine({ step }: { step: Step }) {
  const { t } = useTranslation();
  const n = STEPS.indexOf(step);
  const name = t(`masm.step${step[0].toUpperCase()}${step.slice(1)}`);
  return (
    <div className="gz-ma-stepline" data-step={step}>
      <div className="gz-ma-stepline-text">{t('masm.stepOf', { n: n + 1, total: STEPS.length, name })}</div>
      <div className="gz-ma-stepline-bar" aria-hidden>
        {STEPS.map((s, i) => (
          <span key={s} className={i <= n ? 'on' : ''} />
        ))}
      </div>
    </div>
  );
}

/** Which home to vote for, when I vote for more than one. */
function VoterPicker({ a, onPick }: { a: MyAssembly; onPick: (v: MyVoter) => void }) {
  const { t } = useTranslation();
  return (
    <section className="gz-m-card">
      <h2 className="gz-ma-step-title">{t('masm.whichVoter')}</h2>
      <p className="gz-ma-text">{t('masm.whichVoterHint')}</p>
      <div className="gz-ma-voters">
        {a.voters.map((v) => (
          <button key={v.voterId} type="button" className="gz-ma-voter" onClick={() => onPick(v)} data-voter-id={v.voterId}>
            <HomeOutlined className="gz-ma-voter-icon" />
            <span className="gz-ma-voter-main">
              <span className="gz-ma-voter-units">{unitsText(v)}</span>
              <span className="gz-ma-voter-sub">{t('masm.voterArea', { area: areaText(v.areaCenti) })}</span>
            </span>
            <span className={v.ballot ? 'gz-ma-voter-mark yes' : 'gz-ma-voter-mark'}>{v.ballot ? t('masm.votedMark') : t('masm.notVotedMark')}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

/** One matter and its three big buttons. */
function MatterCard({ m, value, onChoose, index, total }: { m: Matter; value: Choice | undefined; onChoose: (c: Choice) => void; index: number; total: number }) {
  const { t } = useTranslation();
  return (
    <section className={value ? 'gz-m-card gz-ma-vote-card chosen' : 'gz-m-card gz-ma-vote-card'} id={`m-matter-${m.seq}`} data-matter-id={m.id}>
      <div className="gz-ma-progress-no">
        {index + 1} / {total}
      </div>
      <MatterExplain m={m} showRule={false} />
      <div className="gz-ma-buttons" role="radiogroup" aria-label={m.title}>
        {CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={value === c}
            className={`gz-ma-choice ${c}${value === c ? ' active' : ''}`}
            onClick={() => onChoose(c)}
            data-choice={c}
          >
            {value === c && <CheckCircleFilled />} {t(`masm.choices.${c}`)}
          </button>
        ))}
      </div>
      <details className="gz-ma-basis">
        <summary>{t('masm.needs')}</summary>
        <PassRule special={m.special} />
      </details>
    </section>
  );
}

/** The one-time code: send, then the six digits on a number pad. */
function CodeStep({ a, busy, error, onSubmit, onBack }: { a: MyAssembly; busy: boolean; error: string | null; onSubmit: (code: string) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const send = useSendCode(a.id);
  const [code, setCode] = useState('');
  // the server sends at most one code a minute: the wait survives going back and voting for another home
  const key = `gz-masm-otp-${a.id}`;
  const [sentAt, setSentAt] = useState<number | null>(() => {
    const at = Number(sessionStorage.getItem(key));
    return at && Date.now() - at < RESEND_SECONDS * 1000 ? at : null;
  });
  const [now, setNow] = useState(Date.now());
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (sentAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [sentAt]);
  const wait = sentAt === null ? 0 : Math.max(0, RESEND_SECONDS - Math.floor((now - sentAt) / 1000));
  const doSend = () =>
    send.mutate(undefined, {
      onSuccess: () => {
        const at = Date.now();
        sessionStorage.setItem(key, String(at));
        setSentAt(at);
        setNow(at);
      },
    });
  const submit = () => {
    if (!/^\d{6}$/.test(code)) {
      setMissing(true);
      return;
    }
    onSubmit(code);
  };

  return (
    <section className="gz-m-card gz-ma-code" id="m-code-step">
      <h2 className="gz-ma-step-title">
        <MessageOutlined /> {t('masm.codeTitle')}
      </h2>
      <p className="gz-ma-text">{t('masm.codeHint')}</p>
      {!a.phone && <Alert type="warning" showIcon title={t('masm.noPhone')} className="gz-ma-alert" />}
      {send.data && (
        <Alert type="success" showIcon title={t('masm.codeSent', { phone: send.data.sentTo })} className="gz-ma-alert" id="m-code-sent" />
      )}
      {send.isError && <Alert type="error" showIcon title={errorText(send.error)} className="gz-ma-alert" />}
      <Button
        size="large"
        block
        type={send.data ? 'default' : 'primary'}
        className="gz-ma-cta"
        loading={send.isPending}
        disabled={!a.phone || wait > 0}
        onClick={doSend}
        id="m-send-code"
      >
        {wait > 0 ? t('masm.resendIn', { s: wait }) : send.data ? t('masm.resend') : t('masm.sendCode')}
      </Button>
      {send.data && (
        <>
          <label className="gz-ma-code-label" htmlFor="m-code">
            {t('masm.codeLabel')}
          </label>
          <Input
            id="m-code"
            className="gz-ma-code-input gz-mono"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder={t('masm.codePlaceholder')}
            value={code}
            status={missing || error ? 'error' : undefined}
            onChange={(e) => {
              setMissing(false);
              setCode(e.target.value.replace(/\D/g, '').slice(0, 6));
            }}
            onPressEnter={submit}
          />
          {(missing || error) && <div className="gz-ma-error">{missing ? t('masm.codeRequired') : error}</div>}
          <Button type="primary" size="large" block className="gz-ma-cta gz-ma-cta-big" loading={busy} onClick={submit} id="m-submit-vote">
            {busy ? t('masm.submitting') : t('masm.submitVote')}
          </Button>
        </>
      )}
      <Button size="large" block type="text" icon={<LeftOutlined />} onClick={onBack} className="gz-ma-back">
        {t('masm.backToChange')}
      </Button>
    </section>
  );
}

export default function MobileVote() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = useMyAssembly(id);
  const cast = useCastBallot(id);
  const errorText = useErrorText();
  const [voterId, setVoterId] = useState<number | null>(null);
  const [changing, setChanging] = useState(params.get('change') === '1');
  const [step, setStep] = useState<Step>('choose');
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [done, setDone] = useState<{ receipt: string; changed: boolean } | null>(null);
  const [nudge, setNudge] = useState(false);
  useEffect(top, [step, voterId, changing]);

  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 10 }} />;
  const a = q.data;
  const voter = a.voters.length === 1 ? a.voters[0] : a.voters.find((v) => v.voterId === voterId);
  const back = () => navigate(`/m/assemblies/${a.id}`);

  if (a.voters.length > 1 && !voter) {
    return (
      <div className="gz-m-page gz-ma-page gz-ma-vote">
        <h2 className="gz-ma-title">{a.title}</h2>
        <VoterPicker a={a} onPick={(v) => setVoterId(v.voterId)} />
      </div>
    );
  }
  if (!voter) return <ErrorResult error={new ApiError(403, 'ASSEMBLY_NOT_ON_ROLL', { 'zh-CN': t('masm.notOnRoll'), en: t('masm.notOnRoll') }, null)} />;
  const otherToVote = a.voters.filter((v) => v.voterId !== voter.voterId && !v.ballot);
  const pickOther = a.voters.length > 1 ? () => {
    setVoterId(null);
    setStep('choose');
    setChoices({});
    setChanging(false);
    setDone(null);
  } : null;

  // the ballot is in: the receipt
  if (step === 'done' && done) {
    return (
      <div className="gz-m-page gz-ma-page gz-ma-vote" id="m-vote-done">
        <section className="gz-m-card gz-ma-done">
          <CheckCircleFilled className="gz-ma-done-icon" />
          <h2 className="gz-ma-done-title">{done.changed ? t('masm.changedTitle') : t('masm.doneTitle')}</h2>
          {done.changed && <p className="gz-ma-text">{t('masm.changedText')}</p>}
          <div className="gz-m-card-label">{t('masm.receiptTitle')}</div>
          <ReceiptCode code={done.receipt} />
          <p className="gz-ma-text gz-ma-explain">{t('masm.receiptExplain')}</p>
        </section>
        {otherToVote.length > 0 && pickOther && (
          <Button type="primary" size="large" block className="gz-ma-cta" onClick={pickOther}>
            {t('masm.otherVoters')}
          </Button>
        )}
        <Button size="large" block className="gz-ma-cta" onClick={back} id="m-back-assembly">
          {t('masm.backToAssembly')}
        </Button>
      </div>
    );
  }

  // voted already (and not changing): the ballot, and the way to change it
  if (voter.ballot && !changing) {
    const b = voter.ballot;
    const canChange = a.votingOpen && b.channel === 'online';
    return (
      <div className="gz-m-page gz-ma-page gz-ma-vote" id="m-already">
        <section className="gz-m-card">
          <h2 className="gz-ma-step-title">
            <CheckCircleFilled className="gz-ma-ok" /> {t('masm.alreadyVoted')}
          </h2>
          <div className="gz-m-card-label">{t('masm.forUnits', { units: unitsText(voter) })}</div>
          <Kv label={t('masm.castAt')}>{timeText(t, b.castAt)}</Kv>
          <Kv label={t('masm.channel')}>{t(`masm.channels.${b.channel}`)}</Kv>
          <Kv label={t('masm.status')}>{t(`masm.receiptStatus.${b.status}`)}</Kv>
          <div className="gz-m-card-label gz-ma-gap">{t('masm.receiptCode')}</div>
          <ReceiptCode code={b.receipt} />
          <div className="gz-m-card-label gz-ma-gap">{t('masm.yourBallot')}</div>
          <BallotChoices choices={b.choices} matters={a.matters} />
        </section>
        {canChange ? (
          <section className="gz-m-card">
            <p className="gz-ma-text">{t('masm.changeExplain')}</p>
            <Button
              size="large"
              block
              className="gz-ma-cta"
              id="m-change"
              onClick={() => {
                setChoices(Object.fromEntries(b.choices.map((c) => [c.matterId, c.choice])));
                setChanging(true);
                setStep('choose');
              }}
            >
              {t('masm.changeVote')}
            </Button>
          </section>
        ) : (
          b.channel !== 'online' && <p className="gz-m-note">{t('masm.paperFinal')}</p>
        )}
        {otherToVote.length > 0 && pickOther && a.votingOpen && (
          <Button type="primary" size="large" block className="gz-ma-cta" onClick={pickOther}>
            {t('masm.otherVoters')}
          </Button>
        )}
        <Button size="large" block className="gz-ma-cta" onClick={back}>
          {t('masm.backToAssembly')}
        </Button>
      </div>
    );
  }

  if (!a.votingOpen) {
    return (
      <div className="gz-m-page gz-ma-page gz-ma-vote">
        <section className="gz-m-card">
          <h2 className="gz-ma-step-title">{t('masm.notVotingNow')}</h2>
          <p className="gz-ma-text">{a.state === 'announced' ? t('masm.opensOn', { time: timeText(t, a.votingOpensAt) }) : t(`masm.states.${a.state}`)}</p>
        </section>
        <Button size="large" block className="gz-ma-cta" onClick={back}>
          {t('masm.backToAssembly')}
        </Button>
      </div>
    );
  }

  const matters = a.matters;
  const chosen = matters.filter((m) => choices[m.id]).length;
  const list = matters.map((m) => ({ matterId: m.id, seq: m.seq, choice: choices[m.id] })).filter((c): c is { matterId: number; seq: number; choice: Choice } => !!c.choice);
  const submit = (code: string) =>
    cast.mutate(
      { voterId: a.voters.length > 1 ? voter.voterId : undefined, choices: list.map(({ matterId, choice }) => ({ matterId, choice })), code },
      {
        onSuccess: (r) => {
          setDone({ receipt: r.receipt, changed: r.changed });
          setStep('done');
        },
      },
    );
  const toCheck = () => {
    const first = matters.find((m) => !choices[m.id]);
    if (first) {
      setNudge(true);
      document.getElementById(`m-matter-${first.seq}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      return;
    }
    setStep('check');
  };

  return (
    <div className="gz-m-page gz-ma-page gz-ma-vote" data-step={step}>
      <div className="gz-ma-vote-head">{a.title}</div>
      <div className="gz-m-card-label">
        {t('masm.forUnits', { units: unitsText(voter) })}
        {pickOther && step === 'choose' && (
          <Button type="link" onClick={pickOther} className="gz-ma-inline-link">
            {t('masm.otherVoters')}
          </Button>
        )}
      </div>
      <StepLine step={step} />
      {changing && <Alert type="info" showIcon title={t('masm.changeExplain')} className="gz-ma-alert" />}

      {step === 'choose' && (
        <>
          <p className="gz-ma-text">{t('masm.chooseHint')}</p>
          {matters.map((m, i) => (
            <MatterCard
              key={m.id}
              m={m}
              index={i}
              total={matters.length}
              value={choices[m.id]}
              onChoose={(c) => {
                setChoices((x) => ({ ...x, [m.id]: c }));
                setNudge(false);
              }}
            />
          ))}
          <div className="gz-ma-sticky">
            <span className={nudge && chosen < matters.length ? 'gz-ma-sticky-count warn' : 'gz-ma-sticky-count'}>
              {nudge && chosen < matters.length ? t('masm.chooseAll', { n: matters.length - chosen }) : t('masm.chosen', { done: chosen, total: matters.length })}
            </span>
            <Button type="primary" size="large" onClick={toCheck} className="gz-ma-next" id="m-next">
              {t('masm.next')}
            </Button>
          </div>
        </>
      )}

      {step === 'check' && (
        <>
          <section className="gz-m-card" id="m-check">
            <h2 className="gz-ma-step-title">{t('masm.checkTitle')}</h2>
            <ul className="gz-ma-summary">
              {list.map((c) => {
                const m = matters.find((x) => x.id === c.matterId)!;
                return (
                  <li key={c.matterId} data-matter-id={c.matterId}>
                    <div className="gz-ma-summary-title">
                      {t('masm.matterNo', { n: m.seq })}　{m.title}
                    </div>
                    <div className="gz-ma-summary-choice">
                      {t('masm.yourChoice', { choice: '' })}
                      <ChoiceTag choice={c.choice} />
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
          <Button type="primary" size="large" block className="gz-ma-cta gz-ma-cta-big" onClick={() => setStep('code')} id="m-confirm">
            {t('masm.confirmChoices')}
          </Button>
          <Button size="large" block className="gz-ma-cta" icon={<LeftOutlined />} onClick={() => setStep('choose')}>
            {t('masm.backToChange')}
          </Button>
        </>
      )}

      {step === 'code' && (
        <CodeStep
          a={a}
          busy={cast.isPending}
          error={cast.isError ? errorText(cast.error) : null}
          onSubmit={submit}
          onBack={() => {
            cast.reset();
            setStep('check');
          }}
        />
      )}
    </div>
  );
}
