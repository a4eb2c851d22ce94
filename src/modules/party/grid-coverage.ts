// 三长 coverage for a district, street, community or estate: per estate, households covered (in a
// 邻 with a 邻长) and not (no 邻, or a 邻 without its 邻长), 邻 outside the local size limits, 组
// and 片; the same semantics as grid.ts gridCoverage, computed set-based (one grouped query per
// figure family over the whole subtree, never a query per estate) so a district of 160,000
// households answers at once.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { hasPermission } from '../../core/access/policy';
import { one, rows } from '../../core/db/client';
import { gridScope } from './scope';
import { effectivePartySettings } from './settings';
import { coveragePercent } from './grid';
import { livePlace } from './grid-service';
import type { CoverageT } from './schemas-grid';
import './errors-grid';

interface EstateRow {
  estateId: number;
  name: string;
  communityName: string;
  households: number;
  covered: number;
  lins: number;
  linsWithoutLeader: number;
  linsTooSmall: number;
  linsTooLarge: number;
  zus: number;
  zusWithoutLeader: number;
  pians: number;
}

export async function gridCoverageReport(ctx: AppContext, actor: Actor, placeId: number): Promise<CoverageT> {
  const place = await livePlace(ctx.db, placeId);
  if (!['district', 'street', 'community', 'estate'].includes(place.kind)) throw new AppError('GRID_COVERAGE_PLACE', { placeKind: place.kind });
  // offices: the place lies in their subtree; a 片长 / 组长: the place is one their cells sit on or inside
  const scope = await gridScope(ctx.db, actor, 'grid.view');
  let allowed = scope.placePaths.some((p) => place.path.startsWith(p));
  if (!allowed && scope.nodePaths.length) {
    const led = await rows<{ place_path: string }>(
      ctx.db,
      sql`SELECT place_path FROM grid_cells WHERE cell_path IN (${sql.join(scope.nodePaths.map((p) => sql`${p}`), sql`, `)})`,
    );
    allowed = led.some((l) => place.path.startsWith(l.place_path));
  }
  if (!allowed) throw new AppError(hasPermission(actor, 'grid.view') ? 'NOT_IN_SCOPE' : 'FORBIDDEN', { permission: 'grid.view' });

  const s = await effectivePartySettings(ctx.db, place.path);
  const min = s.linMinHouseholds;
  const max = s.linMaxHouseholds;
  const under = place.path + '%';
  const estates = await rows<EstateRow>(
    ctx.db,
    sql`WITH hh AS (
          SELECT split_part(u.path, '/', 5)::bigint AS estate_id, count(*)::int AS households,
                 count(*) FILTER (WHERE l.leader_person_id IS NOT NULL)::int AS covered
            FROM households h JOIN places u ON u.id = h.unit_id
            LEFT JOIN grid_households g ON g.household_id = h.id
            LEFT JOIN grid_cells l ON l.id = g.lin_id AND l.retired_at IS NULL
           WHERE h.retired_at IS NULL AND u.path LIKE ${under}
           GROUP BY 1),
        lin AS (
          SELECT c.id, split_part(c.place_path, '/', 5)::bigint AS estate_id, c.leader_person_id, count(g.household_id)::int AS n
            FROM grid_cells c LEFT JOIN grid_households g ON g.lin_id = c.id
           WHERE c.level = 'lin' AND c.retired_at IS NULL AND c.place_path LIKE ${under}
           GROUP BY c.id),
        lins AS (
          SELECT estate_id, count(*)::int AS lins, count(*) FILTER (WHERE leader_person_id IS NULL)::int AS without,
                 count(*) FILTER (WHERE n < ${min})::int AS small, count(*) FILTER (WHERE n > ${max})::int AS large
            FROM lin GROUP BY estate_id),
        zus AS (
          SELECT split_part(c.place_path, '/', 5)::bigint AS estate_id, count(*)::int AS zus,
                 count(*) FILTER (WHERE c.leader_person_id IS NULL)::int AS without, count(DISTINCT c.parent_id)::int AS pians
            FROM grid_cells c WHERE c.level = 'zu' AND c.retired_at IS NULL AND c.place_path LIKE ${under}
           GROUP BY 1)
        SELECT e.id::int AS "estateId", e.name, co.name AS "communityName",
               coalesce(hh.households, 0) AS households, coalesce(hh.covered, 0) AS covered,
               coalesce(lins.lins, 0) AS lins, coalesce(lins.without, 0) AS "linsWithoutLeader",
               coalesce(lins.small, 0) AS "linsTooSmall", coalesce(lins.large, 0) AS "linsTooLarge",
               coalesce(zus.zus, 0) AS zus, coalesce(zus.without, 0) AS "zusWithoutLeader", coalesce(zus.pians, 0) AS pians
          FROM places e JOIN places co ON co.id = e.parent_id
          LEFT JOIN hh ON hh.estate_id = e.id LEFT JOIN lins ON lins.estate_id = e.id LEFT JOIN zus ON zus.estate_id = e.id
         WHERE e.kind = 'estate' AND e.retired_at IS NULL AND e.path LIKE ${under}
           AND (hh.households IS NOT NULL OR lins.lins IS NOT NULL OR zus.zus IS NOT NULL)
         ORDER BY e.path`,
  );
  // 片 anchored inside the place, and those above it that hold a 组 inside it (an estate's 片 may sit on its community)
  const pians = await one<{ n: number; without: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE p.leader_person_id IS NULL)::int AS without FROM grid_cells p
         WHERE p.level = 'pian' AND p.retired_at IS NULL
           AND (p.place_path LIKE ${under} OR EXISTS (SELECT 1 FROM grid_cells z WHERE z.parent_id = p.id AND z.retired_at IS NULL AND z.place_path LIKE ${under}))`,
  );
  const sum = (k: keyof EstateRow) => estates.reduce((a, e) => a + (e[k] as number), 0);
  const households = sum('households');
  const covered = sum('covered');
  return {
    place: { id: place.id, name: place.name, kind: place.kind },
    limits: { minHouseholds: min, maxHouseholds: max },
    totals: {
      households,
      covered,
      uncovered: households - covered,
      percent: coveragePercent(covered, households),
      lins: sum('lins'),
      linsWithoutLeader: sum('linsWithoutLeader'),
      linsTooSmall: sum('linsTooSmall'),
      linsTooLarge: sum('linsTooLarge'),
      zus: sum('zus'),
      zusWithoutLeader: sum('zusWithoutLeader'),
      pians: pians?.n ?? 0,
      piansWithoutLeader: pians?.without ?? 0,
    },
    estates: estates.map((e) => ({ ...e, uncovered: e.households - e.covered, percent: coveragePercent(e.covered, e.households) })),
  };
}
