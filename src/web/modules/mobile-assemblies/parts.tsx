// Pieces the owner's assembly pages share: the state tag, a matter explained in plain words with
// what it needs to pass, a ballot's choices, the receipt code in big letters with a copy button,
// and the published result of each matter with its figures.
import { useState } from 'react';
import { Button, Tag } from 'antd';
import { CheckCircleFilled, CheckOutlined, CloseCircleFilled, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AssemblyState, BallotChoice, Choice, Matter, MatterResult, Results, TestName } from './api';
import { areaText, STATE_COLOR } from './words';

export function StateTag({ state }: { state: AssemblyState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} className="gz-ma-state" data-state={state}>
      {t(`masm.states.${state}`)}
    </Tag>
  );
}

/** One matter: its number and title, what it is about, its 278 item in plain words, what it needs to pass. */
export function MatterExplain({ m, showRule = true }: { m: Matter; showRule?: boolean }) {
  const { t, i18n } = useTranslation();
  const label = i18n.language === 'en' ? m.itemLabel.en : m.itemLabel.zh;
  return (
    <div className="gz-ma-matter" data-matter-seq={m.seq}>
      <div className="gz-ma-matter-no">{t('masm.matterNo', { n: m.seq })}</div>
      <h3 className="gz-ma-matter-title">{m.title}</h3>
      {m.description && <p className="gz-ma-text">{m.description}</p>}
      <div className="gz-ma-item">
        <div className="gz-ma-item-plain">{t(`masm.items.${m.item}`)}</div>
        <div className="gz-ma-item-law">{t('masm.itemOf', { item: t(`masm.itemNames.${m.item}`), label })}</div>
      </div>
      {showRule && <PassRule special={m.special} />}
    </div>
  );
}

export function PassRule({ special }: { special: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={special ? 'gz-ma-rule special' : 'gz-ma-rule'}>
      <div className="gz-ma-rule-title">{t('masm.needs')}</div>
      <ol>
        <li>{t('masm.needQuorum')}</li>
        <li>{special ? t('masm.needThreeQuarters') : t('masm.needMajority')}</li>
      </ol>
      <div className="gz-m-note">{t('masm.abstainCounts')}</div>
    </div>
  );
}

const CHOICE_CLASS: Record<Choice, string> = { agree: 'agree', oppose: 'oppose', abstain: 'abstain' };

export function ChoiceTag({ choice }: { choice: Choice }) {
  const { t } = useTranslation();
  return <span className={`gz-ma-choice-tag ${CHOICE_CLASS[choice]}`}>{t(`masm.choices.${choice}`)}</span>;
}

/** A ballot's choices, matter by matter, with the matters' titles. */
export function BallotChoices({ choices, matters }: { choices: BallotChoice[]; matters: Matter[] }) {
  const { t } = useTranslation();
  return (
    <ul className="gz-ma-choices">
      {choices.map((c) => {
        const m = matters.find((x) => x.id === c.matterId || x.seq === c.seq);
        return (
          <li key={c.seq}>
            <span className="gz-ma-choices-title">
              {t('masm.matterNo', { n: c.seq })} {m?.title ?? ''}
            </span>
            <ChoiceTag choice={c.choice} />
          </li>
        );
      })}
    </ul>
  );
}

/** Copy text, with the old way for pages not served over HTTPS (the clipboard API needs it). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** The receipt code in big letters and a copy button. */
export function ReceiptCode({ code, small }: { code: string; small?: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className={small ? 'gz-ma-receipt small' : 'gz-ma-receipt'}>
      <span className="gz-ma-receipt-code gz-mono" data-receipt={code} aria-label={t('masm.receiptCode')}>
        {code}
      </span>
      <Button
        size={small ? 'middle' : 'large'}
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        onClick={() => void copyText(code).then(() => setCopied(true), () => setCopied(false))}
        className="gz-ma-copy"
      >
        {copied ? t('masm.copied') : t('masm.copy')}
      </Button>
    </div>
  );
}

const TEST_ORDER: TestName[] = ['quorum_area', 'quorum_persons', 'agree_area', 'agree_persons'];

