// /api/grid…: the 片/组/邻 cells and their leaders, households of a 邻 and bulk assignment by
// entrance, coverage, the 三长's own households and visits (a concern becomes a request on the
// resident's behalf), points and the yearly ranking, and the report of 三长 who are organ cadres.
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, IdParams, Ok } from '../../core/schemas';
import {
  BulkBody,
  BulkDto,
  CadreDto,
  CadreQuery,
  CellCreateBody,
  CellDetailDto,
  CellListDto,
  CellListQuery,
  CellPatchBody,
  CoverageDto,
  CoverageQuery,
  HouseholdDetailDto,
  LeaderBody,
  LinHouseholdsBody,
  LinHouseholdsDto,
  MineDto,
  MineQuery,
  MyPointsDto,
  MyPointsQuery,
  PointBody,
  PointEntryDto,
  RankingDto,
  RankingQuery,
  VisitBody,
  VisitCreatedDto,
  VisitListDto,
  VisitListQuery,
} from './schemas-grid';
import * as cells from './grid-service';
import { bulkAssign, putLinHouseholds } from './grid-households';
import { gridCoverageReport } from './grid-coverage';
import { myGrid, myHousehold } from './grid-mine';
import { createVisit, listVisits } from './visits';
import { addPoints, cadreReport, myPoints, ranking } from './points';

const tags = ['grid'];
const view = { access: { permission: 'grid.view' } } as const;
const manage = { access: { permission: 'grid.manage' } } as const;
const visit = { access: { permission: 'grid.visit' } } as const;
const points = { access: { permission: 'grid.points' } } as const;

