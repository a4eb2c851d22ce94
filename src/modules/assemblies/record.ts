// The verifiable public record of an assembly (Helios / ElectionGuard, in the subset that fits):
// the masked roll, the matters, every counted ballot by its receipt, the whole hash-chained
// ballot ledger and the results as stored. Anyone holding the JSON can re-run the count:
// verifyPublicRecord() needs no database. It
//   (a) walks the hash chain (and finds it ending at the assembly's published head),
//   (b) replays the ledger (roll frozen and corrected; ballots, changes, confirmations and
//       rejections) and requires the record's ballots to be exactly the ledger's counted ballots,
//   (c) requires the record's roll (areas, active flags, totals) to be the ledger's roll,
//   (d) recomputes every matter by 民法典 第278条 (computeResults, the very code of the count) from
//       the replayed ballots and roll and requires the stored results to say the same,
//   (e) checks the `counted` ledger entry against those results.
// The record carries no personal data beyond masked owner names and the candidates' names
// (candidates stand in public); internal person ids are left out of the results.
import stringify from 'safe-stable-stringify';
import { sql } from 'drizzle-orm';
import { AppError, defineErrors } from '../../core/errors';
import { rows, type Db } from '../../core/db/client';
import { checkChain, GENESIS, readLedger, type LedgerEntry } from './ledger';
import { maskName } from './roll';
import type { Choice, Figures, Item } from './rule';
import { assemblyRow, computeResults, electionOf, type AssemblyResults, type AssemblyState, type FiguresDto, type MatterTally } from './service';

export const RecordErrors = defineErrors({
  ASSEMBLY_RECORD_NOT_READY: { status: 409, zh: '计票完成后才公开表决记录', en: 'The public record is available once the votes are counted' },
});

export const RECORD_FORMAT = 'gongzhi.assembly-record';
export const RECORD_VERSION = 1;
const PUBLIC_STATES: AssemblyState[] = ['counted', 'published', 'archived'];
const CHOICES: readonly Choice[] = ['agree', 'oppose', 'abstain'];

export interface RecordVoter {
  voterNo: number;
  name: string; // masked (maskName)
  kind: 'person' | 'developer';
  areaCenti: string;
  unitCount: number;
  active: boolean;
}

export interface RecordMatter {
  seq: number;
  matterId: number;
  item: Item;
  title: string;
  election: boolean;
}

export interface RecordBallot {
  receipt: string;
  voterNo: number;
  channel: 'online' | 'paper' | 'proxy';
  /** matter seq → choice */
  choices: Record<string, Choice>;
}

/** The results as stored, less the internal person ids of candidates. */
export type PublicResults = Omit<AssemblyResults, 'election'> & {
  election: null | {
    electionId: number;
    seats: number;
    elected: { matterId: number; name: string; agreePersons: number; agreeArea: string; rank: number }[];
    tiedForLast: { matterId: number; name: string }[];
    runOffNeeded: boolean;
  };
};

export interface PublicRecord {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  exportedAt: string;
  assembly: {
    id: number;
    estateName: string;
    title: string;
    kind: string;
    organiserKind: string;
    organiserName: string;
    state: AssemblyState;
    votingOpensAt: string;
    votingClosesAt: string;
    announcedAt: string | null;
    openedAt: string | null;
    closedAt: string | null;
    countedAt: string | null;
    publishedAt: string | null;
    deemedVotes: boolean;
    ledgerSeq: number;
    ledgerHead: string;
  };
  roll: { totals: FiguresDto; voters: RecordVoter[] };
  matters: RecordMatter[];
  election: null | { electionId: number; title: string; seats: number; termYears: number; candidates: { seq: number; matterId: number; name: string }[] };
  ballots: RecordBallot[];
  ledger: LedgerEntry[];
  results: PublicResults | null;
}

function publicResults(r: AssemblyResults | Omit<AssemblyResults, 'ledgerHead' | 'ledgerSeq'>): Omit<PublicResults, 'ledgerHead' | 'ledgerSeq'> & Partial<Pick<PublicResults, 'ledgerHead' | 'ledgerSeq'>> {
  const { election, ...rest } = r;
  return {
    ...rest,
    election: election
      ? {
          electionId: election.electionId,
          seats: election.seats,
          elected: election.elected.map(({ personId: _p, ...e }) => e),
          tiedForLast: election.tiedForLast.map(({ personId: _p, ...c }) => c),
          runOffNeeded: election.runOffNeeded,
        }
      : null,
  };
}

