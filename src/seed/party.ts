// Seeds the party organisation of a generated district: members among the adult residents, the
// organisation tree (街道党工委 → 社区党委/党总支 → 小区党支部 / 联合党支部 → 楼栋党小组), which
// branch covers which estate (with gaps left for the coverage report), committees and terms, and a
// year of 三会一课 with attendance.
//
// The heavy parts are set-based (INSERT … SELECT through `q`), so the district scale (≈ 480,000
// residents) takes seconds. Chance comes from md5 of (seed, tag, row id) in SQL and from the seeded
// Rng in the few per-estate decisions made here: the same seed gives the same organisation.
import type { RawQuery } from '../core/db/client';
import { arrayLiteral } from '../core/db/sql';
import { Rng } from './random';

export interface PartySeedResult {
  orgs: number;
  members: number;
  meetings: number;
  /** demo accounts added by this seed (username, display name, role, place) */
  accounts: { username: string; displayName: string; role: string; place: string }[];
}

/** A uniform number in [0, 1) from the seed ($1), a tag and a row key: the SQL twin of Rng. */
const R = (tag: string, key: string) => `(('x' || substr(md5($1::text || ':${tag}:' || (${key})::text), 1, 8))::bit(32)::bigint / 4294967296.0)`;
/** One of `items` by a uniform number in [0, 1). */
const pickSql = (items: string[], r: string) => `(ARRAY[${items.map((i) => `'${i}'`).join(',')}])[1 + floor(${r} * ${items.length})::int]`;

const ORGANS = ['区委组织部', '区委宣传部', '区发展和改革局', '区财政局', '区教育局', '区卫生健康局', '区住房和城乡建设局', '区民政局', '区人力资源和社会保障局', '区市场监督管理局', '街道办事处', '区税务局'];
const EMPLOYERS = ['市第一人民医院', '区实验小学', '嘉川中学', '市供电公司', '城投集团', '市自来水公司', '建设银行城区支行', '中国移动城区分公司', '市妇幼保健院', '恒达建设有限公司', '新华书店', '市公交集团'];
const TOPICS: Record<string, string[]> = {
  members: ['学习贯彻党的二十届三中全会精神', '讨论预备党员转正', '民主评议党员工作安排', '小区治理重点工作讨论', '党费收缴情况通报'],
  committee: ['研究本月支部工作安排', '研究党员发展计划', '研究小区停车治理方案', '研究困难党员帮扶', '研究“双报到”岗位认领'],
  lecture: ['党课：学习党章党规', '党课：弘扬伟大建党精神', '党课：基层治理中的党员先锋作用', '党课：全面从严治党'],
  theme_day: ['主题党日：小区环境整治志愿服务', '主题党日：走访慰问困难群众', '主题党日：垃圾分类宣传', '主题党日：重温入党誓词', '主题党日：平安小区巡逻'],
  group: ['党小组学习会', '党小组会：楼栋议事'],
};
const LOCATIONS = ['社区党群服务中心', '小区党建活动室', '社区会议室', '小区议事亭'];

interface EstateFacts {
  id: number;
  community_id: number;
  name: string;
  full: number;
  members: number;
}
type Plan = 'own' | 'joint' | 'work' | 'none';

