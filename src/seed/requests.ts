// A year of residents' requests (接诉即办) for a seeded district. Each request is played through
// the rules the service applies (routing as service.ts route(), deadlines as clock.ts, outcomes as
// act(), the deadline sweep as sweep.ts), action by action up to `now`, so the recent ones are still
// open (some overdue) and the older ones finished. Rows are written in bulk (one INSERT … unnest per
// batch and table) with the rollup triggers off; the rollup is rebuilt from the rows at the end.
import { createHash, randomBytes } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { Db, RawQuery } from '../core/db/client';
import { dueAt, localDate, type Calendar, type Pause, type Span } from '../modules/requests/clock';
import { calendarOf, mergeSettings, type RequestSettings, type SettingsPatch } from '../modules/requests/settings';
import { ensureDefaultCategories } from '../modules/requests/config';
import { transitionProblem, type RequestAction, type RequestState } from '../modules/requests/states';
import { allowedActions, type Capacity, type Unit, type UnitKind } from '../modules/requests/access';
import { RATING_REASONS, type ActionName } from '../modules/requests/schemas';
import { arrayLiteral } from './index';
import { Rng, Weighted } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Requests per scale: the demo's few thousand, the district's million. */
export const REQUEST_HISTORY_SIZE = { demo: 3_000, district: 1_000_000 } as const;

export interface RequestHistoryOptions {
  scale: 'demo' | 'district';
  /** the same seed gives the same history (the district's seed number) */
  seed?: number;
  /** the history ends here (default: now) and starts 365 days earlier */
  now?: Date;
  /** the district to fill (default: the demo district seeded last) */
  districtId?: number;
  /** instead of the scale's number of requests */
  count?: number;
  /** requests per INSERT batch */
  batch?: number;
  onProgress?: (msg: string) => void;
}

export interface RequestHistoryResult {
  requests: number;
  events: number;
  pauses: number;
  cohandlers: number;
  rollupRows: number;
  byState: Record<string, number>;
  seconds: number;
  /** of `seconds`: playing the requests through in memory */
  generateSeconds: number;
  /** of `seconds`: waiting for the database to take the rows */
  writeSeconds: number;
  /** of `seconds`: request_rollup_rebuild() */
  rollupSeconds: number;
}

// ---- what the residents report ------------------------------------------------------------------

type Level = 'unit' | 'building' | 'estate' | 'community';
/** [title, description, what the handler wrote when resolving it] */
type Story = readonly [string, string, string];

