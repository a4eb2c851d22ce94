// 年度评价: each registration's year (confirmed hours, posts claimed), its grade and comment, the
// feedback letter to the employer (PDF, recorded in the ledger on download) and the year as XLSX.
import { useState } from 'react';
import { Button, Form, Input, Radio, Select, Space, Table, Tag, App as AntApp } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, download } from '../../api/client';
import { ErrorResult, useErrorText } from '../../app/errors';
import { FormDialog } from '../assemblies/FormDialog';
import { GRADE_LIST, hm, useDualWrite, useSummary, type Grade, type SummaryItem } from './api';

function EvaluateDialog({ item, year, onClose }: { item: SummaryItem; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ grade: Grade; comment?: string }>();
  const save = useDualWrite(
    (v: { grade: Grade; comment?: string }) => api(`/dual/registrations/${item.registrationId}/evaluations/${year}`, { method: 'PUT', body: { grade: v.grade, comment: v.comment ?? '' } }),
    () => {
      message.success(t('dual.evaluation.saved'));
      onClose();
    },
  );
  return (
    <FormDialog
      form={form}
      save={save}
      title={`${t('dual.evaluation.evaluate')} · ${item.name} · ${year}`}
      okId="dual-evaluate-ok"
      initialValues={{ grade: item.grade ?? undefined, comment: item.comment ?? '' }}
      onClose={onClose}
    >
      <Form.Item name="grade" label={t('dual.reg.grade')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={GRADE_LIST.map((g) => ({ value: g, label: t(`dual.grades.${g}`) }))} />
      </Form.Item>
      <Form.Item name="comment" label={t('dual.evaluation.comment')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={4} maxLength={1000} showCount />
      </Form.Item>
    </FormDialog>
  );
}

export function EvaluationsTab({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const list = useSummary({ communityId, year });
  const [evaluating, setEvaluating] = useState<SummaryItem | null>(null);
  const fetchFile = (path: string, name: string) => download(path, name).catch((e: unknown) => message.error(errorText(e)));
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <div className="gz-dual-bar">
        <Space>
          <span>{t('dual.year')}</span>
          <Select id="dual-year" value={year} onChange={setYear} style={{ width: 110 }} options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))} />
        </Space>
        <Button icon={<DownloadOutlined />} id="dual-export" disabled={communityId === undefined} onClick={() => void fetchFile(`/dual/letters.xlsx?communityId=${communityId}&year=${year}`, `dual-${year}.xlsx`)}>
          {t('dual.evaluation.export')}
        </Button>
      </div>
      <Table<SummaryItem>
        rowKey="registrationId"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('dual.reg.empty') }}
        columns={[
          {
            title: t('dual.reg.name'),
            key: 'name',
            render: (_, r) => (
              <Space>
                <span>{r.name}</span>
                <Tag color={r.kind === 'member' ? 'red' : 'blue'}>{t(`dual.kinds.${r.kind}`)}</Tag>
              </Space>
            ),
          },
          { title: t('dual.reg.employer'), key: 'employer', render: (_, r) => r.employer ?? '—' },
          { title: t('dual.evaluation.posts'), key: 'posts', render: (_, r) => (r.posts.length ? r.posts.join('、') : '—') },
          { title: t('dual.evaluation.confirmedHours'), key: 'hours', width: 110, render: (_, r) => <span className="gz-dual-mono">{hm(r.confirmedMinutes)}</span> },
          {
            title: t('dual.reg.grade'),
            key: 'grade',
            width: 240,
            render: (_, r) => (
              <div>
                {r.grade ? <Tag color="gold">{t(`dual.grades.${r.grade}`)}</Tag> : <Tag>{t('dual.evaluation.notEvaluated')}</Tag>}
                {r.comment && <div className="gz-dual-sub">{r.comment}</div>}
              </div>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setEvaluating(r)}>
                  {t('dual.evaluation.evaluate')}
                </Button>
                <Button size="small" icon={<FilePdfOutlined />} disabled={!r.grade} onClick={() => void fetchFile(`/dual/registrations/${r.registrationId}/letter?year=${year}`, `letter-${r.registrationId}-${year}.pdf`)}>
                  {t('dual.evaluation.letter')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {evaluating && <EvaluateDialog item={evaluating} year={year} onClose={() => setEvaluating(null)} />}
    </>
  );
}
