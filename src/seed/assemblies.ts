// A demo history of owners' assemblies (业主大会) on the first estate of a seeded district, played
// through the module's own services (create, matters, election and candidates, party review,
// announce, deliveries, open, ballots, close, count, publish, archive, petitions), so the rows,
// the ballot ledger, the results and the elected committee are what the product itself writes:
//
// - last year's first assembly (首次业主大会): rules, covenant, the property company, an advertising
//   matter that fails the ¾ test of 民法典 第278条 (8), and the election that seated the estate's
//   first owners' committee — counted, published and archived;
// - this year's assembly, open for voting now (opened two days ago), with part of the owners'
//   ballots in and a material to download; the demo owners (owner1–3) have not voted yet;
// - an owners' petition for an extraordinary meeting, with its first signatures.
//
// The services date everything "now"; the history is then moved back to its days (the same
// shift for the assembly's columns, its ballots and its ledger, whose hash chain is recomputed).
// Every title says 演示. The test harness leaves this out (seedDistrict: requests: false).
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../core/db/client';
import { one, rows } from '../core/db/client';
import type { PiiCipher } from '../core/people/pii';
import type { AppContext } from '../core/manifest';
import { loadConfig } from '../core/config';
import { Notifier } from '../core/notifications/service';
import { registerPermissions, type Actor } from '../core/access/policy';
import { loadActor } from '../core/auth/sessions';
import { recordAudit } from '../core/audit/ledger';
import { assembliesModule } from '../modules/assemblies/index';
import { addMatter, announce, archive, assemblyRow, closeVoting, countResults, createAssembly, openVoting, publish, type AssemblyInput } from '../modules/assemblies/service';
import { addCandidate, createElection, reviewCandidate } from '../modules/assemblies/elections';
import { castBallot } from '../modules/assemblies/ballots';
import { recordDeliveries } from '../modules/assemblies/deliveries';
import { saveFile } from '../modules/assemblies/files';
import { openPetition, signPetition } from '../modules/assemblies/petitions';
import { ledgerHash, GENESIS } from '../modules/assemblies/ledger';
import type { Choice, Item } from '../modules/assemblies/rule';
import { Rng } from './random';

const DAY = 86_400_000;

export interface AssemblyHistoryResult {
  assemblies: number;
  ballots: number;
  petitions: number;
}

interface DemoUsers {
  community: Actor;
  committee: Actor | null;
  /** person id → user id, for the owners with accounts (their ballots are cast by them) */
  byPerson: Map<number, number>;
  /** persons of the demo owners (owner1–3, resident): they vote themselves in this year's assembly */
  owners: Set<number>;
}

interface MatterPlan {
  item: Item;
  title: string;
  description: string;
  /** the share of voters who agree (the rest oppose or abstain) */
  agree: number;
}