/** Share of each default category (by code), where it is reported, and typical cases. */
const STORIES: Record<string, { weight: number; level: Level; stories: readonly Story[] }> = {
  emergency: { weight: 1.5, level: 'building', stories: [
    ['楼道内有燃气味', '单元楼道内闻到明显燃气味，担心泄漏，请尽快派人检查。', '已第一时间到场排查，关闭阀门并通知燃气公司检修，险情已排除。'],
    ['外墙瓷砖脱落', '楼体外墙瓷砖松动脱落，下方是人行通道，存在砸伤风险。', '已拉设警戒线并清除松动瓷砖，安排专业队伍修复外墙。'],
    ['电梯困人', '电梯运行中停在两层之间，里面有老人被困，请立即处理。', '维保人员已到场解救被困人员，电梯停运检修后恢复运行。'],
  ] },
  utilities: { weight: 6, level: 'unit', stories: [
    ['家中停水', '今天早上开始家里没有自来水，也没有看到停水通知，请问什么时候恢复？', '经查为楼内供水管阀门故障，已更换阀门，恢复供水。'],
    ['暖气不热', '入冬后家里暖气片一直不热，室温只有十几度，家里有老人。', '已上门排气并清洗过滤网，室温恢复正常。'],
    ['单元停电', '我们单元从昨晚开始停电，冰箱里的东西都坏了。', '经查为单元配电箱空开损坏，已更换，恢复供电。'],
  ] },
  drain: { weight: 8, level: 'unit', stories: [
    ['厨房下水道堵塞', '厨房下水道堵了好几天，污水倒灌，自己疏通不了。', '已安排维修人员疏通主管道，排水恢复正常。'],
    ['楼前污水井冒水', '楼前污水井往外冒污水，味道很大，行人无法通行。', '已调用吸污车清掏污水井，并疏通管道。'],
    ['卫生间返水', '一楼卫生间地漏返水，怀疑楼上主管道堵塞。', '已疏通立管堵点，并提醒住户勿向马桶丢弃杂物。'],
  ] },
  roof_leak: { weight: 7, level: 'unit', stories: [
    ['顶楼屋面漏雨', '住在顶楼，每次下雨天花板都渗水，墙皮已经脱落。', '已修补屋面防水层，雨后回访无渗漏。'],
    ['外墙渗水', '卧室外墙渗水发霉，多次自行处理无效。', '已启用维修资金完成外墙防水修缮。'],
    ['楼上漏水到我家', '楼上卫生间漏水，渗到我家吊顶，楼上住户联系不上。', '已联系楼上住户并维修防水，渗漏已停止。'],
  ] },
  parking: { weight: 12, level: 'estate', stories: [
    ['小区停车位不足', '小区晚上车位严重不足，车辆停到消防通道和人行道上。', '已与物业协商增划临时车位，并推行错时停车。'],
    ['外来车辆占用车位', '很多外来车辆长期停在小区里，业主反而没地方停车。', '已加强门岗管理，外来车辆登记收费，长期占位车辆已通知挪离。'],
    ['僵尸车长期占位', '小区里有一辆车停了一年多没动过，轮胎都瘪了。', '已联系车主将车辆拖离，车位已释放。'],
  ] },
  fire_lane: { weight: 5, level: 'estate', stories: [
    ['消防通道被占用', '消防通道上长期停着几辆私家车，万一着火消防车进不来。', '已联系车主挪车，通道已划设禁停标线。'],
    ['楼道堆放杂物', '楼道里堆满纸箱和旧家具，堵住了安全出口。', '已组织清理楼道杂物，并对相关住户进行消防安全提醒。'],
  ] },
  green_space: { weight: 4, level: 'estate', stories: [
    ['绿地被改成菜园', '楼下公共绿地被个别住户开垦种菜，还浇粪水。', '执法队员已现场督促恢复绿地，并补种草皮。'],
    ['绿地被硬化停车', '有人把楼前绿地铺了砖当作私人车位。', '已下达整改通知，铺设的地砖已拆除并恢复绿化。'],
  ] },
  illegal_structure: { weight: 4, level: 'building', stories: [
    ['楼顶违建', '顶楼住户在楼顶私自搭建彩钢房，影响楼体安全。', '经现场核查属违法建设，已依法下达限期拆除决定，现已拆除。'],
    ['一楼私搭院墙', '一楼住户私自圈占公共区域搭建院墙和棚子。', '已责令当事人自行拆除，复查确认已整改。'],
  ] },
  balcony: { weight: 3, level: 'building', stories: [
    ['违规封闭阳台外扩', '对面楼有住户把阳台外扩封闭，影响采光也不安全。', '已上门告知装修管理规定，住户已按要求整改。'],
    ['阳台防盗网外凸', '邻居安装的外凸防盗网影响消防救援，请处理。', '已劝导住户拆除外凸部分，改为内嵌式。'],
  ] },
  pet_waste: { weight: 6, level: 'estate', stories: [
    ['宠物粪便无人清理', '小区道路和草坪上到处是狗粪，遛狗的人不清理。', '已增设宠物便便箱并加强巡查宣传，保洁增加清扫频次。'],
    ['遛狗不拴绳', '经常有人在小区里遛大型犬不拴绳，孩子很害怕。', '已开展文明养犬宣传，对不拴绳行为进行劝导登记。'],
  ] },
  rubbish: { weight: 8, level: 'estate', stories: [
    ['垃圾未分类混投', '垃圾分类点经常混投，厨余垃圾和其他垃圾混在一起。', '已安排桶前值守督导，并向住户发放分类指南。'],
    ['垃圾清运不及时', '楼下垃圾桶满了两天没人清运，气味很大。', '已协调清运公司增加清运频次，现场已清理消毒。'],
    ['装修垃圾乱堆', '楼下堆着一堆装修垃圾很久了，没人清走。', '已联系装修户限期清运，并设置装修垃圾临时堆放点。'],
  ] },
  subletting: { weight: 3, level: 'building', stories: [
    ['疑似群租房', '楼上一套房子住了十几个人，进出频繁，担心安全。', '经联合核查确认为群租，已督促房东整改，恢复原状。'],
    ['违规转租隔断', '邻居把房子隔成很多小间出租，存在消防隐患。', '已联合相关部门上门检查，隔断已拆除。'],
  ] },
  fee_dispute: { weight: 6, level: 'unit', stories: [
    ['物业费收费标准疑问', '物业今年上调物业费，没有经过业主同意，请问是否合规？', '已组织物业与业主代表座谈，物业公示了收费依据，调价暂缓执行。'],
    ['物业服务不到位拒交费', '物业服务质量差，但物业威胁不交费就停水停电。', '已约谈物业公司，明确不得以停水停电催缴，双方已协商解决。'],
  ] },
  noise: { weight: 10, level: 'unit', stories: [
    ['楼上深夜噪音', '楼上住户每晚十一点后仍有很大的响动，影响休息。', '已上门沟通，楼上住户表示会注意作息时间。'],
    ['装修噪音扰民', '邻居周末一大早就开始电钻装修，违反装修时间规定。', '已通知装修户遵守装修时间，物业加强巡查。'],
    ['广场舞音响太吵', '小区广场每天晚上广场舞音响声音很大，持续到九点多。', '已与广场舞队协商降低音量，并将结束时间提前到八点半。'],
  ] },
  neighbour_dispute: { weight: 5, level: 'unit', stories: [
    ['邻里漏水纠纷', '楼上漏水导致我家受损，双方对赔偿协商不成。', '经人民调解员调解，双方达成赔偿协议。'],
    ['公共区域占用纠纷', '对门邻居长期在走廊堆放鞋柜杂物，沟通多次无果。', '社区调解后邻居已清理走廊物品。'],
  ] },
  inquiry: { weight: 7, level: 'community', stories: [
    ['老旧小区改造政策咨询', '想了解我们小区是否纳入今年的老旧小区改造计划。', '已电话答复：本小区已列入明年改造计划，具体方案将公示征求意见。'],
    ['加装电梯补贴咨询', '请问老楼加装电梯有什么补贴，需要什么手续？', '已答复加装电梯补贴标准及申请流程，并提供办事指南。'],
    ['居住证办理咨询', '租房住想办理居住证，需要准备哪些材料？', '已告知所需材料及办理地点，可在政务服务网预约。'],
  ] },
  suggestion: { weight: 4, level: 'estate', stories: [
    ['建议增设健身器材', '小区里老人多，建议在空地增设健身器材和休息座椅。', '建议已采纳，已纳入社区微更新项目，预计下季度安装。'],
    ['建议增加充电桩', '电动自行车充电难，建议在小区增设集中充电桩。', '已协调物业在小区东侧增设集中充电棚。'],
  ] },
};
const SPOTS = ['东门附近', '北侧停车场', '中心花园', '地下车库入口', '垃圾分类站旁', '3号楼南侧', '健身器材区'];
const DECLINE = ['该事项属于民事纠纷，建议通过诉讼或仲裁解决，已告知诉求人。', '经核实诉求内容与实际情况不符，不予受理。', '诉求事项超出政策规定范围，已做好解释。'];
const DEFER = ['需等待维修资金审批，暂缓办理。', '需协调多个部门联合处置，等待会商结果。', '雨季不具备施工条件，待天气好转后施工。', '诉求人外出，约定返回后上门处理。'];
const ESCALATE = ['涉及多个产权单位，本级无法协调，提请上级协调。', '需要执法力量介入，提请上级统筹。', '问题复杂，需上级统筹解决。'];
const TRANSFER: Record<UnitKind, string> = {
  property: '属于物业服务范围，转物业公司办理。',
  community: '该事项需社区协调，转社区办理。',
  street: '需街道统筹协调，转街道办理。',
  district: '需区级统筹，转区里办理。',
  department: '属于行政执法事项，转执法部门办理。',
};
const REOPEN = ['问题没有解决，又出现了。', '只是简单处理了一下，没有根本解决。', '办结前没有联系我，实际情况没有改善。'];
const COMMENT = {
  satisfied: ['处理及时，谢谢！', '工作人员很负责。', null, null, null],
  basic: ['基本解决了，希望以后更及时一些。', null, null],
  unsatisfied: ['处理太慢了。', '问题还是老样子。', '工作人员态度敷衍。', null],
} as const;
const FOLLOWUP: [string, string][] = [
  ['satisfied', '电话回访，诉求人对处理结果表示认可。'],
  ['satisfied', '回访确认问题已解决。'],
  ['basic', '回访诉求人，表示基本满意。'],
  ['unreachable', '多次拨打电话无人接听。'],
];
type Channel = 'resident' | 'staff' | 'grid' | 'hotline' | 'open311';
const CHANNELS = new Weighted<Channel>([['resident', 48], ['grid', 18], ['staff', 12], ['hotline', 19], ['open311', 3]]);
const CONTACT_METHODS = new Weighted<'phone' | 'visit' | 'message'>([['phone', 70], ['visit', 20], ['message', 10]]);
// local hour of day a request comes in
const HOURS = new Weighted(Array.from({ length: 24 }, (_, h) => [h, [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 6, 8, 8, 7, 5, 5, 6, 6, 6, 5, 5, 6, 6, 5, 3, 2][h]] as const));

// ---- the district as the simulation needs it -------------------------------------------------------

interface Who {
  userId: number | null;
  name: string;
}
interface Category {
  id: number;
  code: string;
  kind: string;
  routeTo: string;
  departmentName: string | null;
  deadlineClass: string;
}
interface Resident {
  personId: number;
  name: string;
  phone: string;
  /** the path of their home unit */
  path: string;
  userId: number | null;
}
interface World {
  names: Map<number, string>;
  orgNames: Map<number, string>;
  companyOf: Map<number, number>;
  departments: { id: number; name: string; path: string }[];
  categories: Weighted<{ cat: Category; level: Level; stories: readonly Story[] }>;
  byCode: Map<string, Category>;
  rules: Map<string, { route_to: string | null; department_org_id: number | null; deadline_class: string | null; active: boolean | null }>;
  settings: Map<number, { s: RequestSettings; cal: Calendar }>;
  residents: Resident[];
  /** place → the 三长 whose area it is (the most local one) */
  grid: Map<number, Who>;
  /** 'community:12', 'property:7' … → the person acting for the unit, if it has an account */
  staff: Map<string, Who>;
  apiKey: { id: number; name: string } | null;
  firstCommunity: number;
  demoResident: Resident | null;
}

const unitKey = (u: { kind: string; placeId: number; orgId: number | null }) => (u.orgId ? `${u.kind}:${u.orgId}` : `${u.kind}:${u.placeId}`);