/** Which estates get their own branch, share a joint one, have party work only, or nothing. */
export function planCoverage(estates: EstateFacts[], seed: number): { plan: Map<number, Plan>; groups: Map<number, number> } {
  const rng = new Rng((Math.imul(seed, 0x2545f491) ^ 0x5a17) >>> 0);
  const plan = new Map<number, Plan>();
  const groups = new Map<number, number>();
  const candidates: EstateFacts[] = [];
  const firstId = estates[0]?.id;
  for (const e of estates) {
    const r = rng.next();
    // a few estates with enough members still lack their own branch (the report flags them)
    if (e.full >= 3) plan.set(e.id, e.id === firstId || r >= 0.1 ? 'own' : 'work');
    else if (e.members > 0) {
      if (r < 0.6) candidates.push(e);
      else plan.set(e.id, r < 0.8 ? 'work' : 'none');
    } else plan.set(e.id, r < 0.3 ? 'work' : 'none');
  }
  // 第二章: a joint branch of at most 5 estates of one community, founded once it has 3 full members
  let group = 0;
  const byCommunity = new Map<number, EstateFacts[]>();
  for (const c of candidates) byCommunity.set(c.community_id, [...(byCommunity.get(c.community_id) ?? []), c]);
  for (const list of byCommunity.values()) {
    let open: EstateFacts[] = [];
    const close = () => {
      group++;
      for (const e of open) {
        plan.set(e.id, 'joint');
        groups.set(e.id, group);
      }
      open = [];
    };
    for (const e of list) {
      open.push(e);
      if (open.length >= 2 && open.reduce((s, x) => s + x.full, 0) >= 3) close();
      else if (open.length === 5) open = open.filter((x) => (plan.set(x.id, 'work'), false));
    }
    for (const e of open) plan.set(e.id, 'work');
  }
  // the demo district is small: make sure the report shows every kind of coverage, taking the
  // thinnest estates (other than the first) for what is missing
  const rest = estates.filter((e) => e.id !== firstId).sort((a, b) => a.full - b.full || a.id - b.id);
  const has = (p: Plan) => [...plan.values()].includes(p);
  if (!has('joint')) {
    const byC = new Map<number, EstateFacts[]>();
    for (const e of rest) byC.set(e.community_id, [...(byC.get(e.community_id) ?? []), e]);
    const pair = [...byC.values()].filter((l) => l.length >= 2).sort((a, b) => a[0].full + a[1].full - (b[0].full + b[1].full))[0]?.slice(0, 2);
    if (pair) {
      group++;
      for (const e of pair) (plan.set(e.id, 'joint'), groups.set(e.id, group));
    }
  }
  for (const p of ['none', 'work'] as const) {
    const spare = rest.filter((e) => plan.get(e.id) !== 'joint' && [...plan.values()].filter((x) => x === plan.get(e.id)).length > 1);
    if (!has(p) && spare.length) plan.set(spare[0].id, p);
  }
  return { plan, groups };
}