export async function seedAssemblyHistory(database: Database, opts: { seed: number; pii: PiiCipher; onProgress?: (msg: string) => void }): Promise<AssemblyHistoryResult> {
  if (assembliesModule.permissions) registerPermissions(assembliesModule.permissions);
  const ctx: AppContext = { database, db: database.db, config: loadConfig(), notifier: new Notifier(), pii: opts.pii, modules: [] };
  const rng = new Rng((Math.imul(opts.seed, 0x2c1b3c6d) ^ 0x61737365) >>> 0);
  const estate = await one<{ id: number; path: string; name: string; company: string | null }>(
    ctx.db,
    sql`SELECT e.id::int AS id, e.path, e.name, o.name AS company FROM places e
          LEFT JOIN estate_property ep ON ep.estate_id = e.id LEFT JOIN orgs o ON o.id = ep.company_id
         WHERE e.kind = 'estate' AND e.is_demo AND e.retired_at IS NULL ORDER BY e.id LIMIT 1`,
  );
  if (!estate) throw new Error('no demo estate for the assembly history');
  const users = await demoUsers(ctx.db, estate.path);
  // whole hours read better in the demo ("11月20日 08:00")
  const HOUR = 3_600_000;
  const now = Math.floor(Date.parse((await one<{ now: string }>(ctx.db, sql`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`))!.now) / HOUR) * HOUR;
  const ago = (days: number) => new Date(now - days * DAY);
  // how many agree on each matter of the demo (the rest oppose or abstain)
  const agreeOf = new Map<number, number>();
  let ballots = 0;

  // ---- last year: the first assembly, with the election of the first owners' committee ---------
  opts.onProgress?.('  assemblies: last year’s first assembly');
  const last = await draft(ctx, users.community, agreeOf, {
    estateId: estate.id,
    title: `${estate.name}首次业主大会（演示）`,
    kind: 'first',
    organiserKind: 'preparatory_group',
    organiserName: `${estate.name}首次业主大会筹备组`,
    notice: [
      `各位业主：`,
      `经街道办事处指导、社区居民委员会组织，${estate.name}首次业主大会筹备组已成立。现定于下列时间以书面和网上投票方式召开首次业主大会会议，表决本公告所列事项，并选举产生第一届业主委员会。`,
      `投票期间可通过“共治”手机页面投票，也可领取纸质选票，签名后投入各楼栋票箱。`,
      `（本公告为演示数据）`,
    ].join('\n\n'),
  }, [
    { item: 1, title: '通过《业主大会议事规则》（演示）', description: '规定业主大会怎样开会、怎样投票、怎样计票，以后每次开会都按这个规则办。', agree: 0.9 },
    { item: 2, title: '通过《管理规约》（演示）', description: '全体业主共同遵守的“小区公约”：公共部位怎样使用、装修和养犬的规矩、违约怎样处理。', agree: 0.88 },
    { item: 4, title: `续聘${estate.company ?? '现物业服务企业'}为本小区物业服务企业，服务期三年（演示）`, description: '物业服务标准和收费标准不变，合同期满前三个月由业主委员会组织评议。', agree: 0.74 },
    { item: 8, title: '利用小区出入口公共墙面设置广告位，收益纳入业主共有资金（演示）', description: '广告位每年收益约2万元，全部用于小区公共设施维修。属于利用共有部分从事经营活动，需要四分之三以上同意。', agree: 0.64 },
  ]);
  await createElection(ctx, users.community, last, { title: '第一届业主委员会选举（演示）', seats: 5, termYears: 5 });
  const candidates = await pickCandidates(ctx.db, estate.path, users, rng);
  const candidateAgree = [0.92, 0.88, 0.85, 0.82, 0.78, 0.74, 0.42];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const matterId = await addCandidate(ctx, users.community, last, { personId: c.personId, statement: STATEMENTS[i % STATEMENTS.length] });
    await reviewCandidate(ctx, users.community, last, matterId, { decision: 'approved', note: '经社区党委审核，符合候选人条件（演示）', partyMember: i % 2 === 0, branchCommittee: i % 4 === 0 });
    agreeOf.set(matterId, candidateAgree[i] ?? 0.7);
  }
  await announce(ctx, users.community, last);
  await deliverAll(ctx, users.community, last, rng);
  await openNow(ctx, users.community, last);
  ballots += await vote(ctx, last, users, rng, { participation: 0.82, forceDemoOwners: true, from: ago(400), to: ago(386.1), agreeOf });
  await closeNow(ctx, users.community, last);
  await countResults(ctx, users.community, last);
  await publish(ctx, users.community, last);
  await retime(ctx.db, last, {
    createdAt: ago(430),
    reviewedAt: ago(424),
    announcedAt: ago(420),
    deliveredAt: ago(419),
    votingOpensAt: ago(400),
    votingClosesAt: ago(386),
    closedAt: ago(386),
    countedAt: ago(385.9),
    publishedAt: ago(385),
    publicityEndsAt: ago(378),
  });
  // the committee's first meeting and its filing were done in time
  await ctx.db.execute(sql`UPDATE owners_committee_tasks t SET done_at = t.due_at - interval '2 days', done_by = ${users.committee?.userId ?? users.community.userId},
                             note = CASE t.kind WHEN 'first_meeting' THEN '已召开第一次会议，推选主任、副主任（演示）' ELSE '已向区住房城乡建设部门和街道办事处备案（演示）' END
                           FROM owners_committees c WHERE c.id = t.committee_id AND c.assembly_id = ${last}`);
  await archive(ctx, users.community, last);

  // ---- this year: open for voting now ------------------------------------------------------
  opts.onProgress?.('  assemblies: this year’s assembly, open for voting');
  const organiser = users.committee ?? users.community;
  const current = await draft(ctx, organiser, agreeOf, {
    estateId: estate.id,
    title: `${estate.name}${new Date(now).getFullYear()}年业主大会（演示）`,
    kind: 'regular',
    organiserKind: users.committee ? 'owners_committee' : 'residents_committee',
    organiserName: users.committee ? `${estate.name}业主委员会` : `${estate.name}所在社区居民委员会`,
    notice: [
      `各位业主：`,
      `根据《业主大会议事规则》，业主委员会定于下列时间召开本年度业主大会会议，表决以下三项事项。请您在投票截止前，通过“共治”手机页面或纸质选票投票。`,
      `每项事项可以选择“同意”“反对”或“弃权”。弃权也算参加了表决。`,
      `投票期间有疑问，可以联系业主委员会或社区居委会。（本公告为演示数据）`,
    ].join('\n\n'),
  }, [
    { item: 5, title: '使用专项维修资金维修各楼屋面防水（演示）', description: '多栋楼顶楼住户反映屋面渗水。预算约18万元，从本小区专项维修资金中列支，按各户面积分摊。', agree: 0.78 },
    { item: 7, title: '为1号楼加装电梯（演示）', description: '改建建筑物，需要参加表决的业主面积和人数都达到四分之三以上同意。费用由1号楼业主按楼层分摊，政府补贴一部分。', agree: 0.7 },
    { item: 2, title: '修订《管理规约》：增加文明养犬条款（演示）', description: '遛狗必须拴绳，及时清理粪便；大型犬不得进入儿童游乐区。', agree: 0.83 },
  ]);
  await saveFile(ctx, organiser, current, 'material', '表决事项说明（演示）.pdf', demoPdf([
    `${estate.name}业主大会表决事项说明（演示）`,
    '一、使用专项维修资金维修各楼屋面防水：预算约十八万元。',
    '二、为一号楼加装电梯：需四分之三以上同意。',
    '三、修订《管理规约》：增加文明养犬条款。',
    '本文件为演示数据。',
  ]));
  await announce(ctx, organiser, current);
  await deliverAll(ctx, organiser, current, rng);
  await openNow(ctx, organiser, current);
  await ctx.db.execute(sql`UPDATE assemblies SET voting_closes_at = ${ago(-12).toISOString()} WHERE id = ${current}`);
  ballots += await vote(ctx, current, users, rng, { participation: 0.38, forceDemoOwners: false, from: ago(2), to: ago(0.05), agreeOf });
  await retime(ctx.db, current, { createdAt: ago(20), announcedAt: ago(18), deliveredAt: ago(17), votingOpensAt: ago(2), votingClosesAt: ago(-12) });

  // ---- an owners' petition for an extraordinary meeting ------------------------------------------
  opts.onProgress?.('  assemblies: an owners’ petition');
  let petitions = 0;
  const owner2 = await ownerActor(ctx.db, 'owner2');
  const resident = await ownerActor(ctx.db, 'resident');
  if (owner2) {
    const p = await openPetition(ctx, owner2, {
      estateId: estate.id,
      title: '提议召开临时业主大会：更换老旧供水管道（演示）',
      reason: '小区供水管道已使用二十多年，今年多次爆管停水。提议召开业主大会临时会议，表决使用专项维修资金整体更换供水管道。（演示数据）',
    });
    if (resident && resident.userId !== owner2.userId) await signPetition(ctx, resident, p).catch(() => undefined);
    await ctx.db.execute(sql`UPDATE assembly_petitions SET created_at = ${ago(6).toISOString()} WHERE id = ${p}`);
    await ctx.db.execute(sql`UPDATE assembly_petition_signatures SET signed_at = CASE WHEN user_id = ${owner2.userId} THEN ${ago(6).toISOString()} ELSE ${ago(3).toISOString()} END::timestamptz
                             WHERE petition_id = ${p}`);
    petitions++;
  }

  await ctx.db.transaction((tx) =>
    recordAudit(tx, { userId: null, name: 'seed' }, {
      action: 'seed.assembly_history',
      entity: 'assembly',
      entityId: null,
      placePath: estate.path,
      after: { assemblies: [last, current], ballots, petitions, demo: true, note: '演示数据：由业主大会模块的服务生成，时间已回拨到各自的日期，账本哈希链已重新计算' },
    }),
  );
  return { assemblies: 2, ballots, petitions };
}