/** Run a helper written against Drizzle (it only executes SQL) on the seed's raw connection. */
function rawDb(q: RawQuery): Db {
  const dialect = new PgDialect();
  const execute = async (s: SQL) => {
    const { sql, params } = dialect.sqlToQuery(s);
    return { rows: await q(sql, params) };
  };
  return { execute } as unknown as Db;
}

async function loadWorld(q: RawQuery, districtId: number | undefined, withKey: boolean): Promise<World> {
  const d = (
    await q<{ id: number; path: string }>(
      districtId
        ? `SELECT id::int AS id, path FROM places WHERE id = $1 AND kind = 'district'`
        : `SELECT id::int AS id, path FROM places WHERE kind = 'district' AND is_demo AND retired_at IS NULL ORDER BY id DESC LIMIT 1`,
      districtId ? [districtId] : [],
    )
  )[0];
  if (!d) throw new Error(districtId ? `no district ${districtId}` : 'no demo district to add requests to: seed the district first');
  const like = d.path + '%';
  await ensureDefaultCategories(rawDb(q));
  const names = new Map<number, string>();
  const streets: number[] = [];
  let firstCommunity = 0;
  for (const p of await q<{ id: number; name: string; kind: string }>(
    `SELECT id::int AS id, name, kind FROM places WHERE path LIKE $1 AND kind IN ('district','street','community','estate') AND retired_at IS NULL ORDER BY id`,
    [like],
  )) {
    names.set(p.id, p.name);
    if (p.kind === 'street') streets.push(p.id);
    if (p.kind === 'community' && !firstCommunity) firstCommunity = p.id;
  }
  const orgNames = new Map<number, string>();
  const departments: World['departments'] = [];
  for (const o of await q<{ id: number; name: string; kind: string; path: string; retired: boolean }>(
    `SELECT o.id::int AS id, o.name, o.kind, p.path, o.retired_at IS NOT NULL AS retired FROM orgs o JOIN places p ON p.id = o.place_id
     WHERE o.kind IN ('property_company','department') AND (p.path LIKE $2 OR $1 LIKE p.path || '%') ORDER BY o.id`,
    [d.path, like],
  )) {
    orgNames.set(o.id, o.name);
    // as route(): a live department whose place contains the request's
    if (o.kind === 'department' && !o.retired) departments.push({ id: o.id, name: o.name, path: o.path });
  }
  const companyOf = new Map<number, number>();
  for (const e of await q<{ e: number; c: number }>(
    `SELECT ep.estate_id::int AS e, ep.company_id::int AS c FROM estate_property ep JOIN places p ON p.id = ep.estate_id WHERE p.path LIKE $1`,
    [like],
  )) companyOf.set(e.e, e.c);

  const cats = await q<Category & { active: boolean }>(
    `SELECT id, code, kind, route_to AS "routeTo", department_name AS "departmentName", deadline_class AS "deadlineClass", active FROM request_categories ORDER BY sort, id`,
  );
  const byCode = new Map(cats.filter((c) => c.active).map((c) => [c.code, c]));
  const picks = [...byCode.values()].filter((c) => STORIES[c.code]).map((c) => [{ cat: c, ...STORIES[c.code] }, STORIES[c.code].weight] as const);
  if (!picks.length) throw new Error('no active default request categories to seed requests in');
  const rules: World['rules'] = new Map();
  for (const r of await q<{ street_id: number; category_id: number; route_to: string | null; department_org_id: number | null; deadline_class: string | null; active: boolean | null }>(
    `SELECT street_id::int AS street_id, category_id, route_to, department_org_id::int AS department_org_id, deadline_class, active FROM request_category_rules`,
  )) rules.set(`${r.street_id}:${r.category_id}`, r);
  const patches = new Map<number, SettingsPatch>();
  for (const s of await q<{ place_id: number; settings: SettingsPatch }>(`SELECT place_id::int AS place_id, settings FROM request_settings`)) patches.set(s.place_id, s.settings);
  const settings: World['settings'] = new Map();
  for (const id of [d.id, ...streets]) {
    const s = mergeSettings(patches.get(d.id), id === d.id ? null : patches.get(id));
    settings.set(id, { s, cal: calendarOf(s) });
  }

  // who acts: the accounts of offices, companies and departments; the 三长 of each area
  const staff = new Map<string, Who>();
  const grid = new Map<number, Who>();
  const gridRank: Record<string, number> = { lin_zhang: 3, zu_zhang: 2, pian_zhang: 1 };
  const gridSeen = new Map<number, number>();
  const byPerson = new Map<number, number>();
  let demoResident: { userId: number; personId: number } | null = null;
  for (const g of await q<{ user_id: number; name: string; role: string; place_id: number; org_id: number | null; person_id: number | null }>(
    `SELECT u.id::int AS user_id, u.display_name AS name, r.role, r.place_id::int AS place_id, r.org_id::int AS org_id, u.person_id::int AS person_id
     FROM role_assignments r JOIN users u ON u.id = r.user_id JOIN places p ON p.id = r.place_id
     WHERE r.revoked_at IS NULL AND u.disabled_at IS NULL AND p.path LIKE $1 ORDER BY u.id, r.id`,
    [like],
  )) {
    const who = { userId: g.user_id, name: g.name };
    if (g.person_id) byPerson.set(g.person_id, g.user_id);
    if (g.role === 'resident' && g.person_id && !demoResident) demoResident = { userId: g.user_id, personId: g.person_id };
    const key =
      g.role === 'community_worker' ? `community:${g.place_id}` : g.role === 'street_admin' ? `street:${g.place_id}` : g.role === 'district_admin' ? `district:${g.place_id}`
        : g.role === 'property_staff' && g.org_id ? `property:${g.org_id}` : g.role === 'department_staff' && g.org_id ? `department:${g.org_id}` : null;
    if (key && !staff.has(key)) staff.set(key, who);
    const rank = gridRank[g.role];
    if (rank && (gridSeen.get(g.place_id) ?? 0) < rank) {
      grid.set(g.place_id, who);
      gridSeen.set(g.place_id, rank);
    }
  }
  const residents: Resident[] = [];
  let demo: Resident | null = null;
  for (const r of await q<{ person_id: number; name: string; phone: string; path: string }>(
    `SELECT m.person_id::int AS person_id, p.name, p.phone, u.path FROM household_members m
     JOIN households h ON h.id = m.household_id AND h.retired_at IS NULL
     JOIN places u ON u.id = h.unit_id AND u.retired_at IS NULL
     JOIN persons p ON p.id = m.person_id
     WHERE u.path LIKE $1 AND u.kind = 'unit' AND p.phone IS NOT NULL AND m.relation IN ('head','spouse','tenant')
     ORDER BY u.id, m.person_id`,
    [like],
  )) {
    const res = { personId: r.person_id, name: r.name, phone: r.phone, path: r.path, userId: byPerson.get(r.person_id) ?? null };
    // the demo resident gets only the requests scripted for them
    if (demoResident && r.person_id === demoResident.personId) demo = res;
    else residents.push(res);
  }
  if (!residents.length) throw new Error('the district has no residents to file requests');

  let apiKey: World['apiKey'] = null;
  if (withKey) {
    // a partner app's key; its secret is random and thrown away: the key only labels the requests
    const secret = randomBytes(24).toString('base64url');
    const name = '掌上社区App（演示接入）';
    const k = await q<{ id: number }>(
      `INSERT INTO open311_keys (name, prefix, key_hash, place_id, is_demo) VALUES ($1, $2, $3, $4, true) RETURNING id::int AS id`,
      [name, `gz_${secret.slice(0, 6)}`, createHash('sha256').update(secret).digest('hex'), d.id],
    );
    apiKey = { id: k[0].id, name };
  }
  return {
    names,
    orgNames,
    companyOf,
    departments,
    categories: new Weighted(picks),
    byCode,
    rules,
    settings,
    residents,
    grid,
    staff,
    apiKey,
    firstCommunity,
    demoResident: demo,
  };
}

