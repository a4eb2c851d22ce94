// 业主大会详情: the header (state, estate, organiser, voting period in Beijing time, the frozen roll's
// totals, the next step the state allows) and one tab per part of the work; the tab is kept in the
// URL (?tab=). Tabs that have nothing to show yet in this state are left out.
import type { ReactNode } from 'react';
import { Card, Descriptions, Skeleton, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { useCan } from '../../app/permissions';
import { useNow } from '../requests/useNow';
import { useAssembly, useAssemblySettings, type AssemblyDetail, type AssemblyState } from './api';
import { areaText, beijing } from './figures';
import { StateTag } from './labels';
import { StepBar } from './StepBar';
import { MattersTab } from './MattersTab';
import { ElectionTab } from './ElectionTab';
import { RollTab } from './RollTab';
import { DeliveryTab } from './DeliveryTab';
import { PaperBallotsTab } from './PaperBallotsTab';
import { TurnoutTab } from './TurnoutTab';
import { ResultsTab } from './ResultsTab';
import './assemblies.css';

type TabKey = 'matters' | 'election' | 'roll' | 'delivery' | 'paper' | 'turnout' | 'results';

const AFTER_ANNOUNCE: AssemblyState[] = ['announced', 'voting', 'closed', 'counted', 'published', 'archived'];
const FROM_VOTING: AssemblyState[] = ['voting', 'closed', 'counted', 'published', 'archived'];
const COUNTED: AssemblyState[] = ['counted', 'published', 'archived'];

function tabsFor(a: AssemblyDetail): TabKey[] {
  const out: TabKey[] = ['matters', 'election', 'roll'];
  if (AFTER_ANNOUNCE.includes(a.state)) out.push('delivery');
  if (FROM_VOTING.includes(a.state)) out.push('paper', 'turnout');
  if (COUNTED.includes(a.state)) out.push('results');
  return out;
}

function Header({ a, now, noticeDays, canOrganise }: { a: AssemblyDetail; now: number; noticeDays: number | undefined; canOrganise: boolean }) {
  const { t } = useTranslation();
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'estate', label: t('asm.head.estate'), children: a.estateName },
    { key: 'organiser', label: t('asm.head.organiser'), children: `${t(`asm.organisers.${a.organiserKind}`)} · ${a.organiserName}` },
    { key: 'period', label: t('asm.head.period'), children: <span id="asm-period">{t('asm.head.periodText', { from: beijing(a.votingOpensAt), to: beijing(a.votingClosesAt) })}</span> },
    {
      key: 'roll',
      label: t('asm.head.roll'),
      children:
        a.rollPersons === null ? (
          <Typography.Text type="secondary">{t('asm.list.notFrozen')}</Typography.Text>
        ) : (
          <span id="asm-roll-totals">
            {t('asm.persons', { n: a.rollPersons })} · {areaText(a.rollAreaCenti)}
          </span>
        ),
    },
  ];
  if (a.announcedAt) items.push({ key: 'announced', label: t('asm.head.announcedAt'), children: t('asm.head.announcedText', { at: beijing(a.announcedAt), n: a.noticeDays ?? '—' }) });
  if (a.publicityEndsAt) items.push({ key: 'publicity', label: t('asm.head.publicityEnds'), children: beijing(a.publicityEndsAt) });
  return (
    <Card size="small" className="gz-asm-head">
      <div className="gz-asm-title-row">
        <Typography.Title level={4} style={{ margin: 0 }} id="asm-title">
          {a.title}
        </Typography.Title>
        <StateTag state={a.state} />
        <Tag>{t(`asm.kinds.${a.kind}`)}</Tag>
        {a.deemedVotes && <Tag color="orange">{t('asm.head.deemedVotes')}</Tag>}
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} className="gz-asm-head-desc" />
      {canOrganise && (
        <div className="gz-asm-head-actions">
          <StepBar a={a} now={now} noticeDays={noticeDays} />
        </div>
      )}
    </Card>
  );
}

export default function AssemblyDetailPage() {
  const { t } = useTranslation();
  const { link } = useScope();
  const now = useNow();
  const id = Number(useParams().id);
  const detail = useAssembly(Number.isInteger(id) ? id : 0);
  const canOrganise = useCan('assemblies.organise');
  const canConfigure = useCan('assemblies.configure');
  const [params, setParams] = useSearchParams();
  const settings = useAssemblySettings(detail.data?.estateId, canConfigure && detail.data?.state === 'draft');

  if (detail.isError) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Skeleton active />;
  const a = detail.data;
  const keys = tabsFor(a);
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey = asked && keys.includes(asked) ? asked : COUNTED.includes(a.state) ? 'results' : 'matters';
  const body = (k: TabKey): ReactNode => {
    switch (k) {
      case 'matters':
        return <MattersTab a={a} canOrganise={canOrganise} />;
      case 'election':
        return <ElectionTab a={a} canOrganise={canOrganise} />;
      case 'roll':
        return <RollTab a={a} canOrganise={canOrganise} />;
      case 'delivery':
        return <DeliveryTab a={a} canOrganise={canOrganise} />;
      case 'paper':
        return <PaperBallotsTab a={a} canOrganise={canOrganise} />;
      case 'turnout':
        return <TurnoutTab a={a} />;
      case 'results':
        return <ResultsTab a={a} />;
    }
  };

  return (
    <div className="gz-asm" data-assembly-id={a.id} data-state={a.state} data-version={a.version}>
      <Link to={link('/assemblies')} className="gz-asm-back">
        <ArrowLeftOutlined /> {t('asm.head.back')}
      </Link>
      <Header a={a} now={now} noticeDays={settings.data?.effective.noticeDays} canOrganise={canOrganise} />
      <Card size="small" style={{ marginTop: 16 }}>
        <Tabs
          id="asm-tabs"
          activeKey={tab}
          destroyOnHidden
          onChange={(k) =>
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', k);
              return next;
            })
          }
          items={keys.map((k) => ({ key: k, label: t(`asm.tabs.${k}`), children: body(k) }))}
        />
      </Card>
    </div>
  );
}