// ---------------------------------------------------------------------------------------------

async function demoUsers(db: Db, estatePath: string): Promise<DemoUsers> {
  const community = await one<{ id: number }>(
    db,
    sql`SELECT u.id::int AS id FROM users u JOIN role_assignments r ON r.user_id = u.id AND r.revoked_at IS NULL JOIN places p ON p.id = r.place_id
         WHERE u.is_demo AND r.role = 'community_worker' AND ${estatePath} LIKE p.path || '%' ORDER BY u.id LIMIT 1`,
  );
  if (!community) throw new Error('no demo community worker for the assembly history');
  const committee = await one<{ id: number }>(
    db,
    sql`SELECT u.id::int AS id FROM users u JOIN role_assignments r ON r.user_id = u.id AND r.revoked_at IS NULL JOIN places p ON p.id = r.place_id
         WHERE u.is_demo AND r.role = 'owners_committee' AND p.path = ${estatePath} ORDER BY u.id LIMIT 1`,
  );
  const accounts = await rows<{ id: number; person_id: number; username: string }>(
    db,
    sql`SELECT u.id::int AS id, u.person_id::int AS person_id, u.username FROM users u WHERE u.is_demo AND u.person_id IS NOT NULL`,
  );
  const demoNames = new Set(['owner1', 'owner2', 'owner3', 'resident']);
  return {
    community: (await actorOf(db, community.id))!,
    committee: committee ? await actorOf(db, committee.id) : null,
    byPerson: new Map(accounts.map((a) => [a.person_id, a.id])),
    owners: new Set(accounts.filter((a) => demoNames.has(a.username)).map((a) => a.person_id)),
  };
}