/** The person acting for a unit: its account when it has one, else a name for the unit's staff. */
function actorOf(w: World, u: Unit): Who {
  const found = w.staff.get(unitKey(u));
  if (found) return found;
  if (u.orgId) return { userId: null, name: u.kind === 'property' ? `${w.orgNames.get(u.orgId)}客服` : w.orgNames.get(u.orgId) ?? '承办部门' };
  return { userId: null, name: `${w.names.get(u.placeId) ?? ''}工作人员` };
}

function unitName(w: World, u: Unit): string {
  return (u.orgId ? w.orgNames.get(u.orgId) : w.names.get(u.placeId)) ?? '';
}

// ---- one request --------------------------------------------------------------------------------

interface Draft {
  id: number;
  t0: number;
  cat: Category;
  deadlineClass: string;
  settings: RequestSettings;
  cal: Calendar;
  placeId: number;
  placePath: string;
  ids: { district: number; street: number; community: number; estate: number | null };
  requester: Resident;
  channel: Channel;
  enteredBy: Who | null;
  title: string;
  description: string;
  locationNote: string | null;
  fix: string;
  owner: Unit;
  fallback: boolean;
}

type Step =
  | { a: 'accept' | 'start' | 'resume' | 'close' }
  | { a: 'contact'; method: string }
  | { a: 'defer' | 'escalate' | 'decline' | 'resolve' | 'reopen'; text: string }
  | { a: 'transfer'; text: string; to: Unit }
  | { a: 'cohandler'; to: Unit }
  | { a: 'rate'; rating: 'satisfied' | 'basic' | 'unsatisfied'; reasons: string[]; text: string | null }
  | { a: 'followup'; result: string; text: string };
type Plan = [number, Step][];

/** Like service.ts route(): the estate's company, else the community; a department by name suffix, else the street. */
function route(w: World, cat: Category, streetId: number, ids: Draft['ids'], path: string): { owner: Unit; fallback: boolean; deadlineClass: string } {
  const rule = w.rules.get(`${streetId}:${cat.id}`);
  const to = rule?.route_to ?? cat.routeTo;
  const deadlineClass = rule?.deadline_class ?? cat.deadlineClass;
  const community: Unit = { kind: 'community', placeId: ids.community, orgId: null };
  if (to === 'property') {
    const company = ids.estate ? w.companyOf.get(ids.estate) : undefined;
    return company ? { owner: { kind: 'property', placeId: ids.estate!, orgId: company }, fallback: false, deadlineClass } : { owner: community, fallback: true, deadlineClass };
  }
  if (to === 'community') return { owner: community, fallback: false, deadlineClass };
  const street: Unit = { kind: 'street', placeId: ids.street, orgId: null };
  if (to === 'street') return { owner: street, fallback: false, deadlineClass };
  let dept = rule?.department_org_id ?? null;
  if (!dept) {
    const fits = w.departments.filter((x) => x.name.endsWith(cat.departmentName ?? '') && path.startsWith(x.path));
    fits.sort((a, b) => b.path.length - a.path.length || a.id - b.id);
    dept = fits[0]?.id ?? null;
  }
  return dept ? { owner: { kind: 'department', placeId: ids.district, orgId: dept }, fallback: false, deadlineClass } : { owner: street, fallback: true, deadlineClass };
}

/** service.ts upFrom(): one level up. */
function upFrom(d: Draft, u: Unit): Unit {
  if (u.kind === 'property') return { kind: 'community', placeId: d.ids.community, orgId: null };
  if (u.kind === 'community' || u.kind === 'department') return { kind: 'street', placeId: d.ids.street, orgId: null };
  return { kind: 'district', placeId: d.ids.district, orgId: null };
}

/** Where a handler sends what is not theirs: to the company, the community or the street. */
function sideways(w: World, d: Draft, u: Unit): Unit {
  const company = d.ids.estate ? w.companyOf.get(d.ids.estate) : undefined;
  if (u.kind === 'community' && company) return { kind: 'property', placeId: d.ids.estate!, orgId: company };
  if (u.kind === 'property') return { kind: 'community', placeId: d.ids.community, orgId: null };
  if (u.kind === 'street') return { kind: 'community', placeId: d.ids.community, orgId: null };
  return { kind: 'street', placeId: d.ids.street, orgId: null };
}

const spanMs = (s: Span) => (s.unit === 'hours' ? s.amount * HOUR : s.amount * DAY);