/** The public record of a counted (or published, archived) assembly, read from the database. */
export async function buildPublicRecord(db: Db, assemblyId: number): Promise<PublicRecord> {
  const a = await assemblyRow(db, assemblyId);
  if (!PUBLIC_STATES.includes(a.state) || !a.results) throw new AppError(RecordErrors.ASSEMBLY_RECORD_NOT_READY, { state: a.state });
  const voters = await rows<{ voter_no: number; kind: 'person' | 'developer'; name: string; area: string; unit_count: number; active: boolean }>(
    db,
    sql`SELECT voter_no, kind, name, area_centi::text AS area, unit_count, active FROM assembly_voters WHERE assembly_id = ${assemblyId} ORDER BY voter_no`,
  );
  const matters = await rows<{ id: number; seq: number; item: number; title: string; election_id: number | null }>(
    db,
    sql`SELECT id::int AS id, seq, item, title, election_id::int AS election_id FROM assembly_matters WHERE assembly_id = ${assemblyId} ORDER BY seq`,
  );
  const seqOf = new Map(matters.map((m) => [m.id, m.seq]));
  const election = await electionOf(db, assemblyId);
  // what the count reads: the ballot rows flagged counted, grouped by their paper (receipt) and
  // the voter each row names; a counted paper whose rows are gone still shows, with no choices
  const ballotRows = await rows<{ receipt: string; channel: RecordBallot['channel']; voter_no: number; seq: number | null; choice: Choice | null }>(
    db,
    sql`SELECT s.receipt, s.channel, coalesce(vb.voter_no, vs.voter_no) AS voter_no, m.seq, b.choice
          FROM assembly_submissions s
          JOIN assembly_voters vs ON vs.id = s.voter_id
          LEFT JOIN assembly_ballots b ON b.submission_id = s.id AND b.counted
          LEFT JOIN assembly_voters vb ON vb.id = b.voter_id
          LEFT JOIN assembly_matters m ON m.id = b.matter_id
         WHERE s.assembly_id = ${assemblyId} AND (s.status = 'counted' OR b.submission_id IS NOT NULL)
         ORDER BY s.receipt, voter_no, m.seq`,
  );
  const ballots: RecordBallot[] = [];
  for (const r of ballotRows) {
    let last = ballots.at(-1);
    if (!last || last.receipt !== r.receipt || last.voterNo !== r.voter_no) {
      last = { receipt: r.receipt, voterNo: r.voter_no, channel: r.channel, choices: {} };
      ballots.push(last);
    }
    if (r.seq !== null && r.choice !== null) last.choices[String(r.seq)] = r.choice;
  }
  const ledger = await readLedger(db, assemblyId);
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    exportedAt: new Date().toISOString(),
    assembly: {
      id: a.id,
      estateName: a.estateName,
      title: a.title,
      kind: a.kind,
      organiserKind: a.organiserKind,
      organiserName: a.organiserName,
      state: a.state,
      votingOpensAt: a.votingOpensAt,
      votingClosesAt: a.votingClosesAt,
      announcedAt: a.announcedAt,
      openedAt: a.openedAt,
      closedAt: a.closedAt,
      countedAt: a.countedAt,
      publishedAt: a.publishedAt,
      deemedVotes: a.deemedVotes,
      ledgerSeq: a.ledgerSeq,
      ledgerHead: a.ledgerHead,
    },
    roll: {
      totals: { areaCenti: a.rollAreaCenti ?? '0', persons: a.rollPersons ?? 0 },
      voters: voters.map((v) => ({ voterNo: v.voter_no, name: maskName(v.name, v.kind), kind: v.kind, areaCenti: v.area, unitCount: v.unit_count, active: v.active })),
    },
    matters: matters.map((m) => ({ seq: m.seq, matterId: m.id, item: m.item as Item, title: m.title, election: m.election_id !== null })),
    election: election
      ? {
          electionId: election.electionId,
          title: election.title,
          seats: election.seats,
          termYears: election.termYears,
          candidates: election.candidates.map((c) => ({ seq: seqOf.get(c.matterId) ?? 0, matterId: c.matterId, name: c.name })),
        }
      : null,
    ballots,
    ledger,
    results: publicResults(a.results) as PublicResults,
  };
}

// ---------------------------------------------------------------------------------------------
// verification (pure)

export type CheckId = 'format' | 'chain' | 'matters' | 'roll' | 'ballots' | 'results' | 'counted';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface VerifyCheck {
  id: CheckId;
  title: Bilingual;
  ok: boolean;
  /** what was found: the figures on success, the first discrepancies on failure */
  reason: Bilingual;
  problems: Bilingual[];
}

export interface RecomputedMatter {
  seq: number;
  item: number;
  title: string;
  agree: FiguresDto;
  oppose: FiguresDto;
  abstain: FiguresDto;
  participating: FiguresDto;
  passed: boolean;
  failed: string[];
}

export interface VerifyReport {
  ok: boolean;
  assembly: { id: number | null; estateName: string; title: string };
  checks: VerifyCheck[];
  recomputed: null | {
    ledgerEntries: number;
    ledgerHead: string;
    totals: FiguresDto;
    ballots: number;
    matters: RecomputedMatter[];
    elected: { seq: number; name: string; rank: number }[];
    runOffNeeded: boolean;
  };
}

