// Seeds the 三长 grid of a generated district, set-based (INSERT … SELECT inside the seed
// transaction; no row-by-row work, so 160,000 households take seconds):
// - 片: one per 片长 (pian_zhang user) who covers an estate first (their grants: one estate → the 片
//   sits on it, several → on the community); estates nobody covers get a leaderless 片 of their community.
// - 组: the same one level down (组长 grants on buildings or the estate), parent the estate's 片.
// - 邻: each entrance's households in unit order split like grid.ts splitIntoLins (at most 20,
//   sizes differing by at most one), parent the building's 组; the building's 邻长 lead them in
//   order, and a small share (about 4 %, and the demo estate's last 邻) are left without one so
//   coverage is not 100 %.
// - A leader whose account has no grant of the level's role covering the cell gets one there (as
//   the leader route does).
// - The demo accounts pianzhang / zuzhang / linzhang are linked to residents of their places (they
//   had no person) and win their places first: linzhang leads the first 邻 of the first entrance,
//   which holds unit 101's household — the demo `resident`'s; zuzhang leads its 组, pianzhang its 片.
// - Demo visits (about one household in five, all of linzhang's every other one) and their points,
//   this year, so the visit history and the ranking are not empty.
import type { RawQuery } from '../core/db/client';
import { DEFAULT_GRID_LIMITS } from '../modules/party/grid';

export interface GridSeedResult {
  pians: number;
  zus: number;
  lins: number;
  households: number;
  /** 邻 left without a 邻长 */
  linsWithoutLeader: number;
  visits: number;
}

const DEMO_LEADERS = ['pianzhang', 'zuzhang', 'linzhang'];
const NOTES = [
  '入户走访，了解家庭近况，无特殊诉求',
  '电话联系并上门看望老人，身体状况良好',
  '宣传垃圾分类和消防安全知识',
  '了解到楼道灯不亮，已提醒物业',
  '住户反映邻里关系和睦，无诉求',
  '核对家庭成员信息，已更新联系电话',
];

