// One request in a phone list: title, state, category, number, time, and marks for overdue and news.
import { Tag } from 'antd';
import { ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import type { RequestSummary } from './api';
import { STATE_COLOR, stateWords, timeText } from './words';

/** 「阳光社区 · 棉麻公司家属院 · 1号楼 · 1单元 · 101」 → 「棉麻公司家属院 1号楼 1单元 101」: the community goes without saying. */
export function shortPlace(label: string): string {
  const parts = label.split(' · ');
  return (parts.length > 1 ? parts.slice(1) : parts).join(' ');
}

export function RequestCard({ r, unread, showRequester }: { r: RequestSummary; unread: boolean; showRequester: boolean }) {
  const { t, i18n } = useTranslation();
  const when = dayjs(r.submittedAt);
  const category = i18n.language === 'en' ? r.categoryEn : r.categoryZh;
  return (
    <li>
      <Link to={`/m/requests/${r.id}`} className="gz-mr-card" data-request-id={r.id} data-ref-no={r.refNo}>
        <span className="gz-mr-card-head">
          <span className="gz-mr-card-title">
            {unread && <span className="gz-mr-dot" aria-label={t('mreq.unread')} title={t('mreq.unread')} />}
            {r.title}
          </span>
          <Tag color={STATE_COLOR[r.state]} className="gz-mr-state">
            {stateWords(t, r)}
          </Tag>
        </span>
        <span className="gz-mr-card-meta">
          {/* a title left empty is the category's name: say it once */}
          <span>{category !== r.title ? category : ''}</span>
          <span className="gz-mono">{r.refNo}</span>
        </span>
        <span className="gz-mr-card-meta">
          <span className="gz-mr-card-place">{showRequester && r.requesterName ? `${r.requesterName} · ${shortPlace(r.placeLabel)}` : shortPlace(r.placeLabel)}</span>
        </span>
        <span className="gz-mr-card-foot">
          <span>
            <ClockCircleOutlined /> {when.isSame(dayjs(), 'day') ? when.format('HH:mm') : timeText(t, r.submittedAt)}
          </span>
          {r.overdue && (
            <Tag color="red" className="gz-mr-overdue">
              {t('mreq.overdue')}
            </Tag>
          )}
          <RightOutlined className="gz-m-row-arrow" />
        </span>
      </Link>
    </li>
  );
}
