// /api routes of the party module's import: party members and 三长 from XLSX or CSV (multipart
// field "file"), with a dry run and a skip-bad-rows mode, and the two templates.
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors } from '../../core/schemas';
import { ImportQuery, PartyImportReport, TemplateParams } from './schemas-import';
import { importMembers, membersTemplate } from './import-members';
import { gridTemplate, importGrid } from './import-grid';
import { partyUpload } from './import';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DESCRIPTION =
  'Multipart field "file" (.xlsx or .csv, at most 5 MB and 5,000 rows; beyond: 413). dryRun=true only checks. ' +
  'With bad rows and skipBad=false nothing is imported (422 IMPORT_INVALID, the row report in details); skipBad=true imports the good rows. ' +
  'Organisations and places must lie in the caller’s area (row reason not_in_scope). ID numbers appear in the report masked only.';

export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  const config = { access: { permission: 'party.import' } } as const;
  app.get(
    '/party/import/template/:kind',
    { config, schema: { tags: ['party'], summary: 'XLSX template (header row and one example row marked 示例): members.xlsx or grid.xlsx', params: TemplateParams } },
    async (req, reply) => {
      const members = req.params.kind === 'members.xlsx';
      const name = members ? '党员导入模板.xlsx' : '三长导入模板.xlsx';
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(members ? await membersTemplate() : await gridTemplate());
    },
  );
  app.post(
    '/party/import/members',
    {
      config,
      schema: {
        tags: ['party'],
        summary: 'Import party members: 姓名, 身份证号 or 手机号, 党员类别, 入党日期, 转正日期, 所属党组织, 人员类别, 工作单位, 机关党员干部, 居住房屋',
        description: DESCRIPTION,
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: PartyImportReport, ...errors },
      },
    },
    async (req) => {
      const { buf, filename } = await partyUpload(req);
      return importMembers(ctx, actorOf(req), { file: buf, filename, dryRun: req.query.dryRun, skipBad: req.query.skipBad });
    },
  );
  app.post(
    '/party/import/grid',
    {
      config,
      schema: {
        tags: ['party'],
        summary: 'Import 三长: 姓名, 身份证号 or 手机号, 职务 (片长/组长/邻长), 网格名称, 所在地点, 上级网格; makes each the leader of the cell (created when new)',
        description: DESCRIPTION,
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: PartyImportReport, ...errors },
      },
    },
    async (req) => {
      const { buf, filename } = await partyUpload(req);
      return importGrid(ctx, actorOf(req), { file: buf, filename, dryRun: req.query.dryRun, skipBad: req.query.skipBad });
    },
  );
}