function actorOf(db: Db, userId: number): Promise<Actor | null> {
  return loadActor(db, userId, { sessionId: 'seed', csrfToken: '' }, '127.0.0.1');
}

async function ownerActor(db: Db, username: string): Promise<Actor | null> {
  const u = await one<{ id: number }>(db, sql`SELECT id::int AS id FROM users WHERE username = ${username} AND is_demo`);
  return u ? actorOf(db, u.id) : null;
}

async function draft(ctx: AppContext, actor: Actor, agreeOf: Map<number, number>, input: Omit<AssemblyInput, 'votingOpensAt' | 'votingClosesAt'>, matters: MatterPlan[]): Promise<number> {
  // dated far enough ahead for the notice period; moved to its real days afterwards
  const opens = new Date(Date.now() + 91 * DAY);
  const id = await createAssembly(ctx, actor, { ...input, votingOpensAt: opens.toISOString(), votingClosesAt: new Date(opens.getTime() + 14 * DAY).toISOString() });
  for (const m of matters) {
    const matterId = await addMatter(ctx, actor, id, { item: m.item, title: m.title, description: m.description });
    agreeOf.set(matterId, m.agree);
  }
  return id;
}

const STATEMENTS = [
  '在小区住了二十多年，熟悉情况，愿意为大家跑腿办事，账目每季度公开。',
  '退休教师，有时间，愿意牵头解决停车难和楼道堆物问题。',
  '从事财务工作，愿意监督维修资金的使用，做到每一笔都公开。',
  '热心公益，参加过小区疫情防控志愿服务，希望把小区建设得更好。',
  '做过多年物业管理，懂规矩，愿意协调业主和物业之间的关系。',
  '年轻上班族，擅长用手机和电脑，愿意把业委会的信息及时发到群里。',
  '希望小区的事情大家商量着办，多听老人和孩子家长的意见。',
];

/** Seven candidates among the owners of the estate: the committee member first, then others (not the demo owners). */
async function pickCandidates(db: Db, estatePath: string, users: DemoUsers, rng: Rng): Promise<{ personId: number }[]> {
  const owners = await rows<{ person_id: number }>(
    db,
    sql`SELECT DISTINCT o.person_id::int AS person_id FROM ownerships o JOIN places u ON u.id = o.unit_id
         WHERE o.ended_at IS NULL AND o.person_id IS NOT NULL AND u.path LIKE ${estatePath + '%'} ORDER BY 1`,
  );
  const first = users.committee?.personId ?? null;
  const pool = rng.shuffled(owners.map((o) => o.person_id).filter((p) => p !== first && !users.owners.has(p)));
  return [...(first ? [first] : []), ...pool].slice(0, 7).map((personId) => ({ personId }));
}

/** Paper notices to every voter the day after the announcement; a few not found, then posted publicly. */
async function deliverAll(ctx: AppContext, actor: Actor, id: number, rng: Rng): Promise<void> {
  const voters = (await rows<{ id: number }>(ctx.db, sql`SELECT id::int AS id FROM assembly_voters WHERE assembly_id = ${id} ORDER BY voter_no`)).map((v) => v.id);
  const failed = voters.filter(() => rng.chance(0.06));
  const delivered = voters.filter((v) => !failed.includes(v));
  if (delivered.length) await recordDeliveries(ctx, actor, id, { voterIds: delivered, method: 'paper', note: '楼栋长逐户送达（演示）' });
  if (failed.length) {
    await recordDeliveries(ctx, actor, id, { voterIds: failed, method: 'failed', note: '多次上门无人，电话未接通（演示）' });
    await recordDeliveries(ctx, actor, id, { voterIds: failed, method: 'public_notice', note: '已在小区公告栏和各单元门口张贴（演示）' });
  }
}

