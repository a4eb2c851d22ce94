// One owners' petition: what it asks and why, its progress toward 20 % of the area and of the
// owners, whether I (or a co-owner) signed, and the sign button; once reached or convened, what follows.
import { Alert, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { Kv } from '../../app/mobile/Kv';
import { useMyPetition } from './api';
import { PetitionProgress, PetitionState, SignButton } from './petition-parts';
import { dateText } from './words';
import './mobile-assemblies.css';

export default function MobilePetition() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const q = useMyPetition(id);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active className="gz-m-page" paragraph={{ rows: 8 }} />;
  const p = q.data;
  return (
    <div className="gz-m-page gz-ma-page" data-petition-id={p.id} data-state={p.state}>
      <section className="gz-m-card">
        <h2 className="gz-ma-title">{p.title}</h2>
        <PetitionState p={p} />
        <Kv label={t('masm.estate')}>{p.estateName}</Kv>
        <Kv label={t('masm.startedOn')}>{dateText(t, p.createdAt)}</Kv>
      </section>
      <section className="gz-m-card">
        <div className="gz-m-card-label">{t('masm.reason')}</div>
        <p className="gz-ma-notice">{p.reason}</p>
      </section>
      <section className="gz-m-card" id="m-petition-progress">
        <p className="gz-ma-text">{t('masm.petitionsIntro')}</p>
        <PetitionProgress totals={p.totals} />
        {p.state === 'reached' && <Alert type="success" showIcon title={t('masm.reachedHint')} className="gz-ma-alert" />}
        {p.state === 'convened' && (
          <Alert
            type="success"
            showIcon
            title={t('masm.convenedHint')}
            description={p.assemblyId ? <Link to={`/m/assemblies/${p.assemblyId}`}>{t('masm.seeAssembly')}</Link> : undefined}
            className="gz-ma-alert"
          />
        )}
        <SignButton p={p} />
      </section>
    </div>
  );
}