const TITLES: Record<CheckId, Bilingual> = {
  format: { zh: '记录格式', en: 'record format' },
  chain: { zh: '账本哈希链', en: 'ledger hash chain' },
  matters: { zh: '表决事项', en: 'matters' },
  roll: { zh: '表决名册', en: 'voter roll' },
  ballots: { zh: '选票与账本', en: 'ballots against the ledger' },
  results: { zh: '重新计票', en: 'recount' },
  counted: { zh: '计票账本条目', en: 'the counted ledger entry' },
};

const MAX_PROBLEMS = 20;

class Check {
  problems: Bilingual[] = [];
  constructor(readonly id: CheckId) {}
  fail(zh: string, en: string) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ zh, en });
    else this.truncated++;
  }
  truncated = 0;
  done(okReason: Bilingual): VerifyCheck {
    const ok = this.problems.length === 0;
    const more = this.truncated ? { zh: `（另有 ${this.truncated} 处）`, en: ` (and ${this.truncated} more)` } : { zh: '', en: '' };
    return {
      id: this.id,
      title: TITLES[this.id],
      ok,
      reason: ok ? okReason : { zh: this.problems[0].zh + more.zh, en: this.problems[0].en + more.en },
      problems: this.problems,
    };
  }
}

interface ReplayVoter {
  kind: string;
  areaCenti: string;
  unitCount: number;
  active: boolean;
}

