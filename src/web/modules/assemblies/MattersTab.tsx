// 会议与事项: the meeting (notice text, materials; editable in draft) and the matters put to the
// owners, each with its 民法典 第278条 item and the threshold that item needs. Candidates of an
// election are matters too (item 3) but are managed on the election tab.
import { useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, Popconfirm, Select, Space, Typography, App as AntApp } from 'antd';
import { DeleteOutlined, EditOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorText } from '../../app/errors';
import { asmKeys, fileUrl, ITEMS, type AssemblyDetail, type Matter } from './api';
import { AssemblyDrawer } from './AssemblyDrawer';
import { FormDialog } from './FormDialog';
import { Downloads } from './ResultsTab';
import { isSpecialItem, ItemTag, ThresholdText, useItemLabel } from './labels';

interface MatterValues {
  item: number;
  title: string;
  description?: string;
}

function MatterDialog({ a, matter, onClose }: { a: AssemblyDetail; matter?: Matter; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const itemLabel = useItemLabel();
  const [form] = Form.useForm<MatterValues>();
  const item = Form.useWatch('item', form);
  const save = useMutation({
    mutationFn: (v: MatterValues) =>
      api<AssemblyDetail>(matter ? `/assemblies/${a.id}/matters/${matter.id}` : `/assemblies/${a.id}/matters`, {
        method: matter ? 'PATCH' : 'POST',
        body: { item: v.item, title: v.title.trim(), description: v.description?.trim() ?? '' },
      }),
    onSuccess: (next) => {
      qc.setQueryData(asmKeys.detail(a.id), next);
      message.success(matter ? t('asm.matters.saved') : t('asm.matters.added'));
      onClose();
    },
  });
  return (
    <FormDialog<MatterValues>
      form={form}
      save={save}
      width={640}
      title={matter ? t('asm.matters.edit') : t('asm.matters.add')}
      okId="asm-matter-submit"
      initialValues={matter ? { item: matter.item, title: matter.title, description: matter.description } : undefined}
      onClose={onClose}
    >
      <Form.Item
        name="item"
        label={t('asm.matters.item')}
        rules={[{ required: true, message: t('asm.matters.itemRequired') }]}
        extra={item ? <span id="asm-matter-threshold">{isSpecialItem(item) ? t('asm.threshold.special') : t('asm.threshold.ordinary')}</span> : t('asm.matters.itemHint')}
      >
        <Select
          id="asm-matter-item"
          disabled={!!matter?.electionId}
          options={ITEMS.map((n) => ({ value: n, label: `${t('asm.item.short', { n })}　${itemLabel(n)}` }))}
        />
      </Form.Item>
      <Form.Item name="title" label={t('asm.matters.title')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('asm.matters.titleRule') }]}>
        <Input id="asm-matter-title" maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('asm.matters.description')} rules={[{ max: 10000 }]}>
        <Input.TextArea id="asm-matter-description" rows={5} showCount maxLength={10000} />
      </Form.Item>
    </FormDialog>
  );
}

function MatterCard({ a, m, editable, onEdit }: { a: AssemblyDetail; m: Matter; editable: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const itemLabel = useItemLabel();
  const remove = useMutation({
    mutationFn: () => api<AssemblyDetail>(`/assemblies/${a.id}/matters/${m.id}`, { method: 'DELETE' }),
    onSuccess: (next) => {
      qc.setQueryData(asmKeys.detail(a.id), next);
      message.success(t('asm.matters.removed'));
    },
    onError: (e) => message.error(errorText(e)),
  });
  const isCandidate = m.electionId !== null;
  return (
    <div className="gz-asm-matter" data-seq={m.seq} data-item={m.item}>
      <div className="gz-asm-matter-seq">{m.seq}</div>
      <div className="gz-asm-matter-body">
        <div className="gz-asm-matter-head">
          <Typography.Text strong>{m.title}</Typography.Text>
          <ItemTag item={m.item} />
          {isCandidate && <Typography.Text type="secondary" className="gz-small">{t('asm.matters.candidateMatter')}</Typography.Text>}
        </div>
        <Typography.Text type="secondary" className="gz-small">
          {t('asm.item.long', { n: m.item, label: itemLabel(m.item) })}
        </Typography.Text>
        <div>
          <ThresholdText item={m.item} />
        </div>
        {m.description && <Typography.Paragraph className="gz-asm-pre gz-asm-matter-desc">{m.description}</Typography.Paragraph>}
      </div>
      {editable && !isCandidate && (
        <Space className="gz-asm-matter-actions">
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} aria-label={t('asm.matters.edit')} />
          <Popconfirm title={t('asm.matters.removeConfirm')} okText={t('asm.matters.remove')} cancelText={t('common.cancel')} onConfirm={() => remove.mutateAsync().catch(() => undefined)}>
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('asm.matters.remove')} loading={remove.isPending} />
          </Popconfirm>
        </Space>
      )}
    </div>
  );
}

export function MattersTab({ a, canOrganise }: { a: AssemblyDetail; canOrganise: boolean }) {
  const { t } = useTranslation();
  const [editingMeeting, setEditingMeeting] = useState(false);
  const [dialog, setDialog] = useState<{ matter?: Matter } | null>(null);
  const editable = canOrganise && a.state === 'draft';
  return (
    <div className="gz-stack">
      <Card
        size="small"
        title={t('asm.matters.meeting')}
        extra={
          <Space size={8}>
            {/* the notice for the notice board, with the matters and their thresholds */}
            <Downloads a={a} only="notice" />
            {editable && (
              <Button id="asm-edit-meeting" icon={<EditOutlined />} onClick={() => setEditingMeeting(true)}>
                {t('asm.matters.editMeeting')}
              </Button>
            )}
          </Space>
        }
      >
        {a.notice ? (
          <Typography.Paragraph className="gz-asm-pre gz-asm-notice" id="asm-notice">
            {a.notice}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('asm.matters.noNotice')}</Typography.Text>
        )}
        {a.materials.length > 0 && (
          <div className="gz-asm-materials">
            <Typography.Text type="secondary">{t('asm.matters.materials')}：</Typography.Text>
            {a.materials.map((f) => (
              <a key={f.id} href={fileUrl(a.id, f.id)} target="_blank" rel="noopener noreferrer">
                <PaperClipOutlined /> {f.filename}
              </a>
            ))}
          </div>
        )}
        {a.state !== 'draft' && <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: 8, marginBottom: 0 }}>{t('asm.matters.frozen')}</Typography.Paragraph>}
      </Card>
      <Card
        size="small"
        title={t('asm.matters.list', { n: a.matters.length })}
        extra={
          editable && (
            <Button id="asm-add-matter" type="primary" size="small" icon={<PlusOutlined />} onClick={() => setDialog({})}>
              {t('asm.matters.add')}
            </Button>
          )
        }
      >
        <Alert type="info" showIcon className="gz-asm-rule" title={t('asm.threshold.quorum')} description={t('asm.threshold.legend')} />
        {a.matters.length === 0 ? (
          <Empty description={t('asm.matters.none')} />
        ) : (
          <div id="asm-matters">
            {a.matters.map((m) => (
              <MatterCard key={m.id} a={a} m={m} editable={editable} onEdit={() => setDialog({ matter: m })} />
            ))}
          </div>
        )}
      </Card>
      {dialog && <MatterDialog a={a} matter={dialog.matter} onClose={() => setDialog(null)} />}
      <AssemblyDrawer open={editingMeeting} onClose={() => setEditingMeeting(false)} editing={a} />
    </div>
  );
}
