// The bell: unread count polled every 30 s, a dropdown with the latest notifications and mark-read.
import { useState } from 'react';
import { Badge, Button, Empty, Popover, Spin, Switch, Typography, App as AntApp } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { api } from '../api/client';
import type { Notification, NotificationList } from '../api/types';
import { useErrorText } from './errors';

dayjs.extend(relativeTime);

const POLL_MS = 30_000;

export function NotificationBell({ size = 'middle' }: { size?: 'middle' | 'large' }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery({
    queryKey: ['notifications', unreadOnly],
    queryFn: () => api<NotificationList>('/notifications', { query: { limit: 20, unreadOnly } }),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
  const markRead = useMutation({
    mutationFn: (ids: number[] | 'all') => api<{ marked: number }>('/notifications/read', { method: 'POST', body: { ids } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
    onError: (e) => message.error(errorText(e)),
  });

  const openItem = (n: Notification) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.link) {
      setOpen(false);
      if (/^https?:\/\//.test(n.link)) window.location.assign(n.link);
      else navigate(n.link);
    }
  };

  const unread = list.data?.unread ?? 0;
  const content = (
    <div className="gz-notes">
      <div className="gz-notes-head">
        <Typography.Text strong>{t('shell.notifications')}</Typography.Text>
        <span className="gz-notes-tools">
          <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('shell.unreadOnly')} /> {t('shell.unreadOnly')}
          <Button type="link" size="small" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate('all')}>
            {t('shell.markAllRead')}
          </Button>
        </span>
      </div>
      {list.isLoading ? (
        <Spin />
      ) : !list.data || list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('shell.noNotifications')} />
      ) : (
        <ul className="gz-notes-list">
          {list.data.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <button type="button" onClick={() => openItem(n)}>
                <span className="gz-notes-title">
                  {!n.readAt && <Badge status="processing" />} {n.title}
                </span>
                <span className="gz-notes-body">{n.body}</span>
                <span className="gz-notes-time">{dayjs(n.createdAt).fromNow()}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      <Button type="text" size={size} aria-label={`${t('shell.notifications')} (${unread})`}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: size === 'large' ? 22 : 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