/** How well a unit keeps its deadlines, 0.75–1, fixed per unit and seed. */
function quality(seed: number, u: Unit): number {
  let h = seed ^ 0x9e3779b9;
  for (const ch of unitKey(u)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return 0.75 + ((h >>> 0) % 1000) / 4000;
}

/** A plausible course for a request: a list of actions with their times (the future ones are dropped later). */
function planRequest(rng: Rng, seed: number, w: World, d: Draft): Plan {
  const plan: Plan = [];
  const sp = d.settings.deadlines[d.deadlineClass as keyof RequestSettings['deadlines']];
  const resp = spanMs(sp.response);
  const res = spanMs(sp.resolution);
  let owner = d.owner;
  let t = d.t0;
  const at = (x: number, s: Step) => {
    t = Math.max(x, t + MIN);
    plan.push([t, s]);
  };
  if (rng.chance(0.03)) {
    owner = sideways(w, d, owner);
    at(d.t0 + resp * rng.real(0.05, 0.5), { a: 'transfer', text: TRANSFER[owner.kind], to: owner });
  }
  const q = quality(seed, owner);
  const declineShare = ['fee_dispute', 'neighbour_dispute', 'subletting'].includes(d.cat.code) ? 0.06 : 0.02;
  if (rng.chance(declineShare)) {
    if (rng.chance(0.4)) at(d.t0 + resp * rng.real(0.1, 0.9), { a: 'accept' });
    at(t + resp * rng.real(0.1, 1.2), { a: 'decline', text: rng.pick(DECLINE) });
    return plan;
  }
  const lateAccept = rng.chance(0.02 + (1 - q) * 0.3);
  at(d.t0 + resp * (lateAccept ? rng.real(1.05, 3) : rng.real(0.03, 0.9)), { a: 'accept' });
  const contactBudget = Math.min(d.settings.contactHours * HOUR, res * 0.3);
  // the handler calls back first, unless the work is done within the day (the resolution notice is the contact)
  if (rng.chance(res > DAY ? 0.97 : 0.5)) {
    const late = res > 3 * DAY && rng.chance(0.01 + (1 - q) * 0.15);
    at(t + (late ? d.settings.contactHours * HOUR * rng.real(1.05, 1.6) : contactBudget * rng.real(0.02, 0.6)), { a: 'contact', method: CONTACT_METHODS.pick(rng) });
  }
  // short deadlines make for quick work
  const soon = Math.min(res, DAY);
  if (rng.chance(0.3)) at(t + soon * rng.real(0.01, 0.1), { a: 'start' });
  if (rng.chance(0.015) && owner.kind !== 'district') at(t + soon * rng.real(0.01, 0.15), { a: 'cohandler', to: sideways(w, d, owner) });
  const pauses: Pause[] = [];
  const deferAt = t + res * rng.real(0.05, 0.4);
  // deferred while the clock still runs (after the deadline there is nothing left to stop)
  if (res >= 7 * DAY && deferAt < d.t0 + res && rng.chance(0.04)) {
    at(deferAt, { a: 'defer', text: rng.pick(DEFER) });
    const from = t;
    at(from + DAY * rng.real(2, 25), { a: 'resume' });
    pauses.push({ from: new Date(from), to: new Date(t) });
  }
  if (owner.kind !== 'street' && owner.kind !== 'district' && rng.chance(0.02)) {
    at(t + res * rng.real(0.05, 0.3), { a: 'escalate', text: rng.pick(ESCALATE) });
    owner = upFrom(d, owner);
    at(t + resp * rng.real(0.05, 0.8), { a: 'accept' });
  }
  const due = dueAt(new Date(d.t0), sp.resolution, d.cal, pauses)!.getTime();
  const roll = rng.next();
  const lateShare = 0.03 + (1 - q) * 0.4;
  if (roll < 0.01) at(due + res * rng.real(1, 3), { a: 'resolve', text: d.fix });
  else if (roll < lateShare) at(due + res * rng.real(0.02, 0.8), { a: 'resolve', text: d.fix });
  else at(t < due ? t + (due - t) * rng.real(0.05, 0.95) : t + Math.min(res, 3 * DAY) * rng.real(0.1, 1), { a: 'resolve', text: d.fix });
  const late = t > due;
  let reopened = false;
  if (rng.chance(0.03)) {
    at(t + DAY * rng.real(0.2, 3), { a: 'reopen', text: rng.pick(REOPEN) });
    at(t + res * rng.real(0.1, 0.8), { a: 'resolve', text: `复核后再次处理：${d.fix}` });
    reopened = true;
  }
  const finished = t;
  if (rng.chance(0.8)) {
    const bad = 0.015 + (1 - q) * 0.12 + (late ? 0.08 : 0) + (reopened ? 0.2 : 0);
    const r = rng.next();
    const rating = r < bad ? 'unsatisfied' : r < bad + 0.12 ? 'basic' : 'satisfied';
    const reasons = rating === 'unsatisfied' ? rng.shuffled(late ? ['slow', ...RATING_REASONS] : RATING_REASONS).slice(0, rng.int(1, 2)).filter((x, i, a) => a.indexOf(x) === i) : [];
    at(finished + DAY * rng.real(0.02, 5), { a: 'rate', rating, reasons, text: rng.pick(COMMENT[rating]) });
  } else if (rng.chance(0.1)) at(finished + DAY * rng.real(0.1, 3), { a: 'close' });
  if (rng.chance(0.08)) {
    const [result, text] = rng.pick(FOLLOWUP);
    at(t + DAY * rng.real(1, 10), { a: 'followup', result, text });
  }
  return plan;
}

/**
 * Array literals of text, with each distinct text quoted once: the history repeats a few hundred
 * titles, replies and names a million times (arrayLiteral quotes every value afresh).
 */
const quoted = new Map<string, string>();
function textLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = 'NULL';
      continue;
    }
    const s = v as string;
    let q = quoted.get(s);
    if (q === undefined) {
      q = arrayLiteral([s], 'text').slice(1, -1);
      if (quoted.size < 200_000) quoted.set(s, q);
    }
    parts[i] = q;
  }
  return `{${parts.join(',')}}`;
}

/** Columns of one table, filled row by row and written with one INSERT … SELECT unnest(…) per batch. */
type PgType = 'bigint' | 'int' | 'smallint' | 'text' | 'boolean' | 'date' | 'jsonb' | 'ms' | 'text[]';
class Rows {
  readonly data: unknown[][];
  constructor(
    readonly table: string,
    readonly cols: readonly (readonly [string, PgType])[],
  ) {
    this.data = cols.map(() => []);
  }
  push(...v: unknown[]): void {
    for (let i = 0; i < v.length; i++) this.data[i].push(v[i]);
  }
  get length(): number {
    return this.data[0].length;
  }
  /** The statement and its parameters for the rows so far; empties the columns. */
  take(): [string, string[]] | null {
    if (!this.length) return null;
    const select = this.cols.map(([, t], i) =>
      t === 'ms' ? `to_timestamp(unnest($${i + 1}::float8[]) / 1000)` : t === 'text[]' ? `unnest($${i + 1}::text[])::text[]` : `unnest($${i + 1}::${t}[])`,
    );
    const params = this.cols.map(([, t], i) => {
      const col = this.data[i];
      if (t === 'text[]') return textLiteral(col.map((v) => (v ? textLiteral(v as string[]) : null)));
      if (t === 'ms' || t === 'bigint' || t === 'int' || t === 'smallint' || t === 'boolean') return arrayLiteral(col, t === 'ms' ? 'bigint' : t);
      return textLiteral(col);
    });
    for (const c of this.data) c.length = 0;
    return [`INSERT INTO ${this.table} (${this.cols.map(([c]) => c).join(', ')}) SELECT ${select.join(', ')}`, params];
  }
}

const REQUEST_COLS = [
  ['id', 'bigint'], ['category_id', 'int'], ['kind', 'text'], ['channel', 'text'], ['title', 'text'], ['description', 'text'], ['place_id', 'bigint'],
  ['place_path', 'text'], ['location_note', 'text'], ['district_id', 'bigint'], ['street_id', 'bigint'], ['community_id', 'bigint'], ['estate_id', 'bigint'],
  ['requester_user_id', 'bigint'], ['requester_person_id', 'bigint'], ['requester_name', 'text'], ['requester_phone', 'text'], ['entered_by', 'bigint'],
  ['api_key_id', 'bigint'], ['external_ref', 'text'], ['state', 'text'], ['owner_kind', 'text'], ['owner_place_id', 'bigint'], ['owner_org_id', 'bigint'],
  ['first_owner_kind', 'text'], ['first_owner_place_id', 'bigint'], ['first_owner_org_id', 'bigint'], ['accepted_by', 'bigint'], ['deadline_class', 'text'],
  ['submitted_at', 'ms'], ['accept_due_at', 'ms'], ['accepted_at', 'ms'], ['contact_due_at', 'ms'], ['contacted_at', 'ms'], ['resolve_due_at', 'ms'],
  ['resolved_at', 'ms'], ['closed_at', 'ms'], ['resolution', 'text'], ['reopen_count', 'int'], ['transfer_count', 'int'], ['rating', 'text'],
  ['rating_reasons', 'text[]'], ['rating_comment', 'text'], ['rated_at', 'ms'], ['followup_result', 'text'], ['followup_note', 'text'], ['followup_at', 'ms'],
  ['followup_by', 'bigint'], ['response_outcome', 'text'], ['response_day', 'date'], ['resolution_outcome', 'text'], ['resolution_day', 'date'],
  ['is_demo', 'boolean'], ['version', 'int'], ['updated_at', 'ms'],
] as const;
const EVENT_COLS = [
  ['id', 'bigint'], ['request_id', 'bigint'], ['at', 'ms'], ['actor_user_id', 'bigint'], ['actor_name', 'text'], ['actor_role', 'text'], ['type', 'text'],
  ['from_state', 'text'], ['to_state', 'text'], ['body', 'text'], ['internal', 'boolean'], ['data', 'jsonb'],
] as const;
const PAUSE_COLS = [['request_id', 'bigint'], ['from_at', 'ms'], ['to_at', 'ms']] as const;
const COHANDLER_COLS = [['id', 'bigint'], ['request_id', 'bigint'], ['kind', 'text'], ['place_id', 'bigint'], ['org_id', 'bigint'], ['added_by', 'bigint'], ['added_at', 'ms'], ['note', 'text']] as const;

interface Out {
  requests: Rows;
  events: Rows;
  pauses: Rows;
  cohandlers: Rows;
  nextEvent: number;
  nextCohandler: number;
  byState: Record<string, number>;
}