export async function gridRoutes(app: App, ctx: AppContext): Promise<void> {
  const detail = (req: Parameters<typeof actorOf>[0], id: number) => cells.getCell(ctx, actorOf(req), id);

  app.get('/grid/cells', { config: view, schema: { tags, summary: 'Grid cells in my area (offices: by place; 三长: the cells they lead and below), filtered by place, parent and level', querystring: CellListQuery, response: { 200: CellListDto, ...errors } } }, async (req) =>
    cells.listCells(ctx, actorOf(req), req.query),
  );

  app.post('/grid/cells', { config: manage, schema: { tags, summary: 'Create a cell: 片 on a community or estate; 组 on an estate or building under a 片; 邻 on a building or entrance under a 组 (the parent’s place must contain it)', body: CellCreateBody, response: { 200: CellDetailDto, ...errors } } }, async (req) =>
    detail(req, await cells.createCell(ctx, actorOf(req), req.body)),
  );

  app.get('/grid/cells/:id', { config: view, schema: { tags, summary: 'A cell: leader (masked phone, party status, organ cadre), child cells with counts, and a 邻’s households', params: IdParams, response: { 200: CellDetailDto, ...errors } } }, async (req) =>
    detail(req, req.params.id),
  );

  app.patch('/grid/cells/:id', { config: manage, schema: { tags, summary: 'Rename a cell (with its version)', params: IdParams, body: CellPatchBody, response: { 200: CellDetailDto, ...errors } } }, async (req) => {
    await cells.renameCell(ctx, actorOf(req), req.params.id, req.body.name, req.body.version);
    return detail(req, req.params.id);
  });

  app.delete('/grid/cells/:id', { config: manage, schema: { tags, summary: 'Retire an empty cell (no cells or households under it); its leader’s role on the place is released', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await cells.retireCell(ctx, actorOf(req), req.params.id);
    return { ok: true };
  });

  app.put('/grid/cells/:id/leader', { config: manage, schema: { tags, summary: 'Set or clear the leader (片长/组长/邻长); an account of the person gets the matching role on the cell’s place, a replaced leader loses it there', params: IdParams, body: LeaderBody, response: { 200: CellDetailDto, ...errors } } }, async (req) => {
    await cells.setLeader(ctx, actorOf(req), req.params.id, req.body.personId);
    return detail(req, req.params.id);
  });

  app.put('/grid/lins/:id/households', { config: manage, schema: { tags, summary: 'Replace the households of a 邻 (households of its estate; taking one from another 邻 needs move: true)', params: IdParams, body: LinHouseholdsBody, response: { 200: LinHouseholdsDto, ...errors } } }, async (req) =>
    putLinHouseholds(ctx, actorOf(req), req.params.id, req.body.householdIds, req.body.move ?? false),
  );

  app.post('/grid/bulk', { config: manage, schema: { tags, summary: 'Bulk assignment: split each entrance’s unassigned households (unit order) into new 邻 under a 组, within the 邻 size limits; optional 邻长 in order', body: BulkBody, response: { 200: BulkDto, ...errors } } }, async (req) =>
    bulkAssign(ctx, actorOf(req), req.body),
  );

  app.get('/grid/coverage', { config: view, schema: { tags, summary: '三长 coverage of a district, street, community or estate: per estate households covered by a 邻长, 邻 outside the size limits, 组 and 片, and totals', querystring: CoverageQuery, response: { 200: CoverageDto, ...errors } } }, async (req) =>
    gridCoverageReport(ctx, actorOf(req), req.query.placeId),
  );

  app.get('/grid/mine', { config: visit, schema: { tags, summary: 'The cells I lead and their households (address, head, members, masked phone, last visit, open requests)', querystring: MineQuery, response: { 200: MineDto, ...errors } } }, async (req) =>
    myGrid(ctx, actorOf(req), req.query),
  );

  app.get('/grid/households/:id', { config: visit, schema: { tags, summary: 'One of my households: members (masked phones, no ID numbers), visits and requests', params: IdParams, response: { 200: HouseholdDetailDto, ...errors } } }, async (req) =>
    myHousehold(ctx, actorOf(req), req.params.id),
  );

  app.post('/grid/visits', { config: visit, schema: { tags, summary: 'Log a visit (走访) to one of my households (at most 90 days back); a concern is filed as a request on the resident’s behalf (channel grid) and linked; points for the visit and the report', body: VisitBody, response: { 200: VisitCreatedDto, ...errors } } }, async (req) =>
    createVisit(ctx, actorOf(req), req.body),
  );

  app.get('/grid/visits', { config: view, schema: { tags, summary: 'Visits in my area, by household, cell, request (the visit a request came from) and date', querystring: VisitListQuery, response: { 200: VisitListDto, ...errors } } }, async (req) =>
    listVisits(ctx, actorOf(req), req.query),
  );

  app.get('/grid/points/mine', { config: points, schema: { tags, summary: 'My points in a year (China time): total, by kind, entries, and my place among the leaders of my level in my community (counts only)', querystring: MyPointsQuery, response: { 200: MyPointsDto, ...errors } } }, async (req) =>
    myPoints(ctx, actorOf(req), req.query.year),
  );

  app.get('/grid/points/ranking', { config: points, schema: { tags, summary: 'Ranking of the 三长 of a level in my area by points in a year; the top `candidates` with points are 最美邻长 candidates', querystring: RankingQuery, response: { 200: RankingDto, ...errors } } }, async (req) =>
    ranking(ctx, actorOf(req), req.query),
  );

  app.post('/grid/points', { config: manage, schema: { tags, summary: 'Give or adjust points (activity, award, adjust) for a 三长 of my area', body: PointBody, response: { 200: PointEntryDto, ...errors } } }, async (req) =>
    addPoints(ctx, actorOf(req), req.body),
  );

  app.get('/grid/cadres', { config: view, schema: { tags, summary: '三长 who are 机关党员干部 in my area, with their cells and property-fee status (unknown until fees are recorded)', querystring: CadreQuery, response: { 200: CadreDto, ...errors } } }, async (req) =>
    cadreReport(ctx, actorOf(req), req.query.placeId),
  );
}