/** One matter's published result: passed or not, the three figures, why it failed, and the working. */
export function MatterOutcome({ r, matter }: { r: MatterResult; matter?: Matter }) {
  const { t } = useTranslation();
  const words = (x: MatterResult['tests'][number]) =>
    t(`masm.tests.${x.name}`, { pct: x.percent, value: x.value, of: x.of, required: t(`masm.required.${x.required}`, { defaultValue: x.required }) });
  const tests = TEST_ORDER.map((name) => r.tests.find((x) => x.name === name)).filter((x) => x !== undefined);
  const failed = tests.filter((x) => !x.passed);
  const figure = (label: string, f: MatterResult['agree'], cls: string) => (
    <div className={`gz-ma-figure ${cls}`}>
      <span className="gz-ma-figure-label">{label}</span>
      <b>{t('masm.personsShort', { n: f.persons })}</b>
      <span className="gz-ma-figure-area">{areaText(f.areaCenti)}</span>
    </div>
  );
  return (
    <div className={r.passed ? 'gz-ma-outcome passed' : 'gz-ma-outcome failed'} data-matter-seq={r.seq} data-passed={r.passed}>
      <div className="gz-ma-outcome-head">
        <span className="gz-ma-matter-no">{t('masm.matterNo', { n: r.seq })}</span>
        <span className={r.passed ? 'gz-ma-verdict passed' : 'gz-ma-verdict failed'}>
          {r.passed ? <CheckCircleFilled /> : <CloseCircleFilled />} {r.passed ? t('masm.passed') : t('masm.failed')}
        </span>
      </div>
      <div className="gz-ma-outcome-title">{matter?.title ?? r.title}</div>
      <div className="gz-ma-figures">
        {figure(t('masm.tallyAgree'), r.agree, 'agree')}
        {figure(t('masm.tallyOppose'), r.oppose, 'oppose')}
        {figure(t('masm.tallyAbstain'), r.abstain, 'abstain')}
      </div>
      {!r.passed && failed.length > 0 && (
        <p className="gz-ma-why">
          {t('masm.whyFailed')}
          {failed.map((x) => t('masm.whySentence', { text: words(x) })).join('')}
        </p>
      )}
      {r.deemed && <p className="gz-m-note">{t('masm.deemedNote', { choice: t(`masm.choices.${r.deemed.deemedAs}`), persons: r.deemed.deemed.persons })}</p>}
      <details className="gz-ma-basis">
        <summary>{t('masm.basis')}</summary>
        <ul className="gz-ma-tests">
          {tests.map((x) => (
            <li key={x.name} className={x.passed ? 'ok' : 'no'}>
              {x.passed ? <CheckOutlined /> : <CloseCircleFilled />} {words(x)}
            </li>
          ))}
        </ul>
        <p className="gz-ma-article">{t('masm.article', { article: [...new Set(tests.map((x) => x.article))].join('；') })}</p>
      </details>
    </div>
  );
}

/** The published result: totals, every matter, the elected committee. */
export function ResultsView({ results, matters }: { results: Results; matters: Matter[] }) {
  const { t } = useTranslation();
  return (
    <section className="gz-m-card gz-ma-results" id="m-results">
      <div className="gz-m-card-label">{t('masm.results')}</div>
      <p className="gz-ma-text">{t('masm.resultsIntro', { persons: results.totals.persons, area: areaText(results.totals.areaCenti) })}</p>
      <div className="gz-ma-outcomes">
        {results.matters.map((r) => (
          <MatterOutcome key={r.matterId} r={r} matter={matters.find((m) => m.id === r.matterId)} />
        ))}
      </div>
      {results.election && (
        <div className="gz-ma-elected">
          <div className="gz-ma-rule-title">{t('masm.elected')}</div>
          <ol>
            {results.election.elected.map((e) => (
              <li key={e.matterId}>{t('masm.electedLine', { rank: e.rank, name: e.name, persons: e.agreePersons })}</li>
            ))}
          </ol>
          {results.election.runOffNeeded && <p className="gz-m-note">{t('masm.runOff')}</p>}
        </div>
      )}
    </section>
  );
}
