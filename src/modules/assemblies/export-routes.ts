// /api/assemblies/:id/record (the public, verifiable record: anyone, once counted),
// /api/assemblies/:id/notice.pdf (the notice for the notice board) and
// /api/assemblies/:id/archive.xlsx (the organisers' archive).
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, IdParams } from '../../core/schemas';
import { buildPublicRecord } from './record';
import { archiveFor, noticeFor } from './exports';

const tags = ['assemblies'];
const Loose = Type.Object({}, { additionalProperties: true });

/** The record's shape (see record.ts PublicRecord); its parts are passed through as built. */
export const PublicRecordDto = Type.Object(
  {
    format: Type.Literal('gongzhi.assembly-record'),
    version: Type.Integer(),
    exportedAt: Type.String(),
    assembly: Type.Object({ id: Type.Integer(), estateName: Type.String(), title: Type.String(), state: Type.String(), ledgerSeq: Type.Integer(), ledgerHead: Type.String() }, { additionalProperties: true }),
    roll: Type.Object({
      totals: Type.Object({ areaCenti: Type.String(), persons: Type.Integer() }),
      voters: Type.Array(Type.Object({ voterNo: Type.Integer(), name: Type.String(), kind: Type.String(), areaCenti: Type.String(), unitCount: Type.Integer(), active: Type.Boolean() })),
    }),
    matters: Type.Array(Type.Object({ seq: Type.Integer(), matterId: Type.Integer(), item: Type.Integer(), title: Type.String(), election: Type.Boolean() })),
    election: Type.Union([Loose, Type.Null()]),
    ballots: Type.Array(Type.Object({ receipt: Type.String(), voterNo: Type.Integer(), channel: Type.String(), choices: Type.Record(Type.String(), Type.String()) })),
    ledger: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), kind: Type.String(), payload: Type.Unknown(), prevHash: Type.String(), hash: Type.String() })),
    results: Type.Union([Loose, Type.Null()]),
  },
  { additionalProperties: false },
);

/** a file: the bytes are sent as they are (Fastify does not serialise a Buffer) */
const File = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

const attachment = (disposition: 'inline' | 'attachment', filename: string) => `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`;

export async function exportRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/assemblies/:id/record',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'The public record of a counted assembly: masked roll, matters, ballots by receipt, the hash-chained ledger and the results; check it with npm run assembly:verify (409 before the count)',
        params: IdParams,
        response: { 200: PublicRecordDto, ...errors },
      },
    },
    async (req, reply) => {
      const record = await buildPublicRecord(ctx.db, req.params.id);
      reply.header('cache-control', 'no-cache');
      return record;
    },
  );

  app.get(
    '/assemblies/:id/notice.pdf',
    {
      config: { access: { permission: 'assemblies.view' } },
      schema: { tags, summary: 'The notice for the notice board (PDF): notice, voting period, matters with their 民法典 第278条 items and thresholds; once counted, the results with their reasoning, receipts and ledger hashes', params: IdParams, response: { 200: File('application/pdf'), ...errors } },
    },
    async (req, reply) => {
      const { filename, pdf } = await noticeFor(ctx.db, actorOf(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', attachment('inline', filename)).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.get(
    '/assemblies/:id/archive.xlsx',
    {
      config: { access: { permission: 'assemblies.view' } },
      schema: { tags, summary: 'The archive of an assembly (XLSX): the assembly, masked roll, deliveries, ballots by receipt, results with their tests, the ledger', params: IdParams, response: { 200: File('XLSX workbook'), ...errors } },
    },
    async (req, reply) => {
      const { filename, xlsx } = await archiveFor(ctx.db, actorOf(req), req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment('attachment', filename))
        .header('cache-control', 'no-store')
        .send(xlsx);
    },
  );
}
