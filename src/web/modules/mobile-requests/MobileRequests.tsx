// 我的诉求: a resident's own requests; a grid volunteer's, the ones they filed for residents (and
// their own, when they have any). Filter open / done, load more at the end.
import { useState } from 'react';
import { Button, Empty, Segmented, Skeleton } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorResult } from '../../app/errors';
import { can } from '../../app/permissions';
import { useSession } from '../../app/session';
import { requestIdOfLink, useRequestCount, useRequestPages, useUnreadRequestNotes, type ListView, type OpenFilter } from './api';
import { RequestCard } from './RequestCard';
import './mobile-requests.css';

export default function MobileRequests() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const files = can(me, 'requests.intake');
  const isResident = me.grants.some((g) => g.role === 'resident');
  // a grid volunteer who is also a resident (or has filed for themselves) gets a tab for their own
  const mineCount = useRequestCount('mine', files && !isResident);
  const offerMine = !files || isResident || (mineCount.data ?? 0) > 0;
  const [view, setView] = useState<ListView>(files ? 'entered' : 'mine');
  const [open, setOpen] = useState<OpenFilter>('all');
  const pages = useRequestPages(view, open);
  const notes = useUnreadRequestNotes();
  const unread = new Set((notes.data ?? []).map((n) => requestIdOfLink(n.link)));
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="gz-m-page gz-mr-list-page">
      {files && offerMine && (
        <Segmented<ListView>
          block
          size="large"
          value={view}
          onChange={setView}
          options={[
            { label: t('mreq.tabEntered'), value: 'entered' },
            { label: t('mreq.tabMine'), value: 'mine' },
          ]}
        />
      )}
      <Segmented<OpenFilter>
        block
        value={open}
        onChange={setOpen}
        className="gz-mr-filter"
        options={[
          { label: t('mreq.filterAll'), value: 'all' },
          { label: t('mreq.filterOpen'), value: 'open' },
          { label: t('mreq.filterDone'), value: 'done' },
        ]}
      />
      {pages.isError ? (
        <ErrorResult error={pages.error} onRetry={() => void pages.refetch()} />
      ) : pages.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <section className="gz-m-card">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div className="gz-m-card-title gz-m-empty-title">{t('mreq.empty')}</div>
                <p className="gz-m-note">{t('mreq.emptyHint')}</p>
              </>
            }
          >
            <Button type="primary" size="large" icon={<FormOutlined />} onClick={() => navigate('/m/report')}>
              {t('mreq.reportNow')}
            </Button>
          </Empty>
        </section>
      ) : (
        <>
          <ul className="gz-mr-cards" aria-live="polite">
            {items.map((r) => (
              <RequestCard key={r.id} r={r} unread={unread.has(r.id)} showRequester={view === 'entered'} />
            ))}
          </ul>
          {pages.hasNextPage ? (
            <Button size="large" block loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()} className="gz-mr-more">
              {t('mreq.loadMore')}
            </Button>
          ) : (
            <p className="gz-m-note gz-mr-end">{t('mreq.noMore')}</p>
          )}
        </>
      )}
    </div>
  );
}