async function openNow(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.execute(sql`UPDATE assemblies SET voting_opens_at = now() - interval '1 second', voting_closes_at = now() + interval '1 day' WHERE id = ${id}`);
  await openVoting(ctx, actor, id);
}

async function closeNow(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.execute(sql`UPDATE assemblies SET voting_closes_at = now() WHERE id = ${id}`);
  await closeVoting(ctx, actor, id);
}

/**
 * Online ballots of a share of the roll, cast in one transaction (the assembly row locked as every
 * ballot write does), then dated between `from` and `to` in the order they were cast.
 */
async function vote(
  ctx: AppContext,
  id: number,
  users: DemoUsers,
  rng: Rng,
  plan: { participation: number; forceDemoOwners: boolean; from: Date; to: Date; agreeOf: Map<number, number> },
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyRow(tx, id, true);
    const voters = await rows<{ id: number; delegate: number | null }>(
      tx,
      sql`SELECT id::int AS id, delegate_person_id::int AS delegate FROM assembly_voters WHERE assembly_id = ${id} AND active ORDER BY voter_no`,
    );
    const matters = await rows<{ id: number }>(tx, sql`SELECT id::int AS id FROM assembly_matters WHERE assembly_id = ${id} ORDER BY seq`);
    const receipts: string[] = [];
    for (const v of voters) {
      const demoOwner = v.delegate !== null && users.owners.has(v.delegate);
      const votes = demoOwner ? plan.forceDemoOwners : rng.chance(plan.participation);
      if (!votes) continue;
      const choices = matters.map((m) => {
        const agree = plan.agreeOf.get(m.id) ?? 0.7;
        const r = rng.next();
        const choice: Choice = r < agree ? 'agree' : r < agree + (1 - agree) * 0.6 ? 'oppose' : 'abstain';
        return { matterId: m.id, choice };
      });
      const castBy = v.delegate !== null ? (users.byPerson.get(v.delegate) ?? null) : null;
      const r = await castBallot(tx, a, v.id, 'online', choices, { castByUser: castBy });
      receipts.push(r.receipt);
    }
    const span = plan.to.getTime() - plan.from.getTime();
    const times = receipts.map(() => plan.from.getTime() + rng.real(0, span)).sort((x, y) => x - y);
    for (let i = 0; i < receipts.length; i++) {
      await tx.execute(sql`UPDATE assembly_submissions SET cast_at = ${new Date(times[i]).toISOString()} WHERE receipt = ${receipts[i]}`);
    }
    return receipts.length;
  });
}

interface Times {
  createdAt: Date;
  reviewedAt?: Date;
  announcedAt: Date;
  deliveredAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  closedAt?: Date;
  countedAt?: Date;
  publishedAt?: Date;
  publicityEndsAt?: Date;
}

/**
 * Move an assembly played through "now" back to its days: its columns, deliveries, candidates'
 * review, the committee it seated and its tasks, the owners' notifications (read by then), and
 * its ledger, whose entries take the times of what they record and whose chain is hashed again.
 */