const OPEN = new Set<RequestState>(['submitted', 'accepted', 'in_progress', 'deferred', 'escalated']);
const CLOCK_RUNS = new Set<RequestState>(['submitted', 'accepted', 'in_progress', 'escalated']);
const GRAPH = new Set(['accept', 'start', 'defer', 'resume', 'escalate', 'decline', 'resolve', 'reopen', 'close']);
const SYSTEM: Who = { userId: null, name: '系统' };

/**
 * Play a plan on a request as act() and the deadline sweep would, stopping at `now`, and write the
 * request, its timeline, pauses and co-handlers. An action the rules refuse is a bug in the plan.
 */
function playRequest(w: World, d: Draft, plan: Plan, now: number, lag: number, out: Out): void {
  const day = (t: number) => localDate(t, d.cal);
  const sp = d.settings.deadlines[d.deadlineClass as keyof RequestSettings['deadlines']];
  const acceptDue = dueAt(new Date(d.t0), sp.response, d.cal)!.getTime();
  let state: RequestState = 'submitted';
  let owner = d.owner;
  let acceptedAt: number | null = null;
  let acceptedBy: number | null = null;
  let contactDue: number | null = null;
  let contactedAt: number | null = null;
  let resolveDue: number | null = dueAt(new Date(d.t0), sp.resolution, d.cal)!.getTime();
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let resolution: string | null = null;
  let reopens = 0;
  let transfers = 0;
  let rating: string | null = null;
  let reasons: string[] | null = null;
  let comment: string | null = null;
  let ratedAt: number | null = null;
  let followup: [string, string, number, number | null] | null = null;
  let respOutcome: string | null = null;
  let respDay: string | null = null;
  let resOutcome: string | null = null;
  let resDay: string | null = null;
  const pauses: Pause[] = [];
  let version = 1;
  let updatedAt = d.t0;

  const event = (t: number, who: Who, role: string, type: string, from: string | null, to: string | null, body: string | null, internal: boolean, data: unknown) =>
    out.events.push(++out.nextEvent, d.id, t, who.userId, who.name, role, type, from, to, body, internal, data === null ? null : JSON.stringify(data));
  const requester: Who = { userId: d.requester.userId, name: d.requester.name };
  {
    const who = d.channel === 'resident' ? requester : d.enteredBy ?? { userId: null, name: d.channel === 'hotline' ? '12345热线' : w.apiKey?.name ?? '开放接口' };
    const onBehalf = d.enteredBy !== null && d.channel !== 'resident';
    event(d.t0, who, d.channel === 'resident' ? 'requester' : 'intake', 'submitted', null, 'submitted', null, false, { channel: d.channel, owner: d.owner, fallback: d.fallback, onBehalf });
  }
  const responseOutcome = (acc: number, contacted: number) => {
    if (respOutcome) return;
    const inTime = acc <= acceptDue && (contactDue === null || contacted <= contactDue);
    respOutcome = inTime ? 'in_time' : 'late';
    respDay = inTime ? day(contacted) : day(acceptDue);
  };
  const recomputeDue = () => {
    resolveDue = dueAt(new Date(d.t0), sp.resolution, d.cal, pauses)?.getTime() ?? null;
  };
  const endPause = (t: number) => {
    const p = pauses.find((x) => x.to === null);
    if (p) p.to = new Date(t);
    recomputeDue();
  };
  /** What the deadline sweep would have done before `until`. */
  const sweep = (until: number) => {
    for (;;) {
      let next = Infinity;
      let kind = 0;
      if (!respOutcome && OPEN.has(state)) {
        let due = acceptedAt === null ? acceptDue : Infinity;
        if (contactedAt === null && contactDue !== null) due = Math.min(due, contactDue);
        if (due + lag < next) [next, kind] = [due + lag, 1];
      }
      if (!resOutcome && CLOCK_RUNS.has(state) && resolveDue !== null && resolveDue + lag < next) [next, kind] = [resolveDue + lag, 2];
      if (state === 'resolved' || state === 'declined') {
        const close = (resolvedAt ?? updatedAt) + d.settings.autoCloseDays * DAY + lag;
        if (close < next) [next, kind] = [close, 3];
      }
      if (next >= until) return;
      if (kind === 1) {
        respOutcome = 'late';
        respDay = day(acceptDue);
        event(next, SYSTEM, 'system', 'overdue', null, null, '响应超时', true, null);
      } else if (kind === 2) {
        resOutcome = 'late';
        resDay = day(resolveDue!);
        event(next, SYSTEM, 'system', 'overdue', null, null, '办理超期', true, null);
      } else {
        event(next, SYSTEM, 'system', 'close', state, 'closed', '逾期未评价，系统自动结案', false, null);
        state = 'closed';
        closedAt = next;
        version++;
      }
      updatedAt = next;
    }
  };

  for (const [t, step] of plan) {
    if (t > now) break;
    sweep(t);
    const caps: Capacity[] = step.a === 'rate' || step.a === 'reopen' || step.a === 'close' ? ['requester'] : step.a === 'followup' ? ['office'] : ['handler'];
    const text = 'text' in step ? step.text : null;
    const problem = GRAPH.has(step.a)
      ? transitionProblem(state, step.a as RequestAction, caps[0] === 'requester' ? 'requester' : 'handler', text)
      : allowedActions(caps, { state, contactedAt, rating }).includes(step.a as ActionName)
        ? null
        : 'not allowed';
    if (problem) throw new Error(`request history: ${step.a} on a ${state} request refused (${problem})`);
    const handler = actorOf(w, owner);
    const who = caps[0] === 'requester' ? requester : caps[0] === 'office' ? actorOf(w, { kind: 'community', placeId: d.ids.community, orgId: null }) : handler;
    const role = caps[0] === 'requester' ? 'requester' : caps[0] === 'office' ? 'office' : 'handler';
    const from = state;
    let to: RequestState | null = null;
    let data: unknown = null;
    let internal = false;
    switch (step.a) {
      case 'accept':
        to = 'accepted';
        if (acceptedAt === null && !respOutcome && t > acceptDue) {
          respOutcome = 'late';
          respDay = day(acceptDue);
        }
        acceptedAt ??= t;
        acceptedBy ??= handler.userId;
        contactDue ??= t + d.settings.contactHours * HOUR;
        break;
      case 'start':
        to = 'in_progress';
        break;
      case 'contact':
        contactedAt = t;
        responseOutcome(acceptedAt ?? t, t);
        data = { method: step.method };
        break;
      case 'defer':
        to = 'deferred';
        pauses.push({ from: new Date(t), to: null });
        resolveDue = null;
        break;
      case 'resume':
        to = 'in_progress';
        endPause(t);
        break;
      case 'escalate':
      case 'transfer': {
        const target = step.a === 'transfer' ? step.to : upFrom(d, owner);
        if (unitKey(target) === unitKey(owner)) throw new Error('request history: transfer to the same unit');
        // escalating ends a deferral (the clock runs again); a transfer hands it on still deferred
        if (state === 'deferred' && step.a === 'escalate') endPause(t);
        data = { from: owner, to: { ...target, name: unitName(w, target) } };
        owner = target;
        if (step.a === 'escalate') to = 'escalated';
        else transfers++;
        break;
      }
      case 'cohandler':
        out.cohandlers.push(++out.nextCohandler, d.id, step.to.kind, step.to.placeId, step.to.orgId, handler.userId, t, null);
        data = { unit: { ...step.to, name: unitName(w, step.to) } };
        break;
      case 'decline':
        to = 'declined';
        if (!respOutcome) {
          const inTime = t <= acceptDue;
          respOutcome = inTime ? 'in_time' : 'late';
          respDay = inTime ? day(t) : day(acceptDue);
        }
        if (!resOutcome) [resOutcome, resDay] = ['declined', day(t)];
        resolution = step.text;
        break;
      case 'resolve':
        to = 'resolved';
        resolvedAt = t;
        resolution = step.text;
        if (contactedAt === null) {
          contactedAt = t;
          responseOutcome(acceptedAt ?? t, t);
        }
        if (!resOutcome) {
          const inTime = resolveDue !== null && t <= resolveDue && reopens === 0;
          resOutcome = inTime ? 'in_time' : 'late';
          resDay = inTime || resolveDue === null ? day(t) : day(resolveDue);
        }
        break;
      case 'reopen':
        to = 'in_progress';
        reopens++;
        resolvedAt = null;
        resolveDue = dueAt(new Date(t), sp.resolution, d.cal)!.getTime();
        resOutcome = 'reopened';
        resDay ??= day(t);
        break;
      case 'close':
        to = 'closed';
        closedAt = t;
        break;
      case 'rate':
        rating = step.rating;
        reasons = step.reasons;
        comment = step.text;
        ratedAt = t;
        if (state === 'resolved') {
          to = 'closed';
          closedAt = t;
        }
        data = { rating: step.rating, reasons: step.reasons };
        break;
      case 'followup':
        followup = [step.result, step.text, t, who.userId];
        data = { result: step.result };
        internal = true;
        break;
    }
    if (to) state = to;
    version++;
    updatedAt = t;
    event(t, who, role, step.a, to ? from : null, to, step.a === 'rate' ? comment : text, internal, data);
  }
  sweep(now);
  if (state === 'deferred' && !pauses.some((p) => p.to === null)) throw new Error('request history: deferred without an open pause');
  for (const p of pauses) out.pauses.push(d.id, p.from.getTime(), p.to ? p.to.getTime() : null);
  out.byState[state] = (out.byState[state] ?? 0) + 1;
  const extRef = d.channel === 'hotline' ? `12345-${day(d.t0).replace(/-/g, '')}-${String(d.id).padStart(8, '0')}` : d.channel === 'open311' ? `APP-${d.id}` : null;
  out.requests.push(
    d.id, d.cat.id, d.cat.kind, d.channel, d.title, d.description, d.placeId, d.placePath, d.locationNote, d.ids.district, d.ids.street, d.ids.community, d.ids.estate,
    d.channel === 'resident' ? d.requester.userId : null, d.requester.personId, d.requester.name, d.requester.phone, d.channel === 'resident' ? null : d.enteredBy?.userId ?? null,
    d.channel === 'open311' ? w.apiKey?.id ?? null : null, extRef, state, owner.kind, owner.placeId, owner.orgId,
    d.owner.kind, d.owner.placeId, d.owner.orgId, acceptedBy, d.deadlineClass,
    d.t0, acceptDue, acceptedAt, contactDue, contactedAt, resolveDue, resolvedAt, closedAt, resolution, reopens, transfers, rating,
    reasons, comment, ratedAt, followup?.[0] ?? null, followup?.[1] ?? null, followup?.[2] ?? null, followup?.[3] ?? null,
    respOutcome, respDay, resOutcome, resDay, true, version, updatedAt,
  );
}

