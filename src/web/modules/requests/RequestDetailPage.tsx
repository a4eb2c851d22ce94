// 诉求详情: what was asked and where, the deadline clock, who received it first and who has it now,
// the timeline, and the actions the server says this user may take now.
import { useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../app/console/scope';
import { ErrorResult } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useRequest, type ActionName, type RequestDetailT } from './api';
import { StateTag, UnitName, useCategoryName } from './labels';
import { PhotoStrip } from './Photos';
import { RequestClock } from './RequestClock';
import { RequestTimeline } from './RequestTimeline';
import { ActionDialog } from './ActionDialog';
import { useNow } from './useNow';
import { VisitOrigin } from '../grid/VisitOrigin';
import './requests.css';

/** The actions that move the request forward get the primary look; refusing gets the danger one. */
const PRIMARY: ActionName[] = ['accept', 'resolve', 'resume'];
const DANGER: ActionName[] = ['decline'];

function ActionBar({ r, onPick }: { r: RequestDetailT; onPick: (a: ActionName) => void }) {
  const { t } = useTranslation();
  if (!r.actions.length) return <Typography.Text type="secondary">{t('requests.detail.noActions')}</Typography.Text>;
  return (
    <Space wrap className="gz-action-bar">
      {r.actions.map((a) => (
        <Button key={a} id={`action-${a}`} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => onPick(a)}>
          {t(`requests.actions.${a}`)}
        </Button>
      ))}
    </Space>
  );
}

function People({ r }: { r: RequestDetailT }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('requests.detail.none')}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        {
          key: 'requester',
          label: t('requests.detail.requester'),
          children: (
            <Space size={8} wrap>
              <span>{r.requesterName ?? '—'}</span>
              {r.requesterPhone && (
                <Typography.Text copyable className="gz-mono">
                  {r.requesterPhone}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        ...(r.enteredByName ? [{ key: 'entered', label: t('requests.detail.enteredBy'), children: r.enteredByName }] : []),
        { key: 'first', label: t('requests.detail.firstOwner'), children: <UnitName unit={r.firstOwner} /> },
        {
          key: 'owner',
          label: t('requests.detail.owner'),
          children: (
            <Space size={4} wrap>
              <UnitName unit={r.owner} />
              {r.transferCount > 0 && <Tag>{t('requests.detail.transfers', { n: r.transferCount })}</Tag>}
            </Space>
          ),
        },
        { key: 'accepted', label: t('requests.detail.acceptedBy'), children: r.acceptedByName ?? none },
        {
          key: 'co',
          label: t('requests.detail.cohandlers'),
          children: r.cohandlers.length ? (
            <Space orientation="vertical" size={2}>
              {r.cohandlers.map((u) => (
                <UnitName key={`${u.kind}-${u.placeId}-${u.orgId}`} unit={u} />
              ))}
            </Space>
          ) : (
            none
          ),
        },
        ...(r.externalRef ? [{ key: 'ext', label: t('requests.detail.externalRef'), children: <span className="gz-mono">{r.externalRef}</span> }] : []),
      ]}
    />
  );
}

function Outcome({ r }: { r: RequestDetailT }) {
  const { t } = useTranslation();
  const items = [
    ...(r.resolution ? [{ key: 'resolution', label: t('requests.detail.resolution'), children: <span className="gz-pre">{r.resolution}</span> }] : []),
    ...(r.rating
      ? [
          {
            key: 'rating',
            label: t('requests.detail.rating'),
            children: (
              <Space orientation="vertical" size={2}>
                <Tag color={r.rating === 'unsatisfied' ? 'red' : 'green'}>{t(`requests.ratings.${r.rating}`)}</Tag>
                {r.ratingReasons.length > 0 && <span>{r.ratingReasons.map((x) => t(`requests.ratingReasons.${x}`, { defaultValue: x })).join('、')}</span>}
                {r.ratingComment && <span className="gz-pre">{r.ratingComment}</span>}
              </Space>
            ),
          },
        ]
      : []),
    ...(r.followupResult
      ? [
          {
            key: 'followup',
            label: t('requests.detail.followup'),
            children: (
              <Space orientation="vertical" size={2}>
                <Tag>{t(`requests.followupResults.${r.followupResult}`, { defaultValue: r.followupResult })}</Tag>
                {r.followupNote && <span className="gz-pre">{r.followupNote}</span>}
              </Space>
            ),
          },
        ]
      : []),
  ];
  if (!items.length) return null;
  return (
    <Card size="small" title={t('requests.detail.outcome')}>
      <Descriptions size="small" column={1} items={items} />
    </Card>
  );
}

export default function RequestDetailPage() {
  const { t } = useTranslation();
  const { link } = useScope();
  const categoryName = useCategoryName();
  const now = useNow();
  const id = Number(useParams().id);
  const detail = useRequest(Number.isInteger(id) ? id : 0);
  const [acting, setActing] = useState<ActionName>();

  if (detail.isError) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Skeleton active />;
  const r = detail.data;
  // the photos filed with the request; those of later steps show in the timeline
  const intakePhotos = r.events.find((e) => e.type === 'submitted')?.photoIds ?? r.photoIds;

  return (
    <div className="gz-request" data-request-id={r.id} data-version={r.version}>
      <Link to={link('/requests')} className="gz-back">
        <ArrowLeftOutlined /> {t('requests.detail.back')}
      </Link>
      <Card size="small" className="gz-request-head">
        <div className="gz-request-title">
          <span className="gz-mono gz-ref" id="request-ref">
            {r.refNo}
          </span>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {r.title}
          </Typography.Title>
          <StateTag state={r.state} />
          {r.overdue && <Tag color="red">{t('requests.overdue')}</Tag>}
          {r.reopenCount > 0 && <Tag color="orange">{t('requests.reopened', { n: r.reopenCount })}</Tag>}
        </div>
        <Space size={[8, 4]} wrap className="gz-request-meta">
          <Tag color="red" variant="outlined">
            {categoryName(r)}
          </Tag>
          <Tag>{t(`requests.kinds.${r.kind}`)}</Tag>
          <Tag>{t(`requests.channels.${r.channel}`)}</Tag>
          <Tag>{t(`requests.classes.${r.deadlineClass}`)}</Tag>
          <Typography.Text type="secondary">{r.placeLabel}</Typography.Text>
          <Typography.Text type="secondary">· {formatDateTime(r.submittedAt)}</Typography.Text>
          <VisitOrigin requestId={r.id} channel={r.channel} />
        </Space>
        <div className="gz-request-actions">
          <ActionBar r={r} onPick={setActing} />
        </div>
      </Card>

      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('requests.detail.description')}>
            <Typography.Paragraph className="gz-pre" style={{ marginBottom: 8 }}>
              {r.description}
            </Typography.Paragraph>
            {r.locationNote && (
              <Typography.Paragraph type="secondary">
                {t('requests.detail.locationNote')}：{r.locationNote}
              </Typography.Paragraph>
            )}
            <PhotoStrip ids={intakePhotos} />
          </Card>
          <Card size="small" title={t('requests.detail.timeline')} style={{ marginTop: 16 }}>
            {r.events.length ? <RequestTimeline events={r.events} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <div className="gz-stack">
            <Card size="small" title={t('requests.detail.clock')}>
              <RequestClock r={r} now={now} />
            </Card>
            <Card size="small" title={t('requests.detail.people')}>
              <People r={r} />
            </Card>
            <Outcome r={r} />
          </div>
        </Col>
      </Row>
      {acting && <ActionDialog request={r} action={acting} onClose={() => setActing(undefined)} />}
    </div>
  );
}
