// 业主表决: the assemblies where I vote — each with its state, voting period, whether I have voted
// and one clear thing to do next (vote, see my vote, read the notice, see the result).
import { Button, Empty, Skeleton } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleFilled, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { useMyAssemblies, type MyAssemblyItem } from './api';
import { StateTag } from './parts';
import { countdown, hasResults, periodText } from './words';
import './mobile-assemblies.css';

function Action({ a }: { a: MyAssemblyItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const go = (path: string) => () => navigate(path);
  if (a.state === 'voting' && !a.voted) {
    return (
      <Button type="primary" size="large" block className="gz-ma-cta" onClick={go(`/m/assemblies/${a.id}/vote`)}>
        {t('masm.goVote')}
      </Button>
    );
  }
  const [label, path] =
    a.state === 'voting' ? [t('masm.seeMyVote'), `/m/assemblies/${a.id}`]
      : hasResults(a.state) ? [t('masm.seeResult'), `/m/assemblies/${a.id}#m-results`]
        : a.state === 'announced' ? [t('masm.seeNotice'), `/m/assemblies/${a.id}`]
          : [t('masm.seeDetail'), `/m/assemblies/${a.id}`];
  return (
    <Button size="large" block className="gz-ma-cta" onClick={go(path)}>
      {label}
    </Button>
  );
}

function VotedLine({ a }: { a: MyAssemblyItem }) {
  const { t } = useTranslation();
  if (a.state === 'announced' || a.state === 'draft') return null;
  if (a.voted) {
    return (
      <div className="gz-ma-voted yes">
        <CheckCircleFilled /> {t('masm.youVoted')}
      </div>
    );
  }
  // after the close, not having voted is a fact, not a call to act
  const partly = a.votedVoters > 0;
  return (
    <div className={a.state === 'voting' ? 'gz-ma-voted no' : 'gz-ma-voted past'}>
      <ExclamationCircleFilled /> {partly ? t('masm.youVotedPart', { done: a.votedVoters, left: a.voters - a.votedVoters }) : t('masm.notVoted')}
    </div>
  );
}

export default function MobileAssemblies() {
  const { t } = useTranslation();
  const q = useMyAssemblies();

  return (
    <div className="gz-m-page gz-ma-page">
      <p className="gz-ma-intro">{t('masm.listIntro')}</p>
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : q.data.length === 0 ? (
        <section className="gz-m-card">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div className="gz-m-card-title gz-m-empty-title">{t('masm.empty')}</div>
                <p className="gz-m-note">{t('masm.emptyHint')}</p>
              </>
            }
          />
        </section>
      ) : (
        <ul className="gz-ma-cards">
          {q.data.map((a) => {
            const soon = countdown(t, a);
            return (
              <li key={a.id} className="gz-ma-card" data-assembly-id={a.id} data-state={a.state}>
                <Link to={`/m/assemblies/${a.id}`} className="gz-ma-card-link">
                  <span className="gz-ma-card-head">
                    <span className="gz-ma-card-title">{a.title}</span>
                    <RightOutlined className="gz-m-row-arrow" />
                  </span>
                  <span className="gz-ma-card-sub">{a.estateName}</span>
                  <StateTag state={a.state} />
                  <span className="gz-ma-card-period">
                    <ClockCircleOutlined /> {t('masm.votingPeriodLine', { period: periodText(t, a) })}
                  </span>
                  {soon && <span className="gz-ma-soon">{soon}</span>}
                </Link>
                <VotedLine a={a} />
                <Action a={a} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
