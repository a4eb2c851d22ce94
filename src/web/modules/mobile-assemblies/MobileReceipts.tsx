// 核对选票: after voting closes, every receipt code and its choices are public. An owner looks up
// their own code (offered from their ballots) and sees what the published list says about it:
// counted, replaced by a newer ballot, and the choice on each matter. The whole list can be opened.
import { useEffect, useState } from 'react';
import { Alert, Button, Input, Skeleton } from 'antd';
import { CheckCircleFilled, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { useMyAssembly, useReceipt, useReceipts, type Matter, type PublicReceipt } from './api';
import { ChoiceTag, ReceiptCode } from './parts';
import { afterClose, timeText } from './words';
import './mobile-assemblies.css';

const normal = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/(.{4})(?=.)/g, '$1-');

function ReceiptCard({ r, matters, mine }: { r: PublicReceipt; matters: Matter[]; mine?: boolean }) {
  const { t } = useTranslation();
  const seqs = Object.keys(r.choices).map(Number).sort((x, y) => x - y);
  return (
    <div className={mine ? 'gz-ma-found mine' : 'gz-ma-found'} data-receipt={r.receipt} data-status={r.status}>
      <div className="gz-ma-found-head">
        <span className="gz-mono gz-ma-found-code">{r.receipt}</span>
        <span className={r.status === 'counted' ? 'gz-ma-voted yes' : 'gz-ma-voted past'}>{t(`masm.receiptStatus.${r.status}`)}</span>
      </div>
      <div className="gz-m-note">
        {t('masm.voterNo')} {r.voterNo} · {t(`masm.channels.${r.channel}`)}
      </div>
      <ul className="gz-ma-choices">
        {seqs.map((s) => (
          <li key={s}>
            <span className="gz-ma-choices-title">
              {t('masm.matterNo', { n: s })} {matters.find((m) => m.seq === s)?.title ?? ''}
            </span>
            <ChoiceTag choice={r.choices[String(s)]} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function MobileReceipts() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const q = useMyAssembly(id);
  const open = !!q.data && afterClose(q.data.state);
  const [input, setInput] = useState('');
  const [code, setCode] = useState('');
  const found = useReceipt(id, open ? code : '');
  const all = useReceipts(id, open);
  const [showAll, setShowAll] = useState(false);
  const foundCode = found.data?.receipt;
  useEffect(() => {
    if (foundCode) document.getElementById('m-found')?.scrollIntoView({ block: 'center' });
  }, [foundCode]);

  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 8 }} />;
  const a = q.data;
  const mine = a.receipts.map((r) => r.receipt);
  const look = (c: string) => {
    const n = normal(c);
    setInput(n);
    setCode(n);
  };
  // a code of the wrong shape is refused (400) before it is looked up: to the owner, not found either way
  const notFound = found.isError && found.error instanceof ApiError && (found.error.status === 404 || found.error.status === 400);

  return (
    <div className="gz-m-page gz-ma-page" id="m-receipts">
      <section className="gz-m-card">
        <h2 className="gz-ma-title">{t('masm.receiptsTitle')}</h2>
        <div className="gz-m-card-label">{a.title}</div>
        <p className="gz-ma-text">{t('masm.receiptsIntro')}</p>
        {!open && <Alert type="info" showIcon title={t('masm.receiptsNotYet', { time: timeText(t, a.votingClosesAt) })} className="gz-ma-alert" />}
      </section>

      {mine.length > 0 && (
        <section className="gz-m-card">
          <div className="gz-m-card-label">{t('masm.myReceipts')}</div>
          {a.receipts.map((r) => (
            <div key={r.receipt} className="gz-ma-my-receipt">
              <ReceiptCode code={r.receipt} small />
              <div className="gz-m-note">
                {t(`masm.receiptStatus.${r.status}`)} · {timeText(t, r.castAt)}
              </div>
              {open && (
                <Button size="large" block onClick={() => look(r.receipt)} className="gz-ma-cta" data-look={r.receipt}>
                  <SearchOutlined /> {t('masm.lookUpButton')}
                </Button>
              )}
            </div>
          ))}
        </section>
      )}

      {open && (
        <section className="gz-m-card">
          <div className="gz-m-card-label">{t('masm.lookUp')}</div>
          <div className="gz-ma-lookup">
            <Input
              size="large"
              className="gz-mono"
              value={input}
              placeholder={t('masm.lookUpPlaceholder')}
              onChange={(e) => setInput(e.target.value)}
              onPressEnter={() => look(input)}
              id="m-lookup"
              autoCapitalize="characters"
            />
            <Button type="primary" size="large" onClick={() => look(input)} id="m-lookup-go">
              {t('masm.lookUpButton')}
            </Button>
          </div>
          {found.isFetching && <Skeleton active paragraph={{ rows: 2 }} />}
          {found.data && (
            <div id="m-found">
              <div className="gz-ma-voted yes gz-ma-gap">
                <CheckCircleFilled /> {t('masm.found')}
              </div>
              <ReceiptCard r={found.data} matters={a.matters} mine={mine.includes(found.data.receipt)} />
            </div>
          )}
          {notFound && <Alert type="warning" showIcon title={t('masm.notFound')} className="gz-ma-alert" id="m-not-found" />}
          {found.isError && !notFound && <Alert type="error" showIcon title={errorText(found.error)} className="gz-ma-alert" />}
        </section>
      )}

      {open && all.data && (
        <section className="gz-m-card">
          <div className="gz-ma-all-head">
            <span className="gz-m-card-label">{t('masm.allReceipts', { n: all.data.total })}</span>
            <Button onClick={() => setShowAll((x) => !x)}>{showAll ? t('masm.hideAll') : t('masm.showAll')}</Button>
          </div>
          {showAll && (
            <div className="gz-ma-all">
              {all.data.items.map((r) => (
                <ReceiptCard key={r.receipt} r={r} matters={a.matters} mine={mine.includes(r.receipt)} />
              ))}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
