// 表决结果: per matter whether it passed, the four tests of 民法典 第278条 第2款 with their figures
// (value / of, share, required share) and the article, failed tests highlighted; deemed votes under
// the covenant's clause shown apart; the election's ranking, who is elected and any run-off; the
// ledger head the result was counted at; the notice PDF, the archive XLSX and the public record.
import type { ReactNode } from 'react';
import { Alert, Button, Card, Collapse, Descriptions, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { DownloadOutlined, FilePdfOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/client';
import { useErrorText } from '../../app/errors';
import type { AssemblyDetail, Figures, MatterResult, Results, TestRow } from './api';
import { areaText, beijing, compareBig } from './figures';
import { ChoiceTag, FiguresText, ItemTag } from './labels';

const AREA_TESTS = ['quorum_area', 'agree_area'];

function TestsTable({ tests, failed, id }: { tests: TestRow[]; failed: string[]; id?: string }) {
  const { t } = useTranslation();
  const figure = (name: string, v: string) => (AREA_TESTS.includes(name) ? areaText(v) : t('asm.persons', { n: v }));
  return (
    <Table<TestRow>
      id={id}
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={tests}
      rowClassName={(r) => (failed.includes(r.name) || !r.passed ? 'gz-asm-test-failed' : '')}
      columns={[
        { title: t('asm.results.test'), dataIndex: 'name', width: 200, render: (v: string) => t(`asm.tests.${v}`, { defaultValue: v }) },
        { title: t('asm.results.figures'), render: (_, r) => <span className="gz-mono">{`${figure(r.name, r.value)} / ${figure(r.name, r.of)}`}</span> },
        { title: t('asm.results.share'), dataIndex: 'percent', width: 100, align: 'right', render: (v: string) => <span className="gz-mono">{v}%</span> },
        { title: t('asm.results.required'), dataIndex: 'required', width: 90, align: 'center', render: (v: string) => <span className="gz-mono">{v}</span> },
        {
          title: t('asm.results.outcome'),
          dataIndex: 'passed',
          width: 90,
          render: (v: boolean) => (v ? <Tag color="green">{t('asm.results.testPassed')}</Tag> : <Tag color="red">{t('asm.results.testFailed')}</Tag>),
        },
      ]}
    />
  );
}

/** The article behind a test, in the reader's language (the server states it in Chinese). */
function articleKey(x: TestRow): 'quorum' | 'special' | 'ordinary' {
  if (x.name === 'quorum_area' || x.name === 'quorum_persons') return 'quorum';
  return x.required === '≥ 3/4' ? 'special' : 'ordinary';
}

function Articles({ tests }: { tests: TestRow[] }) {
  const { t } = useTranslation();
  const articles = [...new Set(tests.map((x) => t(`asm.results.articleOf.${articleKey(x)}`)))];
  return (
    <ul className="gz-asm-articles">
      {articles.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  );
}

function Tally({ m }: { m: MatterResult }) {
  const { t } = useTranslation();
  const row = (key: string, label: ReactNode, f: Figures) => ({ key, label, children: <FiguresText f={f} /> });
  return (
    <Descriptions
      size="small"
      colon={false}
      className="gz-asm-tally"
      column={{ xs: 1, md: 2, xl: 4 }}
      items={[
        row('agree', <ChoiceTag choice="agree" />, m.agree),
        row('oppose', <ChoiceTag choice="oppose" />, m.oppose),
        row('abstain', <ChoiceTag choice="abstain" />, m.abstain),
        row('part', t('asm.results.participating'), m.participating),
      ]}
    />
  );
}

/** One matter's reasoning: its tally, the four tests with figures and the articles, deemed votes apart. */
function MatterDetail({ m }: { m: MatterResult }) {
  const { t } = useTranslation();
  // the decision on real ballots alone; where the covenant's clause applies the deemed one takes effect
  const real = m.real ?? { passed: m.passed, failed: m.failed };
  return (
    <div className="gz-asm-result" data-seq={m.seq} data-passed={m.passed}>
      <Typography.Text type="secondary" className="gz-small">
        {m.rule === 'double_three_quarters' ? t('asm.threshold.special') : t('asm.threshold.ordinary')}
      </Typography.Text>
      <Tally m={m} />
      {!real.passed && (
        <Alert
          type="error"
          showIcon
          className="gz-asm-failed-note"
          title={t(m.deemed ? 'asm.results.failedTestsReal' : 'asm.results.failedTests', { tests: real.failed.map((f) => t(`asm.tests.${f}`, { defaultValue: f })).join(t('asm.sep')) })}
        />
      )}
      {m.deemed && <Typography.Text strong>{t('asm.results.realTitle')}</Typography.Text>}
      <TestsTable tests={m.tests} failed={real.failed} />
      <Articles tests={m.tests} />
      {m.deemed && (
        <div className="gz-asm-deemed">
          <Typography.Text strong>{t('asm.results.deemedTitle')}</Typography.Text>
          <Typography.Paragraph className="gz-small" style={{ margin: '4px 0 8px' }}>
            {t('asm.results.deemedText', { persons: m.deemed.deemed.persons, area: areaText(m.deemed.deemed.areaCenti), choice: t(`asm.choices.${m.deemed.deemedAs}`) })}{' '}
            {m.deemed.passed !== real.passed && t('asm.results.deemedChanged')}
          </Typography.Paragraph>
          <TestsTable tests={m.deemed.tests} failed={m.deemed.failed} />
        </div>
      )}
    </div>
  );
}

function Verdict({ m }: { m: MatterResult }) {
  const { t } = useTranslation();
  return (
    <Space size={6}>
      {m.deemed && <Typography.Text type="secondary" className="gz-small">{t('asm.results.byDeemed')}</Typography.Text>}
      <Tag color={m.passed ? 'green' : 'red'} className="gz-asm-verdict">
        {m.passed ? t('asm.results.passed') : t('asm.results.failed')}
      </Tag>
    </Space>
  );
}

/** The share of a test as "86.90%" with its requirement, red when not met. */
function Share({ test }: { test: TestRow | undefined }) {
  if (!test) return <span>—</span>;
  return (
    <span className={test.passed ? 'gz-mono' : 'gz-mono gz-asm-bad'}>
      {test.percent}% <span className="gz-asm-req">{test.required}</span>
    </span>
  );
}

/** Every matter on one line: participation, agreement, the outcome and the tests not met. */
function Overview({ r }: { r: Results }) {
  const { t } = useTranslation();
  const test = (m: MatterResult, name: string) => m.tests.find((x) => x.name === name);
  return (
    <Table<MatterResult>
      id="asm-results-overview"
      rowKey="matterId"
      size="small"
      pagination={false}
      dataSource={r.matters}
      scroll={{ x: 980 }}
      rowClassName={(m) => (m.passed ? '' : 'gz-asm-row-failed')}
      columns={[
        { title: '#', dataIndex: 'seq', width: 44 },
        {
          title: t('asm.turnout.matter'),
          render: (_, m) => (
            <Space size={6} wrap>
              <span>{m.title}</span>
              <ItemTag item={m.item} />
            </Space>
          ),
        },
        {
          title: t('asm.results.partShort'),
          width: 200,
          render: (_, m) => (
            <span className="gz-asm-shares">
              <span>{t('asm.results.areaShort')} <Share test={test(m, 'quorum_area')} /></span>
              <span>{t('asm.results.personsShort')} <Share test={test(m, 'quorum_persons')} /></span>
            </span>
          ),
        },
        {
          title: t('asm.results.agreeShort'),
          width: 200,
          render: (_, m) => (
            <span className="gz-asm-shares">
              <span>{t('asm.results.areaShort')} <Share test={test(m, 'agree_area')} /></span>
              <span>{t('asm.results.personsShort')} <Share test={test(m, 'agree_persons')} /></span>
            </span>
          ),
        },
        { title: t('asm.results.outcome'), width: 170, render: (_, m) => <Verdict m={m} /> },
        {
          title: t('asm.results.notMet'),
          width: 190,
          render: (_, m) => {
            const failed = m.real?.failed ?? m.failed;
            return failed.length ? <Typography.Text type="danger">{failed.map((f) => t(`asm.tests.${f}`)).join(t('asm.sep'))}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>;
          },
        },
      ]}
    />
  );
}

interface RankRow {
  matterId: number;
  name: string;
  agree: Figures;
  passed: boolean;
  rank: number | null;
  tied: boolean;
}

function ElectionResult({ a, r }: { a: AssemblyDetail; r: NonNullable<Results['election']> }) {
  const { t } = useTranslation();
  const tied = new Set(r.tiedForLast.map((c) => c.matterId));
  const rankOf = new Map(r.elected.map((e) => [e.matterId, e.rank]));
  const rows: RankRow[] = (a.election?.candidates ?? [])
    .map((c) => {
      const m = a.results?.matters.find((x) => x.matterId === c.matterId);
      return { matterId: c.matterId, name: c.name, agree: m?.agree ?? { areaCenti: '0', persons: 0 }, passed: m?.passed ?? false, rank: rankOf.get(c.matterId) ?? null, tied: tied.has(c.matterId) };
    })
    .sort((x, y) => Number(y.passed) - Number(x.passed) || y.agree.persons - x.agree.persons || compareBig(y.agree.areaCenti, x.agree.areaCenti) || x.matterId - y.matterId);
  return (
    <Card size="small" title={t('asm.results.election', { seats: r.seats, elected: r.elected.length })} id="asm-election-result">
      {r.runOffNeeded && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('asm.results.runOff', { names: r.tiedForLast.map((c) => c.name).join(t('asm.sep')) })} />}
      {r.minimumMet === false ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} id="asm-election-minimum" title={t('asm.results.belowMinimum', { n: r.elected.length })} />
      ) : (
        r.elected.length < r.seats && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('asm.results.seatsLeft', { n: r.seats - r.elected.length })} />
      )}
      <Table<RankRow>
        rowKey="matterId"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('asm.results.rank'), dataIndex: 'rank', width: 70, render: (v: number | null) => v ?? '—' },
          { title: t('asm.election.name'), dataIndex: 'name' },
          { title: t('asm.results.agreePersons'), width: 120, render: (_, x) => t('asm.persons', { n: x.agree.persons }) },
          { title: t('asm.results.agreeArea'), width: 150, render: (_, x) => areaText(x.agree.areaCenti) },
          { title: t('asm.results.ownTest'), width: 130, render: (_, x) => (x.passed ? <Tag color="green">{t('asm.results.passed')}</Tag> : <Tag color="red">{t('asm.results.failed')}</Tag>) },
          {
            title: t('asm.results.seat'),
            width: 120,
            render: (_, x) => (x.rank ? <Tag color="red">{t('asm.results.elected')}</Tag> : x.tied ? <Tag color="orange">{t('asm.results.tied')}</Tag> : <Typography.Text type="secondary">{t('asm.results.notElected')}</Typography.Text>),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('asm.election.rule')}
      </Typography.Paragraph>
    </Card>
  );
}

