// 三会一课: the meetings of the organisations in my scope (filters kept in the URL: organisation,
// kind, dates), each with its attendance against who should attend and the quorum verdict; the
// drawer to record a meeting and the meeting's record with its votes and files.
import { useState } from 'react';
import { Button, Card, DatePicker, Select, Table, Tag, Typography } from 'antd';
import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { PageHeader } from '../../app/Page';
import { useCan } from '../../app/permissions';
import { useUrlFilters } from '../../app/urlFilters';
import { KIND_LIST, useMeetings, type MeetingDetail, type MeetingKind, type MeetingSummary } from './api-meetings';
import { MeetingDetailDrawer } from './MeetingDetailDrawer';
import { MeetingFormDrawer } from './MeetingFormDrawer';
import { MeetingOrgSelect } from './MeetingOrgSelect';
import './MeetingPages.css';

export default function PartyMeetingsPage() {
  const { t } = useTranslation();
  const { listFilter } = useScope();
  const canManage = useCan('party.meetings.manage');
  const { params, set, page, size, pagination } = useUrlFilters();
  const [form, setForm] = useState<{ open: boolean; editing?: MeetingDetail }>({ open: false });
  const orgId = Number(params.get('org')) || undefined;
  const kindParam = params.get('kind');
  const kind = KIND_LIST.includes(kindParam as MeetingKind) ? (kindParam as MeetingKind) : undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const openId = Number(params.get('meeting')) || undefined;
  const list = useMeetings({ orgId, placeId: orgId ? undefined : listFilter.placeId, kind, from, to }, page, size, listFilter.ready);
  const show = (id: number | undefined) => set({ meeting: id ? String(id) : undefined, page: params.get('page') ?? undefined });

  return (
    <>
      <PageHeader
        title={t('partyMeetings.title')}
        sub={t('partyMeetings.sub')}
        extra={
          canManage && (
            <Button id="party-meeting-new" type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true })}>
              {t('partyMeetings.record')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="gz-toolbar gz-toolbar-wrap">
          <MeetingOrgSelect id="party-meeting-filter-org" placeholder={t('partyMeetings.org')} value={orgId} onChange={(id) => set({ org: id ? String(id) : undefined })} />
          <Select
            allowClear
            id="party-meeting-filter-kind"
            placeholder={t('partyMeetings.kind')}
            aria-label={t('partyMeetings.kind')}
            style={{ width: 160 }}
            value={kind}
            onChange={(v?: MeetingKind) => set({ kind: v })}
            options={KIND_LIST.map((k) => ({ value: k, label: t(`partyMeetings.kinds.${k}`) }))}
          />
          <DatePicker.RangePicker
            aria-label={t('partyMeetings.dates')}
            value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
            allowEmpty={[true, true]}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          />
          {(orgId || kind || from || to) && (
            <Button type="link" onClick={() => set({ org: undefined, kind: undefined, from: undefined, to: undefined })}>
              {t('partyMeetings.clear')}
            </Button>
          )}
        </div>
        {list.isError ? (
          <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<MeetingSummary>
            id="party-meeting-table"
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            onRow={(r) => ({ onClick: () => show(r.id), style: { cursor: 'pointer' } })}
            scroll={{ x: 960 }}
            locale={{ emptyText: t('partyMeetings.empty') }}
            pagination={pagination(list.data?.total ?? 0)}
            columns={[
              { title: t('partyMeetings.col.date'), dataIndex: 'heldOn', width: 110 },
              {
                title: t('partyMeetings.col.org'),
                dataIndex: 'orgName',
                width: 220,
                render: (v: string, r) => (
                  <div>
                    <Typography.Text ellipsis>{v}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary" className="gz-small">
                      {r.placeName}
                    </Typography.Text>
                  </div>
                ),
              },
              { title: t('partyMeetings.col.kind'), dataIndex: 'kind', width: 130, render: (k: MeetingKind) => <Tag bordered={false}>{t(`partyMeetings.kinds.${k}`)}</Tag> },
              { title: t('partyMeetings.col.topic'), dataIndex: 'topic', ellipsis: true },
              { title: t('partyMeetings.col.attendance'), width: 90, render: (_, r) => t('partyMeetings.presentOf', r) },
              {
                title: t('partyMeetings.col.quorum'),
                dataIndex: 'quorate',
                width: 100,
                render: (q: boolean | null) => (q === null ? t('partyMeetings.noRule') : <Tag color={q ? 'green' : 'red'}>{q ? t('partyMeetings.quorate') : t('partyMeetings.notQuorate')}</Tag>),
              },
              {
                title: t('partyMeetings.col.files'),
                dataIndex: 'files',
                width: 70,
                render: (n: number) =>
                  n > 0 ? (
                    <span>
                      <PaperClipOutlined /> {n}
                    </span>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </Card>
      <MeetingFormDrawer
        open={form.open}
        editing={form.editing}
        onClose={() => setForm({ open: false })}
        onSaved={(id) => {
          setForm({ open: false });
          show(id);
        }}
      />
      <MeetingDetailDrawer id={openId} onClose={() => show(undefined)} onEdit={(m) => setForm({ open: true, editing: m })} />
    </>
  );
}