async function retime(db: Db, id: number, t: Times): Promise<void> {
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE assemblies SET created_at = ${iso(t.createdAt)}, updated_at = ${iso(t.publishedAt ?? t.votingOpensAt)},
        announced_at = ${iso(t.announcedAt)}, voting_opens_at = ${iso(t.votingOpensAt)}, voting_closes_at = ${iso(t.votingClosesAt)},
        opened_at = ${iso(t.votingOpensAt)}, closed_at = coalesce(${iso(t.closedAt)}::timestamptz, closed_at),
        counted_at = coalesce(${iso(t.countedAt)}::timestamptz, counted_at), published_at = coalesce(${iso(t.publishedAt)}::timestamptz, published_at),
        publicity_ends_at = coalesce(${iso(t.publicityEndsAt)}::timestamptz, publicity_ends_at)
      WHERE id = ${id}`);
    await tx.execute(sql`UPDATE assembly_deliveries SET at = ${iso(t.deliveredAt)}::timestamptz + (id % 97) * interval '3 minutes' WHERE assembly_id = ${id} AND method = 'paper'`);
    await tx.execute(sql`UPDATE assembly_deliveries SET at = ${iso(t.deliveredAt)}::timestamptz + interval '2 days' WHERE assembly_id = ${id} AND method <> 'paper'`);
    if (t.reviewedAt) {
      await tx.execute(sql`UPDATE assembly_candidates c SET party_reviewed_at = ${iso(t.reviewedAt)} FROM assembly_matters m WHERE m.id = c.matter_id AND m.assembly_id = ${id}`);
    }
    await tx.execute(sql`UPDATE assembly_files SET uploaded_at = ${iso(t.createdAt)} WHERE assembly_id = ${id}`);
    if (t.countedAt && t.publishedAt) {
      const day = t.publishedAt.toISOString().slice(0, 10);
      await tx.execute(sql`UPDATE owners_committees SET term_start = ${day}::date, term_end = (${day}::date + make_interval(years => (SELECT term_years FROM assembly_elections WHERE assembly_id = ${id})))::date,
                             created_at = ${iso(t.publishedAt)} WHERE assembly_id = ${id}`);
      await tx.execute(sql`UPDATE owners_committee_tasks k SET due_at = ${iso(t.countedAt)}::timestamptz + CASE k.kind WHEN 'first_meeting' THEN interval '7 days' ELSE interval '30 days' END
                             FROM owners_committees c WHERE c.id = k.committee_id AND c.assembly_id = ${id}`);
    }
    const links = [`/m/assemblies/${id}`, `/assemblies/${id}`];
    await tx.execute(sql`UPDATE notifications SET created_at = ${iso(t.announcedAt)}, read_at = ${iso(t.deliveredAt)}
                         WHERE kind = 'assembly.announced' AND link IN (${links[0]}, ${links[1]})`);
    if (t.publishedAt) {
      await tx.execute(sql`UPDATE notifications SET created_at = ${iso(t.publishedAt)}, read_at = ${iso(t.publishedAt)}::timestamptz + interval '1 day'
                           WHERE kind = 'assembly.published' AND link IN (${links[0]}, ${links[1]})`);
    }
    // the ledger: each entry at the time of what it records, then the chain hashed again
    const cast = new Map(
      (await rows<{ receipt: string; at: string }>(tx, sql`SELECT receipt, to_char(cast_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM assembly_submissions WHERE assembly_id = ${id}`)).map(
        (r) => [r.receipt, r.at],
      ),
    );
    const at: Record<string, string | null> = {
      roll_frozen: iso(t.announcedAt),
      voting_opened: iso(t.votingOpensAt),
      closed: iso(t.closedAt),
      counted: iso(t.countedAt),
      published: iso(t.publishedAt),
    };
    const entries = await rows<{ seq: number; at: string; kind: string; payload: { receipt?: string } }>(
      tx,
      sql`SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, kind, payload FROM assembly_ledger WHERE assembly_id = ${id} ORDER BY seq`,
    );
    let prev = GENESIS;
    const hashOfSeq = new Map<number, string>();
    for (const e of entries) {
      const when = (e.kind === 'ballot' ? cast.get(e.payload.receipt ?? '') : at[e.kind]) ?? e.at;
      const hash = ledgerHash(prev, e.seq, when, e.kind, e.payload);
      await tx.execute(sql`UPDATE assembly_ledger SET at = ${when}, prev_hash = ${prev}, hash = ${hash} WHERE assembly_id = ${id} AND seq = ${e.seq}`);
      hashOfSeq.set(e.seq, hash);
      prev = hash;
    }
    await tx.execute(sql`UPDATE assemblies SET ledger_head = ${prev} WHERE id = ${id}`);
    const res = await one<{ seq: number | null }>(tx, sql`SELECT (results->>'ledgerSeq')::int AS seq FROM assemblies WHERE id = ${id}`);
    if (res?.seq) {
      await tx.execute(sql`UPDATE assemblies SET results = jsonb_set(results, '{ledgerHead}', to_jsonb(${hashOfSeq.get(res.seq)!}::text)) WHERE id = ${id}`);
    }
  });
}

/**
 * A one-page PDF with Chinese text in the standard Adobe-GB1 font STSong-Light (not embedded:
 * every PDF reader that shows Chinese has it or a substitute), built by hand to stay dependency-free.
 */
export function demoPdf(lines: string[]): Buffer {
  const hex = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();
  const text = lines.map((l, i) => `${i === 0 ? '/F1 18 Tf' : '/F1 13 Tf'} <${hex(l)}> Tj T*`).join('\n');
  const stream = `BT 56 780 Td 26 TL\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