// ---- the whole history --------------------------------------------------------------------------

/** Draft a request of a resident in a category at a time (routing, deadlines, texts); null if the street has switched the category off. */
function draft(w: World, rng: Rng, id: number, t0: number, r: Resident, pick: { cat: Category; level: Level; stories: readonly Story[] }, channel: Channel): Draft | null {
  const parts = r.path.split('/');
  const depth = { community: 3, estate: 4, building: 5, unit: parts.length - 2 }[pick.level];
  const cut = Math.min(depth, parts.length - 2);
  const placePath = parts.slice(0, cut + 1).join('/') + '/';
  const placeId = Number(parts[cut]);
  // as intakeContext(): the levels above the place, from its path
  const ids = { district: Number(parts[1]), street: Number(parts[2]), community: Number(parts[3]), estate: cut >= 4 ? Number(parts[4]) : null };
  if (w.rules.get(`${ids.street}:${pick.cat.id}`)?.active === false) return null;
  const { owner, fallback, deadlineClass } = route(w, pick.cat, ids.street, ids, placePath);
  const { s, cal } = w.settings.get(ids.street) ?? w.settings.get(ids.district)!;
  const [title, description, fix] = rng.pick(pick.stories);
  let enteredBy: Who | null = null;
  if (channel === 'grid') {
    for (let i = parts.length - 2; i >= 3 && !enteredBy; i--) enteredBy = w.grid.get(Number(parts[i])) ?? null;
    if (!enteredBy) channel = 'staff';
  }
  if (channel === 'staff') enteredBy = w.staff.get(`community:${ids.community}`) ?? { userId: null, name: `${w.names.get(ids.community) ?? ''}工作人员` };
  if (channel === 'open311' && !w.apiKey) channel = 'resident';
  return {
    id, t0, cat: pick.cat, deadlineClass, settings: s, cal, placeId, placePath, ids, requester: r, channel, enteredBy, title, description,
    locationNote: pick.level === 'estate' ? rng.pick(SPOTS) : null, fix, owner, fallback,
  };
}

/** The demo accounts' own requests: the resident's in several states, and work (some overdue) in the community's inbox. */
function scripted(w: World, now: number): { t0: number; code: string; level: Level; r: Resident; channel: Channel; steps: [number, Step][] }[] {
  const out: ReturnType<typeof scripted> = [];
  const me = w.demoResident;
  const fix = (code: string) => STORIES[code].stories[0][2];
  if (me) {
    out.push(
      { t0: now - 70 * DAY, code: 'roof_leak', level: 'unit', r: me, channel: 'resident', steps: [
        [3 * HOUR, { a: 'accept' }], [5 * HOUR, { a: 'contact', method: 'phone' }], [DAY, { a: 'start' }],
        [4 * DAY, { a: 'resolve', text: fix('roof_leak') }], [5 * DAY, { a: 'rate', rating: 'satisfied', reasons: [], text: '修得很好，谢谢物业！' }],
      ] },
      { t0: now - 3 * DAY, code: 'drain', level: 'unit', r: me, channel: 'resident', steps: [
        [30 * MIN, { a: 'accept' }], [HOUR, { a: 'contact', method: 'phone' }], [20 * HOUR, { a: 'resolve', text: fix('drain') }],
      ] },
      { t0: now - 2 * DAY, code: 'noise', level: 'unit', r: me, channel: 'resident', steps: [
        [2 * HOUR, { a: 'accept' }], [3 * HOUR, { a: 'contact', method: 'visit' }], [4 * HOUR, { a: 'start' }],
      ] },
      { t0: now - 3 * HOUR, code: 'parking', level: 'estate', r: me, channel: 'resident', steps: [] },
    );
  }
  const inCommunity = w.residents.filter((r) => r.path.includes(`/${w.firstCommunity}/`));
  if (inCommunity.length) {
    out.push(
      // not taken in time: overdue to accept
      { t0: now - 3 * DAY - 5 * HOUR, code: 'fee_dispute', level: 'unit', r: inCommunity[0], channel: 'hotline', steps: [] },
      // waiting for a consultation: the clock is stopped
      { t0: now - 6 * DAY, code: 'subletting', level: 'building', r: inCommunity[inCommunity.length - 1], channel: 'staff', steps: [
        [3 * HOUR, { a: 'accept' }], [5 * HOUR, { a: 'contact', method: 'visit' }], [DAY, { a: 'defer', text: DEFER[1] }],
      ] },
      // taken and contacted, but past its 15 days
      { t0: now - 20 * DAY, code: 'neighbour_dispute', level: 'unit', r: inCommunity[Math.min(1, inCommunity.length - 1)], channel: 'grid', steps: [
        [5 * HOUR, { a: 'accept' }], [8 * HOUR, { a: 'contact', method: 'visit' }], [2 * DAY, { a: 'start' }],
      ] },
    );
  }
  return out
    .filter((x) => w.byCode.has(x.code))
    .map((x) => ({ ...x, steps: x.steps.map(([dt, s]) => [x.t0 + dt, s] as [number, Step]) }))
    .sort((a, b) => a.t0 - b.t0);
}