interface Replayed {
  voters: Map<number, ReplayVoter>;
  totals: { areaCenti: string; persons: number } | null;
  deemedVotes: boolean;
  matters: { seq: number; item: number; title: string }[];
  current: Map<number, { receipt: string; channel: string; choices: Record<string, string> }>;
  counted: LedgerEntry[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const choicesText = (c: Record<string, string>) => Object.keys(c).sort((a, b) => Number(a) - Number(b)).map((k) => `${k}:${c[k]}`).join(' ') || '—';

/** Replay the ledger: the roll as frozen and corrected, and each voter's counted ballot. */
function replay(ledger: LedgerEntry[], rollCheck: Check, ballotCheck: Check): Replayed {
  const out: Replayed = { voters: new Map(), totals: null, deemedVotes: false, matters: [], current: new Map(), counted: [] };
  const pending = new Map<string, { voterNo: number; channel: string; choices: Record<string, string> }>();
  const seen = new Set<string>();
  let phase: 'draft' | 'announced' | 'voting' | 'closed' | 'counted' = 'draft';
  const sumTotals = () => {
    let area = 0n;
    let persons = 0;
    for (const v of out.voters.values()) if (v.active) (area += BigInt(v.areaCenti), persons++);
    return { areaCenti: area.toString(), persons };
  };
  for (const e of ledger) {
    const p = isObj(e.payload) ? e.payload : {};
    const at = `#${e.seq}`;
    switch (e.kind) {
      case 'roll_frozen': {
        if (phase !== 'draft') rollCheck.fail(`账本第 ${at} 条：名册重复冻结`, `ledger ${at}: the roll is frozen twice`);
        phase = 'announced';
        for (const v of Array.isArray(p.voters) ? p.voters : []) {
          if (!isObj(v)) continue;
          out.voters.set(Number(v.voterNo), { kind: String(v.kind), areaCenti: String(v.areaCenti), unitCount: Number(v.unitCount), active: true });
        }
        out.deemedVotes = p.deemedVotes === true;
        out.matters = (Array.isArray(p.matters) ? p.matters : []).filter(isObj).map((m) => ({ seq: Number(m.seq), item: Number(m.item), title: String(m.title) }));
        out.totals = isObj(p.totals) ? { areaCenti: String(p.totals.areaCenti), persons: Number(p.totals.persons) } : null;
        const sum = sumTotals();
        if (!out.totals || out.totals.areaCenti !== sum.areaCenti || out.totals.persons !== sum.persons) {
          rollCheck.fail(`账本第 ${at} 条：冻结名册合计 ${s(p.totals)} 与逐户相加 ${s(sum)} 不符`, `ledger ${at}: the frozen roll's totals ${s(p.totals)} differ from the sum of its voters ${s(sum)}`);
        }
        break;
      }
      case 'roll_corrected': {
        if (phase !== 'announced') rollCheck.fail(`账本第 ${at} 条：名册更正不在公告期内`, `ledger ${at}: a roll correction outside the announcement period`);
        const v = out.voters.get(Number(p.voterNo));
        const after = isObj(p.after) ? p.after : {};
        if (!v) {
          rollCheck.fail(`账本第 ${at} 条：更正了名册中没有的第 ${s(p.voterNo)} 号`, `ledger ${at}: corrects voter no. ${s(p.voterNo)}, who is not on the roll`);
          break;
        }
        if (p.action === 'area') v.areaCenti = String(after.areaCenti);
        else if (p.action === 'remove') v.active = false;
        else if (p.action === 'restore') v.active = true;
        const sum = sumTotals();
        const t = isObj(p.totals) ? { areaCenti: String(p.totals.areaCenti), persons: Number(p.totals.persons) } : null;
        if (!t || t.areaCenti !== sum.areaCenti || t.persons !== sum.persons) {
          rollCheck.fail(`账本第 ${at} 条：更正后合计 ${s(p.totals)} 与逐户相加 ${s(sum)} 不符`, `ledger ${at}: the totals after the correction ${s(p.totals)} differ from the sum of the voters ${s(sum)}`);
        }
        out.totals = t;
        break;
      }
      case 'voting_opened':
        phase = 'voting';
        break;
      case 'ballot': {
        const receipt = String(p.receipt);
        const voterNo = Number(p.voterNo);
        const choices = isObj(p.choices) ? (p.choices as Record<string, string>) : {};
        if (phase !== 'voting') ballotCheck.fail(`账本第 ${at} 条：回执 ${receipt} 的选票不在投票期内`, `ledger ${at}: ballot ${receipt} outside the voting period`);
        if (seen.has(receipt)) ballotCheck.fail(`账本第 ${at} 条：回执码 ${receipt} 重复`, `ledger ${at}: receipt ${receipt} appears twice`);
        seen.add(receipt);
        const v = out.voters.get(voterNo);
        if (!v || !v.active) ballotCheck.fail(`账本第 ${at} 条：第 ${voterNo} 号不在有效名册中`, `ledger ${at}: voter no. ${voterNo} is not on the active roll`);
        for (const [seq, c] of Object.entries(choices)) {
          if (!out.matters.some((m) => String(m.seq) === seq)) ballotCheck.fail(`账本第 ${at} 条：事项 ${seq} 不属于本次大会`, `ledger ${at}: matter ${seq} is not part of this assembly`);
          if (!(CHOICES as readonly string[]).includes(c)) ballotCheck.fail(`账本第 ${at} 条：无效选项 ${s(c)}`, `ledger ${at}: invalid choice ${s(c)}`);
        }
        const cur = out.current.get(voterNo);
        const supersedes = p.supersedes ?? null;
        if ((cur?.receipt ?? null) !== supersedes) {
          ballotCheck.fail(
            `账本第 ${at} 条：回执 ${receipt} 声称替换 ${s(supersedes)}，而该业主当时有效的选票是 ${cur?.receipt ?? '无'}`,
            `ledger ${at}: ballot ${receipt} says it replaces ${s(supersedes)}, but the voter's counted ballot then was ${cur?.receipt ?? 'none'}`,
          );
        }
        if (p.status === 'counted') {
          // an online ballot counts at once and replaces the voter's earlier one
          out.current.set(voterNo, { receipt, channel: String(p.channel), choices });
        } else {
          if ([...pending.values()].some((x) => x.voterNo === voterNo)) ballotCheck.fail(`账本第 ${at} 条：第 ${voterNo} 号已有待确认的纸质选票`, `ledger ${at}: voter no. ${voterNo} already has a paper ballot awaiting confirmation`);
          pending.set(receipt, { voterNo, channel: String(p.channel), choices });
        }
        break;
      }
      case 'ballot_confirmed': {
        const receipt = String(p.receipt);
        const b = pending.get(receipt);
        if (!b) {
          ballotCheck.fail(`账本第 ${at} 条：确认了不存在或已处理的选票 ${receipt}`, `ledger ${at}: confirms ${receipt}, which is not awaiting confirmation`);
          break;
        }
        if (phase !== 'voting' && phase !== 'closed') ballotCheck.fail(`账本第 ${at} 条：计票后又确认选票`, `ledger ${at}: a confirmation after the count`);
        pending.delete(receipt);
        out.current.set(b.voterNo, { receipt, channel: b.channel, choices: b.choices });
        break;
      }
      case 'ballot_rejected': {
        const receipt = String(p.receipt);
        if (!pending.delete(receipt)) ballotCheck.fail(`账本第 ${at} 条：退回了不存在或已处理的选票 ${receipt}`, `ledger ${at}: rejects ${receipt}, which is not awaiting confirmation`);
        break;
      }
      case 'closed':
        if (phase !== 'voting') ballotCheck.fail(`账本第 ${at} 条：未开始投票即截止`, `ledger ${at}: closed without having opened`);
        phase = 'closed';
        break;
      case 'counted':
        if (phase !== 'closed') ballotCheck.fail(`账本第 ${at} 条：投票截止前计票`, `ledger ${at}: counted before voting closed`);
        if (pending.size) ballotCheck.fail(`账本第 ${at} 条：计票时仍有 ${pending.size} 张纸质选票待确认`, `ledger ${at}: counted with ${pending.size} paper ballots awaiting confirmation`);
        phase = 'counted';
        out.counted.push(e);
        break;
      case 'published':
        break;
      default:
        ballotCheck.fail(`账本第 ${at} 条：未知条目类型 ${e.kind}`, `ledger ${at}: unknown entry kind ${e.kind}`);
    }
  }
  return out;
}

/** The fields of a result that decide it (text such as article wording is not compared). */
function decisive(m: Record<string, unknown>) {
  const tests = (t: unknown) => (Array.isArray(t) ? t.filter(isObj).map((x) => ({ name: x.name, passed: x.passed, value: x.value, of: x.of, required: x.required })) : null);
  const deemed = isObj(m.deemed) ? { deemedAs: m.deemed.deemedAs, deemed: m.deemed.deemed, passed: m.deemed.passed, failed: m.deemed.failed, tests: tests(m.deemed.tests) } : null;
  return {
    seq: m.seq,
    item: m.item,
    rule: m.rule,
    agree: m.agree,
    oppose: m.oppose,
    abstain: m.abstain,
    participating: m.participating,
    passed: m.passed,
    failed: m.failed,
    real: m.real ?? null,
    tests: tests(m.tests),
    deemed,
  };
}

/** equal as JSON whatever the key order (jsonb gives keys back in its own order) */
const same = (a: unknown, b: unknown) => stringify(a ?? null) === stringify(b ?? null);

const fig = (f: FiguresDto) => `${f.persons} 人、面积 ${f.areaCenti}`;
const figEn = (f: FiguresDto) => `${f.persons} owners, area ${f.areaCenti}`;

/** Verify a public record without a database; the report names every check and why it failed. */
export function verifyPublicRecord(doc: unknown): VerifyReport {
  const checks: VerifyCheck[] = [];
  const format = new Check('format');
  const d = doc as PublicRecord;
  if (!isObj(doc)) format.fail('不是 JSON 对象', 'not a JSON object');
  else {
    if (d.format !== RECORD_FORMAT) format.fail(`格式标识为 ${s(d.format)}，应为 ${RECORD_FORMAT}`, `format is ${s(d.format)}, expected ${RECORD_FORMAT}`);
    if (d.version !== RECORD_VERSION) format.fail(`版本 ${s(d.version)} 不受支持（支持 ${RECORD_VERSION}）`, `version ${s(d.version)} is not supported (${RECORD_VERSION} is)`);
    for (const k of ['ledger', 'ballots', 'matters'] as const) if (!Array.isArray(d[k])) format.fail(`缺少 ${k} 列表`, `${k} is missing or not a list`);
    if (!isObj(d.roll) || !Array.isArray(d.roll.voters) || !isObj(d.roll.totals)) format.fail('缺少名册', 'the roll is missing');
    if (!isObj(d.assembly)) format.fail('缺少大会信息', 'the assembly is missing');
    if (!isObj(d.results)) format.fail('缺少表决结果（尚未计票？）', 'the results are missing (not counted yet?)');
  }
  const assembly = isObj(d?.assembly) ? { id: typeof d.assembly.id === 'number' ? d.assembly.id : null, estateName: String(d.assembly.estateName ?? ''), title: String(d.assembly.title ?? '') } : { id: null, estateName: '', title: '' };
  const fmt = format.done({ zh: `${RECORD_FORMAT} 第 ${RECORD_VERSION} 版`, en: `${RECORD_FORMAT} version ${RECORD_VERSION}` });
  checks.push(fmt);
  if (!fmt.ok) return { ok: false, assembly, checks, recomputed: null };

  // (a) the hash chain, ending at the assembly's head
  const chain = new Check('chain');
  const ledger = d.ledger;
  const problem = checkChain(ledger);
  if (problem) {
    const what: Record<string, Bilingual> = {
      sequence: { zh: '序号不连续（有条目缺失或多出）', en: 'the sequence is broken (an entry is missing or inserted)' },
      prev_hash: { zh: '与前一条的哈希不相连', en: 'does not link to the hash of the entry before it' },
      hash: { zh: '内容与其哈希不符（条目被改动）', en: 'its content does not match its hash (the entry was altered)' },
    };
    chain.fail(`账本第 ${problem.seq} 条：${what[problem.problem].zh}`, `ledger entry ${problem.seq}: ${what[problem.problem].en}`);
  }
  const head = ledger.at(-1);
  if ((head?.hash ?? GENESIS) !== d.assembly.ledgerHead || (head?.seq ?? 0) !== d.assembly.ledgerSeq) {
    chain.fail(
      `账本末条（第 ${head?.seq ?? 0} 条 ${head?.hash ?? GENESIS}）不是大会公布的链头（第 ${d.assembly.ledgerSeq} 条 ${d.assembly.ledgerHead}）`,
      `the ledger ends at entry ${head?.seq ?? 0} (${head?.hash ?? GENESIS}), not at the assembly's head (entry ${d.assembly.ledgerSeq}, ${d.assembly.ledgerHead})`,
    );
  }
  checks.push(chain.done({ zh: `${ledger.length} 条，链头 ${head?.hash ?? GENESIS}`, en: `${ledger.length} entries, head ${head?.hash ?? GENESIS}` }));

  const rollCheck = new Check('roll');
  const ballotCheck = new Check('ballots');
  const r = replay(ledger, rollCheck, ballotCheck);

  // the matters against those frozen in the ledger (seq, 278 item, title)
  const matters = new Check('matters');
  if (r.matters.length === 0) matters.fail('账本中没有冻结的表决事项', 'the ledger freezes no matters');
  for (const lm of r.matters) {
    const rm = d.matters.find((m) => m.seq === lm.seq);
    if (!rm) matters.fail(`事项 ${lm.seq}「${lm.title}」不在记录中`, `matter ${lm.seq} “${lm.title}” is missing from the record`);
    else if (rm.item !== lm.item || rm.title !== lm.title) {
      matters.fail(`事项 ${lm.seq}：记录为第(${rm.item})项「${rm.title}」，账本为第(${lm.item})项「${lm.title}」`, `matter ${lm.seq}: the record says item (${rm.item}) “${rm.title}”, the ledger item (${lm.item}) “${lm.title}”`);
    }
  }
  for (const rm of d.matters) if (!r.matters.some((m) => m.seq === rm.seq)) matters.fail(`记录中的事项 ${rm.seq} 不在账本中`, `matter ${rm.seq} of the record is not in the ledger`);
  checks.push(matters.done({ zh: `${r.matters.length} 项，与账本一致`, en: `${r.matters.length}, as frozen in the ledger` }));

  // (c) the roll against the ledger's roll
  const rollTotals = { areaCenti: '0', persons: 0 };
  {
    let area = 0n;
    for (const v of r.voters.values()) if (v.active) (area += BigInt(v.areaCenti), rollTotals.persons++);
    rollTotals.areaCenti = area.toString();
  }
  const recordVoters = new Map(d.roll.voters.map((v) => [v.voterNo, v]));
  if (recordVoters.size !== d.roll.voters.length) rollCheck.fail('名册中有重复的编号', 'the roll repeats a voter number');
  for (const [no, lv] of r.voters) {
    const rv = recordVoters.get(no);
    if (!rv) rollCheck.fail(`第 ${no} 号在账本名册中，却不在记录名册中`, `voter no. ${no} is on the ledger's roll but not on the record's`);
    else {
      const diffs: string[] = [];
      if (rv.areaCenti !== lv.areaCenti) diffs.push(`areaCenti ${rv.areaCenti} ≠ ${lv.areaCenti}`);
      if (rv.active !== lv.active) diffs.push(`active ${rv.active} ≠ ${lv.active}`);
      if (rv.kind !== lv.kind) diffs.push(`kind ${rv.kind} ≠ ${lv.kind}`);
      if (rv.unitCount !== lv.unitCount) diffs.push(`unitCount ${rv.unitCount} ≠ ${lv.unitCount}`);
      if (diffs.length) rollCheck.fail(`第 ${no} 号：记录与账本不符（${diffs.join('；')}）`, `voter no. ${no}: the record differs from the ledger (${diffs.join('; ')})`);
    }
  }
  for (const no of recordVoters.keys()) if (!r.voters.has(no)) rollCheck.fail(`记录名册中的第 ${no} 号不在账本名册中`, `voter no. ${no} of the record is not on the ledger's roll`);
  if (!same(d.roll.totals, rollTotals)) {
    rollCheck.fail(`记录名册合计 ${fig(d.roll.totals)} 与账本名册合计 ${fig(rollTotals)} 不符`, `the record's roll totals ${figEn(d.roll.totals)} differ from the ledger's ${figEn(rollTotals)}`);
  }
  if (d.assembly.deemedVotes !== r.deemedVotes) rollCheck.fail(`从众条款：记录为 ${d.assembly.deemedVotes}，账本为 ${r.deemedVotes}`, `deemed votes: the record says ${d.assembly.deemedVotes}, the ledger ${r.deemedVotes}`);
  checks.push(rollCheck.done({ zh: `${r.voters.size} 户，有效 ${rollTotals.persons} 人、面积 ${rollTotals.areaCenti}（0.01 m²）`, en: `${r.voters.size} voters, ${rollTotals.persons} active, area ${rollTotals.areaCenti} (0.01 m²)` }));

  // (b) the record's ballots against the ledger's counted ballots
  const byReceipt = new Map<string, RecordBallot>();
  for (const b of d.ballots) {
    if (byReceipt.has(b.receipt)) ballotCheck.fail(`回执 ${b.receipt} 在记录中出现多次（选票行指向了不同的业主？）`, `receipt ${b.receipt} appears more than once in the record (ballot rows naming different voters?)`);
    byReceipt.set(b.receipt, b);
  }
  const ledgerByReceipt = new Map([...r.current.entries()].map(([voterNo, b]) => [b.receipt, { voterNo, ...b }]));
  for (const [receipt, lb] of ledgerByReceipt) {
    const rb = byReceipt.get(receipt);
    if (!rb) {
      ballotCheck.fail(`回执 ${receipt}（第 ${lb.voterNo} 号）在账本中计入，却不在记录中`, `receipt ${receipt} (voter no. ${lb.voterNo}) counts in the ledger but is missing from the record`);
      continue;
    }
    if (rb.voterNo !== lb.voterNo) ballotCheck.fail(`回执 ${receipt}：记录为第 ${rb.voterNo} 号，账本为第 ${lb.voterNo} 号`, `receipt ${receipt}: the record names voter no. ${rb.voterNo}, the ledger no. ${lb.voterNo}`);
    if (rb.channel !== lb.channel) ballotCheck.fail(`回执 ${receipt}：记录渠道 ${rb.channel}，账本渠道 ${lb.channel}`, `receipt ${receipt}: channel ${rb.channel} in the record, ${lb.channel} in the ledger`);
    if (!same(sortKeys(rb.choices), sortKeys(lb.choices))) {
      ballotCheck.fail(`回执 ${receipt}：记录的选择 ${choicesText(rb.choices)} 与账本 ${choicesText(lb.choices)} 不符`, `receipt ${receipt}: the record's choices ${choicesText(rb.choices)} differ from the ledger's ${choicesText(lb.choices)}`);
    }
  }
  for (const receipt of byReceipt.keys()) {
    if (!ledgerByReceipt.has(receipt)) ballotCheck.fail(`记录中的回执 ${receipt} 在账本中并未计入（已被替换、退回或不存在）`, `receipt ${receipt} of the record does not count in the ledger (replaced, rejected or unknown)`);
  }
  checks.push(ballotCheck.done({ zh: `${ledgerByReceipt.size} 张有效选票，与账本逐张一致`, en: `${ledgerByReceipt.size} counted ballots, each as in the ledger` }));

  // (d) recount from the ledger's ballots and roll, by the code of the count
  const resultsCheck = new Check('results');
  const seqToId = new Map(d.matters.map((m) => [m.seq, m.matterId]));
  const tallies: MatterTally[] = r.matters.map((m) => {
    const fig0 = (): Figures => ({ area: 0n, persons: 0n });
    const t = { agree: fig0(), oppose: fig0(), abstain: fig0() };
    for (const [voterNo, b] of r.current) {
      const v = r.voters.get(voterNo);
      const c = b.choices[String(m.seq)] as Choice | undefined;
      if (!v || !v.active || !c || !(c in t)) continue;
      t[c] = { area: t[c].area + BigInt(v.areaCenti), persons: t[c].persons + 1n };
    }
    const rm = d.matters.find((x) => x.seq === m.seq);
    return { matterId: seqToId.get(m.seq) ?? 0, seq: m.seq, item: m.item as Item, title: m.title, electionId: rm?.election ? (d.election?.electionId ?? null) : null, ...t };
  });
  const election = d.election
    ? { electionId: d.election.electionId, seats: d.election.seats, candidates: d.election.candidates.map((c) => ({ matterId: c.matterId, personId: 0, name: c.name })) }
    : null;
  const recomputed = publicResults(computeResults(tallies, { area: BigInt(rollTotals.areaCenti), persons: BigInt(rollTotals.persons) }, r.deemedVotes, election));
  const stored = d.results!;
  if (!same(stored.totals, recomputed.totals)) resultsCheck.fail(`名册合计：结果记为 ${fig(stored.totals)}，重算为 ${fig(recomputed.totals)}`, `roll totals: the results say ${figEn(stored.totals)}, the recount ${figEn(recomputed.totals)}`);
  if (stored.deemedVotes !== recomputed.deemedVotes) resultsCheck.fail('从众条款的适用与账本不符', 'whether deemed votes apply differs from the ledger');
  const storedMatters = Array.isArray(stored.matters) ? stored.matters : [];
  for (const m of recomputed.matters) {
    const sm = storedMatters.find((x) => x.seq === m.seq);
    if (!sm) {
      resultsCheck.fail(`事项 ${m.seq} 没有结果`, `matter ${m.seq} has no result`);
      continue;
    }
    const a = decisive(sm as unknown as Record<string, unknown>);
    const b = decisive(m as unknown as Record<string, unknown>);
    const fields = (Object.keys(b) as (keyof typeof b)[]).filter((k) => !same(a[k], b[k]));
    if (fields.length) {
      const show = (k: keyof typeof b) => `${k}: ${s(a[k])} → ${s(b[k])}`;
      resultsCheck.fail(
        `事项 ${m.seq}「${m.title}」：公布的结果与重新计票不符（${fields.map(show).join('；')}）`,
        `matter ${m.seq} “${m.title}”: the published result differs from the recount (${fields.map(show).join('; ')})`,
      );
    }
  }
  for (const sm of storedMatters) if (!recomputed.matters.some((m) => m.seq === sm.seq)) resultsCheck.fail(`结果中的事项 ${sm.seq} 不在账本中`, `matter ${sm.seq} of the results is not in the ledger`);
  const electedOf = (e: PublicResults['election']) => (e ? { seats: e.seats, elected: e.elected.map((x) => ({ matterId: x.matterId, rank: x.rank, agreePersons: x.agreePersons, agreeArea: x.agreeArea })), tied: e.tiedForLast.map((x) => x.matterId), runOff: e.runOffNeeded } : null);
  if (!same(electedOf(stored.election), electedOf(recomputed.election))) {
    resultsCheck.fail(`当选名单：公布为 ${s(electedOf(stored.election))}，重算为 ${s(electedOf(recomputed.election))}`, `the elected: published ${s(electedOf(stored.election))}, recount ${s(electedOf(recomputed.election))}`);
  }
  const passedCount = recomputed.matters.filter((m) => m.passed).length;
  checks.push(resultsCheck.done({ zh: `${recomputed.matters.length} 项逐项重算一致，通过 ${passedCount} 项`, en: `all ${recomputed.matters.length} matters recount the same; ${passedCount} passed` }));

  // (e) the counted ledger entry against the results
  const countedCheck = new Check('counted');
  if (r.counted.length !== 1) countedCheck.fail(`账本中有 ${r.counted.length} 条计票条目（应为 1 条）`, `the ledger has ${r.counted.length} counted entries (expected 1)`);
  const ce = r.counted[0];
  const seqOfMatter = new Map(recomputed.matters.map((m) => [m.matterId, m.seq]));
  if (ce) {
    const p = isObj(ce.payload) ? ce.payload : {};
    if (!same(p.totals, recomputed.totals)) countedCheck.fail(`计票条目的合计 ${s(p.totals)} 与重算 ${s(recomputed.totals)} 不符`, `the counted entry's totals ${s(p.totals)} differ from the recount ${s(recomputed.totals)}`);
    const want = recomputed.matters.map((m) => ({ seq: m.seq, item: m.item, agree: m.agree, oppose: m.oppose, abstain: m.abstain, passed: m.passed, failed: m.failed }));
    const got = Array.isArray(p.matters) ? p.matters : [];
    for (const w of want) {
      const g = got.find((x: unknown) => isObj(x) && x.seq === w.seq);
      if (!same(g, w)) countedCheck.fail(`计票条目中事项 ${w.seq} 为 ${s(g)}，重算为 ${s(w)}`, `the counted entry has matter ${w.seq} as ${s(g)}, the recount as ${s(w)}`);
    }
    if (got.length !== want.length) countedCheck.fail(`计票条目有 ${got.length} 项，重算有 ${want.length} 项`, `the counted entry holds ${got.length} matters, the recount ${want.length}`);
    const wantElected = recomputed.election?.elected.map((e) => ({ seq: seqOfMatter.get(e.matterId), rank: e.rank })) ?? null;
    if (!same(p.elected ?? null, wantElected)) countedCheck.fail(`计票条目的当选名单 ${s(p.elected)} 与重算 ${s(wantElected)} 不符`, `the counted entry's elected ${s(p.elected)} differ from the recount ${s(wantElected)}`);
    if (stored.ledgerSeq !== ce.seq || stored.ledgerHead !== ce.hash) {
      countedCheck.fail(`结果引用账本第 ${stored.ledgerSeq} 条 ${stored.ledgerHead}，计票条目是第 ${ce.seq} 条 ${ce.hash}`, `the results cite ledger entry ${stored.ledgerSeq} ${stored.ledgerHead}; the counted entry is ${ce.seq} ${ce.hash}`);
    }
  }
  checks.push(countedCheck.done({ zh: ce ? `第 ${ce.seq} 条 ${ce.hash} 与结果一致` : '', en: ce ? `entry ${ce.seq} ${ce.hash} matches the results` : '' }));

  const nameOf = new Map((d.election?.candidates ?? []).map((c) => [c.matterId, c.name]));
  return {
    ok: checks.every((c) => c.ok),
    assembly,
    checks,
    recomputed: {
      ledgerEntries: ledger.length,
      ledgerHead: head?.hash ?? GENESIS,
      totals: recomputed.totals,
      ballots: r.current.size,
      matters: recomputed.matters.map((m) => ({ seq: m.seq, item: m.item, title: m.title, agree: m.agree, oppose: m.oppose, abstain: m.abstain, participating: m.participating, passed: m.passed, failed: m.failed })),
      elected: recomputed.election?.elected.map((e) => ({ seq: seqOfMatter.get(e.matterId) ?? 0, name: nameOf.get(e.matterId) ?? e.name, rank: e.rank })) ?? [],
      runOffNeeded: recomputed.election?.runOffNeeded ?? false,
    },
  };
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => Number(a) - Number(b)));
}