/** The notice PDF, the archive XLSX and the public record JSON (the record exists once counted). */
export function Downloads({ a, only }: { a: AssemblyDetail; only?: 'notice' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const get = (path: string, name: string) => download(path, name).catch((e: unknown) => message.error(errorText(e)));
  const notice = (
    <Button id="asm-download-notice" icon={<FilePdfOutlined />} onClick={() => void get(`/assemblies/${a.id}/notice.pdf`, `assembly-${a.id}-notice.pdf`)}>
      {t('asm.results.noticePdf')}
    </Button>
  );
  if (only === 'notice') return notice;
  return (
    <Space wrap>
      {notice}
      <Button id="asm-download-archive" icon={<FileExcelOutlined />} onClick={() => void get(`/assemblies/${a.id}/archive.xlsx`, `assembly-${a.id}-archive.xlsx`)}>
        {t('asm.results.archiveXlsx')}
      </Button>
      <Button id="asm-download-record" icon={<DownloadOutlined />} onClick={() => void get(`/assemblies/${a.id}/record`, `assembly-${a.id}-record.json`)}>
        {t('asm.results.record')}
      </Button>
    </Space>
  );
}

export function ResultsTab({ a }: { a: AssemblyDetail }) {
  const { t } = useTranslation();
  const r = a.results;
  if (!r) return <Alert type="info" showIcon title={t('asm.results.none')} />;
  const passed = r.matters.filter((m) => m.passed).length;
  return (
    <div className="gz-stack" id="asm-results">
      <Card size="small" title={t('asm.results.summary', { passed, total: r.matters.length })} extra={<Downloads a={a} />}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'totals', label: t('asm.results.rollTotals'), children: <FiguresText f={r.totals} /> },
            { key: 'counted', label: t('asm.results.countedAt'), children: beijing(a.countedAt) },
            {
              key: 'publicity',
              label: t('asm.results.publicity'),
              children: a.publicityEndsAt ? t('asm.results.publicityUntil', { at: beijing(a.publicityEndsAt), days: a.publicityDays ?? '—' }) : t('asm.results.notPublished'),
            },
            { key: 'deemed', label: t('asm.results.deemedVotes'), children: r.deemedVotes ? t('asm.results.deemedOn') : t('asm.results.deemedOff') },
            {
              key: 'ledger',
              label: t('asm.results.ledgerHead'),
              span: 2,
              children: (
                <Space size={6} wrap>
                  <Typography.Text code copyable className="gz-asm-hash" id="asm-ledger-head">
                    {r.ledgerHead}
                  </Typography.Text>
                  <Typography.Text type="secondary" className="gz-small">
                    {t('asm.results.ledgerSeq', { n: r.ledgerSeq })}
                  </Typography.Text>
                </Space>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" className="gz-small" style={{ marginBottom: 0 }}>
          {t('asm.results.verifyHint')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('asm.results.overview')}>
        <Overview r={r} />
      </Card>
      {r.election && <ElectionResult a={a} r={r.election} />}
      <Card size="small" title={t('asm.results.reasoning')}>
        <Typography.Paragraph type="secondary" className="gz-small">
          {t('asm.results.reasoningHint')}
        </Typography.Paragraph>
        <Collapse
          className="asm-results-matters"
          defaultActiveKey={r.matters.filter((m) => !m.passed || (m.real && !m.real.passed)).map((m) => String(m.matterId))}
          items={r.matters.map((m) => ({
            key: String(m.matterId),
            className: m.passed ? undefined : 'gz-asm-collapse-failed',
            label: (
              <Space size={8} wrap>
                <span>
                  {m.seq}. {m.title}
                </span>
                <ItemTag item={m.item} />
              </Space>
            ),
            extra: <Verdict m={m} />,
            children: <MatterDetail m={m} />,
          }))}
        />
      </Card>
    </div>
  );
}