export async function seedGrid(q: RawQuery, opts: { scale: 'demo' | 'district'; seed: number; districtId: number; onProgress?: (msg: string) => void }): Promise<GridSeedResult> {
  const t0 = performance.now();
  const dpath = `/${opts.districtId}/%`;
  const max = DEFAULT_GRID_LIMITS.maxHouseholds;
  const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number }>(text, params))[0].n);
  // fresh temp tables have no statistics: without them the planner joins 160,000 rows by nested loops
  const analyze = async (...tables: string[]) => {
    for (const t of tables) await q(`ANALYZE ${t}`);
  };

  // the demo 三长 accounts get a person: a resident of their place who has no account yet
  for (const username of DEMO_LEADERS) {
    await q(
      `UPDATE users u SET person_id = (
          SELECT m.person_id FROM role_assignments ra JOIN places gp ON gp.id = ra.place_id
            JOIN places un ON un.kind = 'unit' AND un.path LIKE gp.path || '%'
            JOIN households h ON h.unit_id = un.id JOIN household_members m ON m.household_id = h.id
            JOIN persons p ON p.id = m.person_id
           WHERE ra.user_id = u.id AND ra.revoked_at IS NULL AND m.relation IN ('head', 'spouse')
             AND NOT EXISTS (SELECT 1 FROM users x WHERE x.person_id = m.person_id)
           ORDER BY (p.birth_date BETWEEN CURRENT_DATE - interval '65 years' AND CURRENT_DATE - interval '30 years') DESC, un.path DESC, m.person_id
           LIMIT 1)
        WHERE u.username = $1 AND u.is_demo AND u.person_id IS NULL`,
      [username],
    );
  }

  // 三长 accounts with their grants; the demo accounts come first wherever they compete
  await q(
    `CREATE TEMP TABLE gs_vol ON COMMIT DROP AS
     SELECT u.id AS user_id, u.person_id, ra.role, p.id AS place_id, p.parent_id, p.kind,
            (CASE WHEN u.username = ANY($2::text[]) THEN 0 ELSE 1 END) AS prio
       FROM users u JOIN role_assignments ra ON ra.user_id = u.id AND ra.revoked_at IS NULL
       JOIN places p ON p.id = ra.place_id
      WHERE ra.role IN ('pian_zhang', 'zu_zhang', 'lin_zhang') AND u.person_id IS NOT NULL AND u.disabled_at IS NULL AND p.path LIKE $1`,
    [dpath, `{${DEMO_LEADERS.join(',')}}`],
  );
  // each 三长 account's grants of a role: how many, and the place when there is one
  await q(
    `CREATE TEMP TABLE gs_user ON COMMIT DROP AS
     SELECT 'u' || user_id AS ukey, role, count(*)::int AS n, min(place_id) AS place_id, min(person_id) AS person_id FROM gs_vol GROUP BY user_id, role`,
  );
  await analyze('gs_vol', 'gs_user');
  // households to place, numbered in unit order within their entrance, and the 邻 index of each
  await q(
    `CREATE TEMP TABLE gs_hh ON COMMIT DROP AS
     SELECT x.*, ceil(x.n / ${max}.0)::int AS k FROM (
       SELECT h.id AS household_id, en.id AS entrance_id, en.parent_id AS building_id,
              row_number() OVER (PARTITION BY en.id ORDER BY length(u.name), u.name, h.id)::int - 1 AS i,
              count(*) OVER (PARTITION BY en.id)::int AS n
         FROM households h JOIN places u ON u.id = h.unit_id JOIN places en ON en.id = u.parent_id AND en.kind = 'entrance'
        WHERE h.retired_at IS NULL AND u.retired_at IS NULL AND u.path LIKE $1
          AND NOT EXISTS (SELECT 1 FROM grid_households g WHERE g.household_id = h.id)) x`,
    [dpath],
  );
  // splitIntoLins: k = ceil(n / max) groups, the first n mod k of them one larger
  await q(`ALTER TABLE gs_hh ADD COLUMN j int`);
  await q(
    `UPDATE gs_hh SET j = CASE WHEN i < (n % k) * (n / k + 1) THEN i / (n / k + 1)
                               ELSE (n % k) + (i - (n % k) * (n / k + 1)) / (n / k) END`,
  );
  await analyze('gs_hh');
  const firstCell = await count(`SELECT nextval('grid_cells_id_seq') AS n`);

  // ---- 片 -----------------------------------------------------------------------------------------
  await q(
    `CREATE TEMP TABLE gs_estate ON COMMIT DROP AS
     SELECT DISTINCT ON (e.id) e.id AS estate_id, e.parent_id AS community_id, coalesce('u' || v.user_id, 'c' || e.parent_id) AS pkey
       FROM places e LEFT JOIN (
              SELECT e2.id AS estate_id, v.user_id, v.prio FROM places e2 JOIN gs_vol v ON v.role = 'pian_zhang' AND v.place_id = e2.id
              UNION ALL
              SELECT e2.id, v.user_id, v.prio FROM places e2 JOIN gs_vol v ON v.role = 'pian_zhang' AND v.place_id = e2.parent_id) v ON v.estate_id = e.id
      WHERE e.kind = 'estate' AND e.path LIKE $1 AND e.id IN (SELECT b.parent_id FROM places b WHERE b.id IN (SELECT building_id FROM gs_hh))
      ORDER BY e.id, v.prio, v.user_id`,
    [dpath],
  );
  await analyze('gs_estate');
  await q(
    `CREATE TEMP TABLE gs_pian ON COMMIT DROP AS
     SELECT nextval('grid_cells_id_seq') AS id, s.* FROM (
       SELECT ge.pkey, min(ge.community_id) AS community_id,
              CASE WHEN uc.n = 1 THEN uc.place_id ELSE min(ge.community_id) END AS anchor_id, uc.person_id AS leader
         FROM gs_estate ge LEFT JOIN gs_user uc ON uc.ukey = ge.pkey AND uc.role = 'pian_zhang'
        GROUP BY ge.pkey, uc.n, uc.place_id, uc.person_id) s`,
  );
  await analyze('gs_pian');
  await q(
    `INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path, leader_person_id, leader_since, is_demo)
     SELECT gp.id, 'pian', NULL, c.name || '第' || row_number() OVER (PARTITION BY gp.community_id ORDER BY a.path, gp.id) || '片',
            gp.anchor_id, a.path, '/' || gp.id || '/', gp.leader, CASE WHEN gp.leader IS NULL THEN NULL ELSE CURRENT_DATE - 200 END, true
       FROM gs_pian gp JOIN places a ON a.id = gp.anchor_id JOIN places c ON c.id = gp.community_id`,
  );

  // ---- 组 -----------------------------------------------------------------------------------------
  await q(
    `CREATE TEMP TABLE gs_building ON COMMIT DROP AS
     SELECT DISTINCT ON (b.id) b.id AS building_id, b.parent_id AS estate_id, coalesce('u' || v.user_id, 'e' || b.parent_id) AS zkey
       FROM places b LEFT JOIN (
              SELECT b2.id AS building_id, v.user_id, v.prio FROM places b2 JOIN gs_vol v ON v.role = 'zu_zhang' AND v.place_id = b2.id
              UNION ALL
              SELECT b2.id, v.user_id, v.prio FROM places b2 JOIN gs_vol v ON v.role = 'zu_zhang' AND v.place_id = b2.parent_id) v ON v.building_id = b.id
      WHERE b.id IN (SELECT building_id FROM gs_hh)
      ORDER BY b.id, v.prio, v.user_id`,
  );
  await analyze('gs_building');
  await q(
    `CREATE TEMP TABLE gs_zu ON COMMIT DROP AS
     SELECT nextval('grid_cells_id_seq') AS id, s.* FROM (
       SELECT gb.zkey, min(gb.estate_id) AS estate_id,
              CASE WHEN uc.n = 1 THEN uc.place_id ELSE min(gb.estate_id) END AS anchor_id, uc.person_id AS leader
         FROM gs_building gb LEFT JOIN gs_user uc ON uc.ukey = gb.zkey AND uc.role = 'zu_zhang'
        GROUP BY gb.zkey, uc.n, uc.place_id, uc.person_id) s`,
  );
  await analyze('gs_zu');
  await q(
    `INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path, leader_person_id, leader_since, is_demo)
     SELECT gz.id, 'zu', gp.id, e.name || '第' || row_number() OVER (PARTITION BY gz.estate_id ORDER BY a.path, gz.id) || '组',
            gz.anchor_id, a.path, '/' || gp.id || '/' || gz.id || '/', gz.leader, CASE WHEN gz.leader IS NULL THEN NULL ELSE CURRENT_DATE - 180 END, true
       FROM gs_zu gz JOIN places a ON a.id = gz.anchor_id JOIN places e ON e.id = gz.estate_id
       JOIN gs_estate ge ON ge.estate_id = gz.estate_id JOIN gs_pian gp ON gp.pkey = ge.pkey`,
  );

  // ---- 邻 -----------------------------------------------------------------------------------------
  await q(
    `CREATE TEMP TABLE gs_lin ON COMMIT DROP AS
     SELECT nextval('grid_cells_id_seq') AS id, s.*, row_number() OVER (PARTITION BY s.building_id ORDER BY s.entrance_id, s.j)::int AS r FROM (
       SELECT entrance_id, building_id, j, count(*)::int AS size FROM gs_hh GROUP BY entrance_id, building_id, j) s`,
  );
  await q(
    `CREATE TEMP TABLE gs_linvol ON COMMIT DROP AS
     SELECT building_id, person_id, row_number() OVER (PARTITION BY building_id ORDER BY prio, first_place, user_id)::int AS s FROM (
       SELECT CASE WHEN kind = 'building' THEN place_id ELSE parent_id END AS building_id, user_id, min(person_id) AS person_id,
              min(prio) AS prio, min(place_id) AS first_place
         FROM gs_vol WHERE role = 'lin_zhang' GROUP BY 1, user_id) x`,
  );
  await analyze('gs_lin', 'gs_linvol');
  // about 4 % of the 邻 have no 邻长 (never the demo 邻长's)
  await q(
    `INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path, leader_person_id, leader_since, is_demo)
     SELECT gl.id, 'lin', gz.id, b.name || en.name || ' 第' || (gl.j + 1) || '邻', en.id, en.path,
            '/' || gp.id || '/' || gz.id || '/' || gl.id || '/', lv.person_id, CASE WHEN lv.person_id IS NULL THEN NULL ELSE CURRENT_DATE - 150 END, true
       FROM gs_lin gl JOIN places en ON en.id = gl.entrance_id JOIN places b ON b.id = gl.building_id
       JOIN gs_building gb ON gb.building_id = gl.building_id JOIN gs_zu gz ON gz.zkey = gb.zkey
       JOIN gs_estate ge ON ge.estate_id = gb.estate_id JOIN gs_pian gp ON gp.pkey = ge.pkey
       LEFT JOIN gs_linvol lv ON lv.building_id = gl.building_id AND lv.s = gl.r
            AND (gl.r = 1 OR ((gl.id * 7919 + $1::bigint) % 100) >= 4)`,
    [opts.seed % 100_000],
  );
  // and in the demo estate, its last 邻 waits for a new 邻长 (the coverage pages have something to show)
  await q(
    `UPDATE grid_cells SET leader_person_id = NULL, leader_since = NULL WHERE id = (
       SELECT max(c.id) FROM grid_cells c WHERE c.level = 'lin' AND c.id >= $1
          AND NOT EXISTS (SELECT 1 FROM users x WHERE x.username = 'linzhang' AND x.person_id = c.leader_person_id) AND c.place_path LIKE (
         SELECT split_part(p.path, '/', 1) || '/' || split_part(p.path, '/', 2) || '/' || split_part(p.path, '/', 3) || '/' || split_part(p.path, '/', 4) || '/' || split_part(p.path, '/', 5) || '/%'
           FROM users u JOIN role_assignments ra ON ra.user_id = u.id JOIN places p ON p.id = ra.place_id WHERE u.username = 'linzhang' ORDER BY ra.id LIMIT 1))`,
    [firstCell],
  );
  await q(`INSERT INTO grid_households (household_id, lin_id) SELECT h.household_id, gl.id FROM gs_hh h JOIN gs_lin gl ON gl.entrance_id = h.entrance_id AND gl.j = h.j`);

  // leaders' accounts hold the level's role on (or above) their cell's place
  await q(
    `INSERT INTO role_assignments (user_id, role, place_id)
     SELECT DISTINCT u.id, c.level || '_zhang', c.place_id FROM grid_cells c JOIN users u ON u.person_id = c.leader_person_id AND u.disabled_at IS NULL
      WHERE c.id >= $1 AND NOT EXISTS (
        SELECT 1 FROM role_assignments ra JOIN places p ON p.id = ra.place_id
         WHERE ra.user_id = u.id AND ra.role = c.level || '_zhang' AND ra.revoked_at IS NULL AND c.place_path LIKE p.path || '%')`,
    [firstCell],
  );

  // ---- demo visits and points this year -----------------------------------------------------------
  const demoLin = await count(
    `SELECT coalesce(min(c.id), 0) AS n FROM grid_cells c JOIN users u ON u.person_id = c.leader_person_id WHERE u.username = 'linzhang' AND c.level = 'lin' AND c.id >= $1`,
    [firstCell],
  );
  const visitsBefore = await count(`SELECT count(*) AS n FROM grid_visits`);
  // users.person_id has no index: each leader's account once, joined by hash
  await q(
    `CREATE TEMP TABLE gs_account ON COMMIT DROP AS
     SELECT person_id, min(id) AS id FROM users WHERE person_id IS NOT NULL AND disabled_at IS NULL GROUP BY person_id`,
  );
  await analyze('gs_account');
  await q(
    `INSERT INTO grid_visits (household_id, lin_id, place_path, visitor_person_id, visitor_user_id, visited_at, notes, is_demo)
     SELECT g.household_id, c.id, un.path, c.leader_person_id, u.id,
            least(now() - interval '2 hours', greatest(
              now() - make_interval(days => ((g.household_id * 31 + $2::bigint) % 80)::int, hours => ((g.household_id * 7) % 10)::int),
              (date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') + interval '1 hour')),
            ($3::text[])[1 + ((g.household_id * 13 + $2::bigint) % ${NOTES.length})::int], true
       FROM grid_households g JOIN grid_cells c ON c.id = g.lin_id AND c.id >= $1 AND c.leader_person_id IS NOT NULL
       JOIN households h ON h.id = g.household_id JOIN places un ON un.id = h.unit_id
       JOIN gs_account u ON u.person_id = c.leader_person_id
      WHERE (c.id = $4 AND g.household_id % 2 = 0) OR (c.id <> $4 AND (g.household_id * 17 + $2::bigint) % 5 = 0)`,
    [firstCell, opts.seed % 100_000, `{${NOTES.map((n) => `"${n}"`).join(',')}}`, demoLin],
  );
  await q(
    `INSERT INTO grid_points (person_id, kind, points, ref_id, at, is_demo)
     SELECT visitor_person_id, 'visit', 1, id, visited_at, true FROM grid_visits WHERE is_demo AND lin_id >= $1 AND visitor_person_id IS NOT NULL
     ON CONFLICT (kind, ref_id) WHERE ref_id IS NOT NULL AND kind IN ('visit','report') DO NOTHING`,
    [firstCell],
  );
  // a community activity (e.g. a clean-up day) for about one 邻长 in six
  await q(
    `INSERT INTO grid_points (person_id, kind, points, note, at, is_demo)
     SELECT DISTINCT c.leader_person_id, 'activity', 3, '参加社区志愿服务活动', now() - interval '20 days', true
       FROM grid_cells c WHERE c.id >= $1 AND c.level = 'lin' AND c.leader_person_id IS NOT NULL AND (c.leader_person_id + $2::bigint) % 6 = 0`,
    [firstCell, opts.seed % 100_000],
  );

  const result: GridSeedResult = {
    pians: await count(`SELECT count(*) AS n FROM grid_cells WHERE id >= $1 AND level = 'pian'`, [firstCell]),
    zus: await count(`SELECT count(*) AS n FROM grid_cells WHERE id >= $1 AND level = 'zu'`, [firstCell]),
    lins: await count(`SELECT count(*) AS n FROM grid_cells WHERE id >= $1 AND level = 'lin'`, [firstCell]),
    households: await count(`SELECT count(*) AS n FROM grid_households WHERE lin_id >= $1`, [firstCell]),
    linsWithoutLeader: await count(`SELECT count(*) AS n FROM grid_cells WHERE id >= $1 AND level = 'lin' AND leader_person_id IS NULL`, [firstCell]),
    visits: (await count(`SELECT count(*) AS n FROM grid_visits`)) - visitsBefore,
  };
  opts.onProgress?.(
    `  grid: ${result.pians} 片, ${result.zus} 组, ${result.lins} 邻 (${result.linsWithoutLeader} without 邻长) over ${result.households} households, ${result.visits} visits in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return result;
}
