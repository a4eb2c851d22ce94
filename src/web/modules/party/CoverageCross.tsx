// The cross-appointment tab (交叉任职): per estate the branch committee against the owners'
// committee in office, the exact fraction and whether the target is met (the server's comparison).
import { useState } from 'react';
import { Checkbox, Progress, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/errors';
import { useCross, type CrossRow } from './api-orgs';

export function CoverageCross({ placeId, ready }: { placeId: number | undefined; ready: boolean }) {
  const { t } = useTranslation();
  const [only, setOnly] = useState(true);
  const cross = useCross(placeId, ready);
  if (cross.isError) return <ErrorResult error={cross.error} onRetry={() => void cross.refetch()} />;
  if (!cross.data) return <Skeleton active />;
  const c = 'partyOrgs.coverage';
  const rows = cross.data.items.filter((r) => !only || r.ownersCommitteeId !== null);
  return (
    <>
      <Typography.Paragraph>
        {t(`${c}.cross.target`, { pct: cross.data.targetPct })}{' '}
        <Checkbox checked={only} onChange={(e) => setOnly(e.target.checked)} style={{ marginInlineStart: 16 }}>
          {t(`${c}.cross.onlyWithCommittee`)}
        </Checkbox>
      </Typography.Paragraph>
      <Table<CrossRow>
        rowKey="estateId"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t(`${c}.community`), dataIndex: 'communityName', width: 130 },
          { title: t(`${c}.estate`), dataIndex: 'name' },
          { title: t(`${c}.branch`), dataIndex: 'branchName', render: (v: string | null) => v ?? '—' },
          { title: t(`${c}.cross.branchCommittee`), dataIndex: 'branchCommittee', width: 100 },
          { title: t(`${c}.cross.ownersCommittee`), dataIndex: 'ownersCommittee', width: 110, render: (v: number, r) => (r.ownersCommitteeId === null ? t(`${c}.cross.noCommittee`) : v) },
          { title: t(`${c}.cross.overlap`), dataIndex: 'fraction', width: 100, render: (v: string | null) => v ?? '—' },
          {
            title: t(`${c}.cross.share`),
            key: 'percent',
            width: 200,
            // the bar is drawn from the server's two-decimal text; met or not is its exact comparison
            render: (_, r) =>
              r.percent === null ? '—' : <Progress size="small" percent={Number(r.percent)} format={() => `${r.percent}%`} status={r.meetsTarget ? 'success' : 'exception'} />,
          },
          {
            title: '',
            key: 'met',
            width: 80,
            render: (_, r) => (r.ownersCommitteeId === null ? null : r.meetsTarget ? <Tag color="green">{t(`${c}.cross.met`)}</Tag> : <Tag color="red">{t(`${c}.cross.missed`)}</Tag>),
          },
        ]}
      />
    </>
  );
}