/** Arrival times over the 365 days before `now`: fewer at weekends and at night, more in summer, growing use. */
function arrivals(rng: Rng, n: number, now: number): Float64Array {
  const start = now - 365 * DAY;
  const firstMidnight = Math.floor((start + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  const days: [number, number][] = [];
  for (let i = 0; firstMidnight + i * DAY < now; i++) {
    const t = firstMidnight + i * DAY;
    const local = new Date(t + 8 * HOUR);
    const weekday = local.getUTCDay();
    const month = local.getUTCMonth() + 1;
    const season = month >= 6 && month <= 8 ? 1.15 : month === 12 || month <= 2 ? 1.05 : 0.95;
    days.push([t, (weekday === 0 || weekday === 6 ? 0.75 : 1) * season * (0.85 + (0.3 * (t - start)) / (365 * DAY))]);
  }
  const dayPick = new Weighted(days);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    const t = dayPick.pick(rng) + HOURS.pick(rng) * HOUR + rng.next() * HOUR;
    if (t >= start && t < now) out[i++] = Math.floor(t / 1000) * 1000;
  }
  return out.sort();
}

/**
 * Insert a year of requests with their timelines into the seeded district, in the caller's
 * transaction (the rollup triggers are off meanwhile; the rollup is rebuilt before they are back on).
 */
export async function seedRequestHistory(q: RawQuery, opts: RequestHistoryOptions): Promise<RequestHistoryResult> {
  const started = performance.now();
  const seed = (opts.seed ?? 20261122) ^ 0x5eed_0003;
  const now = (opts.now ?? new Date()).getTime();
  const total = opts.count ?? REQUEST_HISTORY_SIZE[opts.scale];
  const batch = opts.batch ?? 10_000;
  const log = opts.onProgress ?? (() => undefined);
  const w = await loadWorld(q, opts.districtId, total > 0);
  const rng = new Rng(seed);
  const special = total > 0 ? scripted(w, now) : [];
  const times = arrivals(rng, Math.max(0, total - special.length), now);
  const base = async (table: string) => Number((await q<{ m: number }>(`SELECT coalesce(max(id), 0)::bigint AS m FROM ${table}`))[0].m);
  const out: Out = {
    requests: new Rows('requests', REQUEST_COLS),
    events: new Rows('request_events', EVENT_COLS),
    pauses: new Rows('request_pauses', PAUSE_COLS),
    cohandlers: new Rows('request_cohandlers', COHANDLER_COLS),
    nextEvent: await base('request_events'),
    nextCohandler: await base('request_cohandlers'),
    byState: {},
  };
  let id = await base('requests');
  const firstRequest = id;
  const firstEvent = out.nextEvent;
  const firstCohandler = out.nextCohandler;
  let pauses = 0;

  log(`requests: ${total} over the 365 days before ${new Date(now).toISOString().slice(0, 10)}`);
  await q(`ALTER TABLE requests DISABLE TRIGGER requests_rollup_insert`);
  await q(`ALTER TABLE requests DISABLE TRIGGER requests_rollup_update`);
  // The rows reference only what was read above in this transaction, so a superuser (who may) skips
  // the foreign-key checks while loading, as pg_restore --disable-triggers does: two thirds of the
  // write time. The tests check the references of the seeded rows with set-based anti-joins.
  const superuser = (await q<{ su: string }>(`SELECT current_setting('is_superuser') AS su`))[0].su === 'on';
  if (superuser) await q(`SET LOCAL session_replication_role = replica`);
  let pending: Promise<unknown> | null = null;
  let generateMs = 0;
  let writeMs = 0;
  try {
    let i = 0;
    let s = 0;
    let nextLog = 100_000;
    while (i < times.length || s < special.length) {
      const g0 = performance.now();
      for (let k = 0; k < batch && (i < times.length || s < special.length); k++) {
        const lag = rng.real(1, 10) * MIN;
        if (s < special.length && (i >= times.length || special[s].t0 <= times[i])) {
          const x = special[s++];
          const d = draft(w, rng, id + 1, x.t0, x.r, { cat: w.byCode.get(x.code)!, ...STORIES[x.code], level: x.level }, x.channel);
          if (!d) continue;
          playRequest(w, d, x.steps, now, lag, out);
        } else {
          const t0 = times[i++];
          const r = rng.pick(w.residents);
          const channel = CHANNELS.pick(rng);
          let d: Draft | null = null;
          for (let tries = 0; tries < 20 && !d; tries++) d = draft(w, rng, id + 1, t0, r, w.categories.pick(rng), channel);
          if (!d) continue;
          playRequest(w, d, planRequest(rng, seed, w, d), now, lag, out);
        }
        id++;
      }
      pauses += out.pauses.length;
      const statements = [out.requests.take(), out.events.take(), out.pauses.take(), out.cohandlers.take()].filter((x): x is [string, string[]] => x !== null);
      const w0 = performance.now();
      generateMs += w0 - g0;
      if (pending) await pending;
      writeMs += performance.now() - w0;
      pending = (async () => {
        for (const [text, params] of statements) await q(text, params);
      })();
      if (id - firstRequest >= nextLog) {
        log(`  ${id - firstRequest} requests`);
        nextLog += 100_000;
      }
    }
    const w0 = performance.now();
    if (pending) await pending;
    writeMs += performance.now() - w0;
  } catch (err) {
    await pending?.catch(() => undefined);
    throw err;
  }
  if (superuser) await q(`SET LOCAL session_replication_role = origin`);
  for (const [table, seq] of [['requests', 'requests_id_seq'], ['request_events', 'request_events_id_seq'], ['request_cohandlers', 'request_cohandlers_id_seq']]) {
    await q(`SELECT setval('${seq}', GREATEST((SELECT coalesce(max(id), 0) FROM ${table}), 1))`);
  }
  const r0 = performance.now();
  // the rebuild's GROUP BY runs in memory rather than spilling to disk
  await q(`SET LOCAL work_mem = '256MB'`);
  const rollupRows = Number((await q<{ n: number }>(`SELECT request_rollup_rebuild() AS n`))[0].n);
  await q(`SET LOCAL work_mem TO DEFAULT`);
  await q(`ALTER TABLE requests ENABLE TRIGGER requests_rollup_insert`);
  await q(`ALTER TABLE requests ENABLE TRIGGER requests_rollup_update`);
  const rollupSeconds = (performance.now() - r0) / 1000;
  log(`  rollup rebuilt: ${rollupRows} rows in ${rollupSeconds.toFixed(1)} s`);
  return {
    requests: id - firstRequest,
    events: out.nextEvent - firstEvent,
    pauses,
    cohandlers: out.nextCohandler - firstCohandler,
    rollupRows,
    byState: out.byState,
    seconds: (performance.now() - started) / 1000,
    generateSeconds: generateMs / 1000,
    writeSeconds: writeMs / 1000,
    rollupSeconds,
  };
}