export async function seedParty(
  q: RawQuery,
  opts: { scale: 'demo' | 'district'; seed: number; districtId: number; passwordHash: string; onProgress?: (msg: string) => void },
): Promise<PartySeedResult> {
  const t0 = performance.now();
  const S = String(opts.seed);
  const D = `/${opts.districtId}/%`;
  const step = (msg: string) => opts.onProgress?.(`  party: ${msg} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const [first] = await q<{ id: number; name: string }>(
    `SELECT id::int AS id, name FROM places WHERE kind = 'estate' AND path LIKE $1 AND retired_at IS NULL ORDER BY id LIMIT 1`,
    [D],
  );
  if (!first) return { orgs: 0, members: 0, meetings: 0, accounts: [] };

  // adult residents, with the places above their unit (unit paths are /district/street/community/estate/building/entrance/unit/)
  await q(`DROP TABLE IF EXISTS seed_party_m`);
  await q(
    `CREATE TEMP TABLE seed_party_m ON COMMIT DROP AS
     WITH adults AS (
       SELECT DISTINCT ON (p.id) p.id AS person_id, p.gender, date_part('year', age(CURRENT_DATE, p.birth_date))::int AS age,
              p.birth_date, h.unit_id, u.path AS place_path,
              split_part(u.path, '/', 3)::bigint AS street_id, split_part(u.path, '/', 4)::bigint AS community_id,
              split_part(u.path, '/', 5)::bigint AS estate_id, split_part(u.path, '/', 6)::bigint AS building_id
         FROM household_members hm
         JOIN households h ON h.id = hm.household_id AND h.retired_at IS NULL
         JOIN places u ON u.id = h.unit_id AND u.path LIKE $2
         JOIN persons p ON p.id = hm.person_id
        WHERE p.birth_date <= CURRENT_DATE - interval '18 years'
        ORDER BY p.id, h.id
     ), ranked AS (
       SELECT a.*, l.person_id IS NOT NULL AS leader, f.first_rank
         FROM adults a
         LEFT JOIN (SELECT DISTINCT leader_person_id AS person_id FROM grid_cells WHERE leader_person_id IS NOT NULL AND place_path LIKE $2) l
           ON l.person_id = a.person_id
         -- ranked only inside the first estate: a window over every adult would sort the district
         LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY ${R('first', 'person_id')}) AS first_rank FROM adults WHERE estate_id = $3) f
           ON f.person_id = a.person_id
     ), chosen AS (
       -- about 7 % of adults: more among the elderly (银龄), many among the 三长; the first estate
       -- always has a branch with a committee (the demo secretary's)
       SELECT r.*, r.first_rank <= 9 AS forced FROM ranked r
        WHERE r.first_rank <= 9
           OR ${R('member', 'r.person_id')} < CASE WHEN r.leader THEN 0.35
                 -- estates differ: an old work-unit compound (家属院) has many members, a new one few
                 ELSE (0.1 + 2.1 * power(${R('estate', 'r.estate_id')}, 2)) * CASE WHEN r.age >= 60 THEN 0.11 WHEN r.age >= 35 THEN 0.06 ELSE 0.04 END END
     )
     SELECT c.*,
            CASE WHEN c.first_rank = 9 OR NOT c.forced AND (c.age < 21 OR (c.age < 60 AND ${R('prob', 'c.person_id')} < 0.08)) THEN 'probationary' ELSE 'full' END AS status,
            CASE WHEN c.age >= 60 OR (c.gender = 'F' AND c.age >= 55) THEN 'retired'
                 WHEN ${R('cat', 'c.person_id')} < 0.85 THEN 'in_service' ELSE 'other' END AS category
       FROM chosen c`,
    [S, D, first.id],
  );
  await q(
    `ALTER TABLE seed_party_m ADD COLUMN organ_cadre boolean, ADD COLUMN employer text, ADD COLUMN joined_on date, ADD COLUMN full_on date`,
  );
  await q(
    `UPDATE seed_party_m SET
       organ_cadre = category = 'in_service' AND ${R('organ', 'person_id')} < CASE WHEN leader THEN 0.5 ELSE 0.12 END,
       joined_on = CASE WHEN status = 'probationary' THEN CURRENT_DATE - (30 + floor(${R('join', 'person_id')} * 320))::int
                   ELSE LEAST(birth_date + make_interval(years => 20 + floor(${R('join', 'person_id')} * GREATEST(LEAST(age - 22, 35), 0))::int,
                                                        days => floor(${R('jday', 'person_id')} * 300)::int),
                              CURRENT_DATE - 400)::date END`,
    [S],
  );
  await q(
    `UPDATE seed_party_m SET
       employer = CASE WHEN organ_cadre THEN ${pickSql(ORGANS, R('emp', 'person_id'))}
                       WHEN category = 'in_service' THEN ${pickSql(EMPLOYERS, R('emp', 'person_id'))} END,
       full_on = CASE WHEN status = 'full' THEN (joined_on + interval '1 year')::date END`,
    [S],
  );
  step('members chosen');

  // the coverage plan, per estate
  const estates = await q<EstateFacts>(
    `SELECT e.id::int AS id, e.parent_id::int AS community_id, e.name,
            count(m.person_id) FILTER (WHERE m.status = 'full')::int AS full, count(m.person_id)::int AS members
       FROM places e LEFT JOIN seed_party_m m ON m.estate_id = e.id
      WHERE e.kind = 'estate' AND e.path LIKE $1 AND e.retired_at IS NULL
      GROUP BY e.id ORDER BY e.id`,
    [D],
  );
  const { plan, groups } = planCoverage(estates, opts.seed);
  await q(`DROP TABLE IF EXISTS seed_party_plan`);
  await q(
    `CREATE TEMP TABLE seed_party_plan ON COMMIT DROP AS
     SELECT unnest($1::bigint[]) AS estate_id, unnest($2::text[]) AS plan, unnest($3::int[]) AS grp`,
    [
      arrayLiteral(estates.map((e) => e.id), 'bigint'),
      arrayLiteral(estates.map((e) => plan.get(e.id)!), 'text'),
      arrayLiteral(estates.map((e) => groups.get(e.id) ?? null), 'int'),
    ],
  );

  // the organisations, top down; term dates: a few committees were elected long ago (term warnings)
  const elected = (term: number, key: string) =>
    `(CURRENT_DATE - CASE WHEN ${R('old', key)} < 0.15 THEN ${term * 365 - 60} + floor(${R('age', key)} * 200)::int
                          ELSE 60 + floor(${R('age', key)} * ${(term - 1) * 365})::int END)`;
  const orgCols = `INSERT INTO party_orgs (id, parent_id, kind, name, place_id, place_path, org_path, term_kind, elected_on, founded_on, is_demo)`;
  await q(
    `${orgCols}
     SELECT id, NULL, 'working_committee', name || CASE WHEN name LIKE '%镇' THEN '党委' ELSE '党工委' END, pid, path, '/' || id || '/',
            'other', ${elected(5, 'pid')}, CURRENT_DATE - 365 * 20, true
       FROM (SELECT nextval('party_orgs_id_seq') AS id, s.* FROM (SELECT id AS pid, name, path FROM places WHERE kind = 'street' AND path LIKE $2 AND retired_at IS NULL ORDER BY id) s) x`,
    [S, D],
  );
  await q(
    `${orgCols}
     SELECT x.id, w.id, x.kind, x.name || CASE WHEN x.kind = 'community_committee' THEN '党委' ELSE '党总支' END, x.pid, x.path,
            w.org_path || x.id || '/', 'community', ${elected(5, 'x.pid')}, CURRENT_DATE - 365 * 12, true
       FROM (SELECT nextval('party_orgs_id_seq') AS id, c.* FROM (
               SELECT p.id AS pid, p.parent_id, p.name, p.path,
                      CASE WHEN (SELECT count(*) FROM seed_party_m m WHERE m.community_id = p.id AND m.status = 'full') >= 100
                           THEN 'community_committee' ELSE 'general_branch' END AS kind
                 FROM places p WHERE p.kind = 'community' AND p.path LIKE $2 AND p.retired_at IS NULL ORDER BY p.id) c) x
       JOIN party_orgs w ON w.place_id = x.parent_id AND w.kind = 'working_committee'`,
    [S, D],
  );
  await q(
    `${orgCols}
     SELECT x.id, c.id, 'branch', x.name || '党支部', x.estate_id, x.path, c.org_path || x.id || '/', 'other',
            ${elected(3, 'x.estate_id')}, CURRENT_DATE - 365 * 3 - floor(${R('found', 'x.estate_id')} * 3000)::int, true
       FROM (SELECT nextval('party_orgs_id_seq') AS id, e.* FROM (
               SELECT p.id AS estate_id, p.parent_id, p.name, p.path FROM seed_party_plan pl JOIN places p ON p.id = pl.estate_id
                WHERE pl.plan = 'own' ORDER BY p.id) e) x
       JOIN party_orgs c ON c.place_id = x.parent_id AND c.kind IN ('community_committee','general_branch')`,
    [S],
  );
  // a joint branch is anchored on its community and named after its estates
  await q(`DROP TABLE IF EXISTS seed_party_joint`);
  await q(
    `CREATE TEMP TABLE seed_party_joint ON COMMIT DROP AS
     SELECT nextval('party_orgs_id_seq') AS id, g.* FROM (
       SELECT pl.grp, min(p.parent_id) AS community_id, min(p.id) AS first_estate,
              CASE WHEN count(*) = 2 THEN string_agg(p.name, '、' ORDER BY p.id) || '联合党支部'
                   ELSE min(p.name) || '等' || count(*) || '个小区联合党支部' END AS name
         FROM seed_party_plan pl JOIN places p ON p.id = pl.estate_id
        WHERE pl.plan = 'joint' GROUP BY pl.grp ORDER BY pl.grp) g`,
  );
  await q(
    `${orgCols}
     SELECT x.id, c.id, 'joint_branch', left(x.name, 100), x.community_id, c.place_path, c.org_path || x.id || '/', 'other',
            ${elected(3, 'x.first_estate')}, CURRENT_DATE - 365 - floor(${R('found', 'x.first_estate')} * 1500)::int, true
       FROM seed_party_joint x
       JOIN party_orgs c ON c.place_id = x.community_id AND c.kind IN ('community_committee','general_branch')`,
    [S],
  );
  await q(
    `INSERT INTO party_org_estates (estate_id, org_id, since)
     SELECT pl.estate_id, o.id, o.founded_on FROM seed_party_plan pl JOIN party_orgs o ON o.kind = 'branch' AND o.place_id = pl.estate_id AND o.is_demo
      WHERE pl.plan = 'own'
     UNION ALL
     SELECT pl.estate_id, o.id, o.founded_on FROM seed_party_plan pl JOIN seed_party_joint j ON j.grp = pl.grp JOIN party_orgs o ON o.id = j.id
      WHERE pl.plan = 'joint'`,
  );
  step('organisations');

  // members belong to the branch covering their estate, else to the community's organisation
  const members = await q<{ n: number }>(
    `WITH ins AS (
       INSERT INTO party_members (person_id, org_id, status, joined_on, full_on, category, employer, organ_cadre, unit_id, estate_id, place_path, is_demo)
       SELECT m.person_id, COALESCE(oe.org_id, c.id), m.status, m.joined_on, m.full_on, m.category, m.employer, m.organ_cadre,
              m.unit_id, m.estate_id, m.place_path, true
         FROM seed_party_m m
         LEFT JOIN party_org_estates oe ON oe.estate_id = m.estate_id
         JOIN party_orgs c ON c.place_id = m.community_id AND c.kind IN ('community_committee','general_branch') AND c.is_demo
        ORDER BY m.person_id
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  // party work without a branch: a member living there keeps contact (none where nobody is a member)
  await q(
    `INSERT INTO party_work_estates (estate_id, contact_person_id, note, since)
     SELECT pl.estate_id,
            (SELECT m.person_id FROM seed_party_m m WHERE m.estate_id = pl.estate_id ORDER BY ${R('contact', 'm.person_id')} LIMIT 1),
            '由社区党组织联系，开展党的工作', CURRENT_DATE - 200 - floor(${R('work', 'pl.estate_id')} * 700)::int
       FROM seed_party_plan pl WHERE pl.plan = 'work'`,
    [S],
  );
  // 楼栋党小组 on some buildings of a branch's estate where three or more members live
  await q(
    `${orgCols}
     SELECT x.id, x.branch_id, 'group', x.name || '党小组', x.building_id, x.path, x.org_path || x.id || '/', 'other', NULL, CURRENT_DATE - 300, true
       FROM (SELECT nextval('party_orgs_id_seq') AS id, b.* FROM (
               SELECT o.id AS branch_id, o.org_path, p.id AS building_id, p.name, p.path
                 FROM seed_party_m m JOIN party_orgs o ON o.kind = 'branch' AND o.place_id = m.estate_id AND o.is_demo
                 JOIN places p ON p.id = m.building_id
                GROUP BY o.id, o.org_path, p.id, p.name, p.path
               HAVING count(*) >= 3 AND (${R('group', 'p.id')} < 0.3 OR p.id = (SELECT min(b2.id) FROM places b2 WHERE b2.parent_id = $2))
                ORDER BY p.id) b) x`,
    [S, first.id],
  );
  // committees: the secretary, and 3–5 members in all where the organisation has 7 full members
  // (第六章); office-level organisations draw from every member of their street or community
  await q(
    `INSERT INTO party_committee_members (org_id, person_id, post, since)
     SELECT org_id, person_id, (ARRAY['secretary','deputy_secretary','organisation','propaganda','discipline'])[rk], elected_on
       FROM (
         SELECT o.id AS org_id, o.elected_on, c.person_id,
                row_number() OVER (PARTITION BY o.id ORDER BY ${R('sec', `o.id || ':' || c.person_id`)}) AS rk,
                count(*) OVER (PARTITION BY o.id) AS n,
                3 + floor(${R('size', 'o.id')} * 3)::int AS size
           FROM (SELECT pm.org_id, pm.person_id FROM party_members pm WHERE pm.status = 'full' AND pm.is_demo AND pm.place_path LIKE $2
                 UNION
                 SELECT o.id, m.person_id FROM seed_party_m m JOIN party_orgs o ON o.place_id = m.community_id AND o.kind IN ('general_branch','community_committee')
                  WHERE m.status = 'full'
                 UNION
                 SELECT o.id, m.person_id FROM seed_party_m m JOIN party_orgs o ON o.place_id = m.street_id AND o.kind = 'working_committee'
                  WHERE m.status = 'full') c
           JOIN party_orgs o ON o.id = c.org_id
          WHERE o.is_demo AND o.kind <> 'group' AND o.place_path LIKE $2) c
      WHERE rk = 1 OR (n >= 7 AND rk <= size)`,
    [S, D],
  );
  const orgCount = await q<{ n: number }>(`SELECT count(*)::int AS n FROM party_orgs WHERE is_demo AND place_path LIKE $1`, [D]);
  step(`${members[0].n} members, ${orgCount[0].n} organisations`);

  const meetings = await seedMeetings(q, S, D);
  step(`${meetings} meetings`);

  // the demo secretary: the secretary of the first estate's branch
  const accounts: PartySeedResult['accounts'] = [];
  const [sec] = await q<{ person_id: number }>(
    `SELECT c.person_id::int AS person_id FROM party_committee_members c JOIN party_orgs o ON o.id = c.org_id
      WHERE o.kind = 'branch' AND o.place_id = $1 AND c.post = 'secretary'`,
    [first.id],
  );
  const taken = await q(`SELECT 1 FROM users WHERE lower(username) = 'shuji'`);
  if (sec && !taken.length) {
    const [u] = await q<{ id: number }>(
      `INSERT INTO users (username, display_name, person_id, password_hash, is_demo) VALUES ('shuji', '党支部书记（演示）', $1, $2, true) RETURNING id::int AS id`,
      [sec.person_id, opts.passwordHash],
    );
    await q(`INSERT INTO role_assignments (user_id, role, place_id) VALUES ($1, 'party_secretary', $2)`, [u.id, first.id]);
    accounts.push({ username: 'shuji', displayName: '党支部书记（演示）', role: 'party_secretary', place: first.name });
  }
  return { orgs: orgCount[0].n, members: members[0].n, meetings, accounts };
}

/**
 * A year of 三会一课 up to today: 党员大会 and 党课 each quarter, 支委会 (where there is a committee)
 * and 主题党日 each month for branches, 支委会 monthly for the offices' organisations, 党小组会
 * monthly. About one period in twelve is missed, and the current period is often still to hold.
 */
async function seedMeetings(q: RawQuery, S: string, D: string): Promise<number> {
  const topic = (kind: string, key: string) => pickSql(TOPICS[kind], R('topic', key));
  const ins = await q<{ n: number }>(
    `WITH slots AS (
       SELECT o.id AS org_id, k.kind, k.months, gs::date AS period_start
         FROM party_orgs o
         JOIN (VALUES ('members', 3), ('lecture', 3), ('theme_day', 1), ('committee', 1), ('group', 1)) AS k(kind, months)
           ON (o.kind IN ('branch','joint_branch') AND k.kind IN ('members','lecture','theme_day'))
           OR (o.kind IN ('branch','joint_branch','general_branch','community_committee') AND k.kind = 'committee'
               AND (SELECT count(*) FROM party_committee_members c WHERE c.org_id = o.id) >= 3)
           OR (o.kind = 'group' AND k.kind = 'group')
         CROSS JOIN LATERAL generate_series(
              date_trunc(CASE WHEN k.months = 3 THEN 'quarter' ELSE 'month' END, (CURRENT_DATE - 365)::timestamp),
              CURRENT_DATE::timestamp, make_interval(months => k.months)) gs
        WHERE o.is_demo AND o.place_path LIKE $2
     ), dated AS (
       SELECT s.*, s.period_start + floor(${R('day', `s.org_id || s.kind || s.period_start`)} * (s.months * 30 - 3))::int AS held_on,
              ${R('miss', `s.org_id || s.kind || s.period_start`)} AS miss
         FROM slots s
     )
     , ins AS (
       INSERT INTO party_meetings (org_id, kind, held_on, topic, location, minutes, is_demo, created_at, updated_at)
       SELECT d.org_id, d.kind, d.held_on,
              CASE d.kind ${Object.keys(TOPICS).map((k) => `WHEN '${k}' THEN ${topic(k, `d.org_id || d.kind || d.period_start`)}`).join(' ')} END,
              ${pickSql(LOCATIONS, R('loc', `d.org_id || d.kind || d.period_start`))},
              '会议按议程进行，与会党员充分讨论，形成一致意见。', true, d.held_on + time '19:30', d.held_on + time '21:00'
         FROM dated d
        -- a missed period; and the current one is held only if its day has passed
        WHERE d.miss >= 0.08 AND d.held_on < CURRENT_DATE
        ORDER BY d.org_id, d.kind, d.held_on
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [S, D],
  );
  // who should attend: the branch's members (a group: those in its building), or the committee;
  // one statement per kind so each joins on equality
  const attendance = (join: string) =>
    q(
      `INSERT INTO party_meeting_attendance (meeting_id, member_id, status, voting)
       SELECT meeting_id, member_id, CASE WHEN r < 0.86 THEN 'present' WHEN r < 0.95 THEN 'leave' ELSE 'absent' END, voting
         FROM (SELECT mt.id AS meeting_id, m.id AS member_id, ${R('att', `mt.id || ':' || m.id`)} AS r, m.status = 'full' AND m.full_on <= mt.held_on AS voting
                 FROM party_meetings mt JOIN party_orgs o ON o.id = mt.org_id ${join}
                WHERE mt.is_demo AND o.place_path LIKE $2 AND m.joined_on <= mt.held_on) a`,
      [S, D],
    );
  await attendance(`JOIN party_members m ON m.org_id = o.id AND mt.kind IN ('members','lecture','theme_day')`);
  await attendance(`JOIN party_members m ON m.org_id = o.parent_id AND m.place_path LIKE o.place_path || '%' AND mt.kind = 'group'`);
  await attendance(`JOIN party_committee_members c ON c.org_id = o.id AND mt.kind = 'committee' JOIN party_members m ON m.person_id = c.person_id`);
  await q(
    `UPDATE party_meetings mt SET entitled = a.entitled, present = a.present
       FROM (SELECT meeting_id, count(*) FILTER (WHERE voting)::int AS entitled,
                    count(*) FILTER (WHERE voting AND status = 'present')::int AS present
               FROM party_meeting_attendance GROUP BY meeting_id) a
      WHERE a.meeting_id = mt.id AND mt.is_demo`,
  );
  return ins[0].n;
}
