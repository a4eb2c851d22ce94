// A meeting's record: the quorum verdict with its article (第十一条 / 第十二条), who attended, the
// motions with their result against those who should attend, the minutes, and the files (upload,
// download). Those who may record meetings correct or delete it from here.
import { Alert, Button, Card, Descriptions, Drawer, Empty, List, Popconfirm, Space, Tag, Typography, Upload, App as AntApp } from 'antd';
import { DeleteOutlined, EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { useCan } from '../../app/permissions';
import { fileHref, meetingKeys, useMeeting, type MeetingDetail } from './api-meetings';

const STATUS_COLOUR = { present: 'green', leave: 'gold', absent: 'default' } as const;

export function MeetingDetailDrawer({ id, onClose, onEdit }: { id?: number; onClose: () => void; onEdit: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const canManage = useCan('party.meetings.manage');
  const meeting = useMeeting(id);
  const m = meeting.data;

  const remove = useMutation({
    mutationFn: () => api(`/party/meetings/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: meetingKeys.all });
      void message.success(t('partyMeetings.detail.deleted'));
      onClose();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return api(`/party/meetings/${id}/files`, { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: meetingKeys.all });
      void message.success(t('partyMeetings.detail.uploaded'));
    },
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={620}
      title={m ? `${t(`partyMeetings.kinds.${m.kind}`)} · ${m.heldOn}` : t('partyMeetings.detail.title')}
      extra={
        m &&
        canManage && (
          <Space>
            <Button id="party-meeting-edit" icon={<EditOutlined />} onClick={() => onEdit(m)}>
              {t('partyMeetings.detail.edit')}
            </Button>
            <Popconfirm title={t('partyMeetings.detail.deleteConfirm')} onConfirm={() => remove.mutate()} okButtonProps={{ danger: true }}>
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending}>
                {t('partyMeetings.detail.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {meeting.isError ? (
        <ErrorResult error={meeting.error} onRetry={() => void meeting.refetch()} />
      ) : !m ? null : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} id="party-meeting-detail">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('partyMeetings.org')}>
              {m.orgName} <Tag bordered={false}>{t(`partyOrgs.kinds.${m.orgKind}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('partyMeetings.topic')}>{m.topic}</Descriptions.Item>
            {m.location && <Descriptions.Item label={t('partyMeetings.location')}>{m.location}</Descriptions.Item>}
            {m.createdBy && <Descriptions.Item label={t('partyMeetings.detail.recordedBy')}>{m.createdBy}</Descriptions.Item>}
          </Descriptions>

          {m.quorum && (
            <Alert
              id="party-meeting-quorum"
              type={m.quorum.quorate ? 'success' : 'error'}
              showIcon
              title={t('partyMeetings.detail.quorumLine', { verdict: m.quorum.quorate ? t('partyMeetings.detail.quorumYes') : t('partyMeetings.detail.quorumNo'), figures: t('partyMeetings.detail.entitledPresent', m.quorum) })}
              description={<span className="gz-small">{m.quorum.article}</span>}
            />
          )}

          <Card size="small" title={t('partyMeetings.detail.attendees')} extra={<span className="gz-small">{t('partyMeetings.detail.counts', m.counts)}</span>}>
            <Space size={[4, 6]} wrap>
              {m.attendance.map((a) => (
                <Tag key={a.memberId} color={STATUS_COLOUR[a.status]} bordered={false}>
                  {a.name}
                  {!a.voting && ` · ${t('partyMeetings.form.nonVoting')}`} · {t(`partyMeetings.attendance.${a.status}`)}
                </Tag>
              ))}
            </Space>
          </Card>

          {m.kind === 'members' && (
            <Card size="small" title={t('partyMeetings.detail.motions')} id="party-meeting-motions">
              {m.motionList.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <List
                  size="small"
                  dataSource={m.motionList}
                  renderItem={(x) => (
                    <List.Item>
                      <List.Item.Meta
                        title={
                          <Space>
                            <Tag color={x.passed ? 'green' : 'red'}>{x.passed ? t('partyMeetings.detail.passed') : t('partyMeetings.detail.failed')}</Tag>
                            {x.title}
                          </Space>
                        }
                        description={t('partyMeetings.detail.votes', x)}
                      />
                    </List.Item>
                  )}
                />
              )}
              {m.motionRule && (
                <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: 8, marginBottom: 0 }}>
                  {m.motionRule}
                </Typography.Paragraph>
              )}
            </Card>
          )}

          <Card size="small" title={t('partyMeetings.minutes')}>
            {m.minutes ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.minutes}</Typography.Paragraph> : <Typography.Text type="secondary">{t('partyMeetings.detail.noMinutes')}</Typography.Text>}
          </Card>

          <Card
            size="small"
            title={t('partyMeetings.detail.files')}
            extra={
              canManage && (
                <Upload showUploadList={false} accept=".pdf,.jpg,.jpeg,.png,.docx" beforeUpload={(f) => (upload.mutate(f), false)}>
                  <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} id="party-meeting-upload">
                    {t('partyMeetings.detail.upload')}
                  </Button>
                </Upload>
              )
            }
          >
            {m.fileList.length === 0 ? (
              <Typography.Text type="secondary">{t('partyMeetings.detail.noFiles')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={m.fileList}
                renderItem={(f) => (
                  <List.Item>
                    <a href={fileHref(m.id, f.id)} download={f.filename}>
                      <PaperClipOutlined /> {f.filename}
                    </a>
                    <span className="gz-small">{Math.ceil(f.size / 1024)} KB</span>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
