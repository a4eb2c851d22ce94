// Ballot routes: files (scans, mandates, materials), paper and proxy ballots with the second
// staff member's confirmation, the ballot papers list, the owner's pages (my assemblies, the
// one-time code, the online ballot) and the public receipts once voting has closed.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { actorOf } from '../../core/http';
import { errors, Id, IdParams } from '../../core/schemas';
import { CHOICES, lit, RollDto, RollQueryT, STATES } from './schemas';
import { viewRollAsOwner } from './service';
import { FILE_KINDS, MAX_FILE_BYTES, readFile, saveFile, type FileKind } from './files';
import { castOnline, getMine, listMine, requestCode } from './mine';
import { confirm, enterPaper, listReceipts, listSubmissions, oneReceipt, reject } from './paper';

const tags = ['assemblies'];
const organise = { access: { permission: 'assemblies.organise' } } as const;
const view = { access: { permission: 'assemblies.view' } } as const;
const anyone = { access: { authenticated: true } } as const;
const everyone = { access: { public: true } } as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Figures = Type.Object({ areaCenti: Type.String(), persons: Type.Integer() });
const ChoiceIn = Type.Object({ matterId: Id, choice: lit(CHOICES) });
const Choices = Type.Array(ChoiceIn, { minItems: 1, maxItems: 200 });
const ChoiceOut = Type.Object({ matterId: Type.Integer(), seq: Type.Integer(), choice: Type.String() });
const Status = lit(['pending', 'counted', 'superseded', 'rejected'] as const);
const Channel = lit(['online', 'paper', 'proxy'] as const);
const ReceiptCode = Type.String({ pattern: '^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$', maxLength: 14 });

const FileDto = Type.Object({ id: Type.Integer(), kind: lit(FILE_KINDS), filename: Type.String(), mime: Type.String(), size: Type.Integer(), sha256: Type.String() });
const FileParams = Type.Object({ id: Id, fileId: Id });
const SubmissionParams = Type.Object({ id: Id, submissionId: Id });

const PaperBody = Type.Object({
  voterId: Id,
  channel: lit(['paper', 'proxy'] as const),
  choices: Choices,
  scanId: Id,
  mandateId: Type.Optional(Id),
  proxyName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});
const PaperResult = Type.Object({ submissionId: Type.Integer(), receipt: Type.String(), status: Type.String() });

const SubmissionsQuery = Type.Object({
  status: Type.Optional(Status),
  channel: Type.Optional(Channel),
  voterId: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
const SubmissionDto = Type.Object({
  id: Type.Integer(),
  voterId: Type.Integer(),
  voterNo: Type.Integer(),
  name: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  receipt: Type.String(),
  castAt: Type.String(),
  enteredBy: Nullable(Type.Integer()),
  enteredByName: Nullable(Type.String()),
  confirmedBy: Nullable(Type.Integer()),
  confirmedByName: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  scanId: Nullable(Type.Integer()),
  mandateId: Nullable(Type.Integer()),
  proxyName: Nullable(Type.String()),
  choices: Type.Array(ChoiceOut),
});

const MyListDto = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      estateName: Type.String(),
      state: lit(STATES),
      votingOpensAt: Type.String(),
      votingClosesAt: Type.String(),
      voters: Type.Integer(),
      votedVoters: Type.Integer(),
      voted: Type.Boolean(),
    }),
  ),
});

const MyBallot = Type.Object({ receipt: Type.String(), status: Type.String(), channel: Type.String(), castAt: Type.String(), choices: Type.Array(ChoiceOut) });
const MyDetailDto = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  estateName: Type.String(),
  kind: Type.String(),
  organiserKind: Type.String(),
  organiserName: Type.String(),
  state: lit(STATES),
  votingOpensAt: Type.String(),
  votingClosesAt: Type.String(),
  announcedAt: Nullable(Type.String()),
  votingOpen: Type.Boolean(),
  notice: Type.String(),
  matters: Type.Array(
    Type.Object({
      id: Type.Integer(),
      seq: Type.Integer(),
      item: Type.Integer(),
      itemLabel: Type.Object({ zh: Type.String(), en: Type.String() }),
      special: Type.Boolean(),
      title: Type.String(),
      description: Type.String(),
    }),
  ),
  election: Nullable(
    Type.Object({
      title: Type.String(),
      seats: Type.Integer(),
      termYears: Type.Integer(),
      candidates: Type.Array(Type.Object({ matterId: Type.Integer(), name: Type.String(), statement: Type.String(), partyMember: Type.Boolean() })),
    }),
  ),
  materials: Type.Array(Type.Object({ id: Type.Integer(), filename: Type.String(), mime: Type.String(), size: Type.Integer() })),
  phone: Nullable(Type.String()),
  voters: Type.Array(
    Type.Object({
      voterId: Type.Integer(),
      voterNo: Type.Integer(),
      kind: Type.String(),
      units: Type.Array(Type.String()),
      areaCenti: Type.String(),
      ballot: Nullable(MyBallot),
    }),
  ),
  receipts: Type.Array(
    Type.Object({
      receipt: Type.String(),
      voterId: Type.Integer(),
      voterNo: Type.Integer(),
      channel: Type.String(),
      status: Type.String(),
      superseded: Type.Boolean(),
      supersedes: Nullable(Type.String()),
      castAt: Type.String(),
      choices: Type.Array(ChoiceOut),
    }),
  ),
  turnout: Nullable(Type.Object({ totals: Figures, voted: Figures }, { additionalProperties: true })),
  results: Nullable(Type.Object({}, { additionalProperties: true })),
});

const OtpDto = Type.Object({ sentTo: Type.String(), expiresAt: Type.String() });
const BallotBody = Type.Object({
  voterId: Type.Optional(Id),
  choices: Choices,
  code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
});
const BallotResult = Type.Object({ receipt: Type.String(), changed: Type.Boolean(), status: Type.String(), submissionId: Type.Integer(), voterId: Type.Integer(), voterNo: Type.Integer() });

const ReceiptDto = Type.Object({
  receipt: Type.String(),
  voterNo: Type.Integer(),
  channel: Type.String(),
  status: Type.String(),
  choices: Type.Record(Type.String(), Type.String()),
  supersedes: Nullable(Type.String()),
  ledgerSeq: Type.Integer(),
});
const ReceiptsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});

export async function ballotRoutes(app: App, ctx: AppContext): Promise<void> {
  // ----- files -----
  app.post(
    '/assemblies/:id/files',
    {
      config: organise,
      schema: {
        tags,
        summary: 'Upload a file (multipart: field "kind" = scan | mandate | material, one file: JPEG, PNG or PDF, at most 10 MB, typed from its bytes)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: FileDto, ...errors, 413: errors[400], 415: errors[400] },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      let kind: string | undefined;
      let file: { filename: string; bytes: Buffer } | undefined;
      for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } })) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer().catch((err: { code?: string }) => {
            if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('ASSEMBLY_FILE_INVALID', { reason: 'too large', maxBytes: MAX_FILE_BYTES });
            throw err;
          });
          file = { filename: part.filename, bytes };
        } else if (part.fieldname === 'kind') {
          kind = String(part.value);
        }
      }
      if (!kind || !(FILE_KINDS as readonly string[]).includes(kind)) throw new AppError('VALIDATION_FAILED', [{ field: 'kind', message: `one of ${FILE_KINDS.join(', ')}` }]);
      if (!file) throw new AppError('VALIDATION_FAILED', [{ field: 'file', message: 'required' }]);
      return saveFile(ctx, actorOf(req), req.params.id, kind as FileKind, file.filename, file.bytes);
    },
  );

  app.get(
    '/assemblies/:id/files/:fileId',
    { config: anyone, schema: { tags, summary: 'A file of the assembly: scans and mandates for its organisers; materials also for the owners on its roll', params: FileParams } },
    async (req, reply) => {
      const f = await readFile(ctx, actorOf(req), req.params.id, req.params.fileId);
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${f.sha256}"`)
        .send(f.bytes);
    },
  );

  // ----- paper and proxy ballots -----
  app.post(
    '/assemblies/:id/paper-ballots',
    {
      config: organise,
      schema: {
        tags,
        summary: 'Enter a paper or proxy ballot with its scan (a proxy also with the written mandate and the proxy’s name); it counts once a second staff member confirms it',
        params: IdParams,
        body: PaperBody,
        response: { 200: PaperResult, ...errors },
      },
    },
    async (req) => enterPaper(ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/assemblies/:id/submissions',
    { config: view, schema: { tags, summary: 'Ballot papers of the assembly (names masked), filtered by status, channel or voter', params: IdParams, querystring: SubmissionsQuery, response: { 200: Type.Object({ items: Type.Array(SubmissionDto), total: Type.Integer() }), ...errors } } },
    async (req) => listSubmissions(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/assemblies/:id/submissions/:submissionId/confirm',
    { config: organise, schema: { tags, summary: 'Confirm a pending paper or proxy ballot (not by the staff member who entered it)', params: SubmissionParams, response: { 200: PaperResult, ...errors } } },
    async (req) => confirm(ctx, actorOf(req), req.params.id, req.params.submissionId),
  );

  app.post(
    '/assemblies/:id/submissions/:submissionId/reject',
    {
      config: organise,
      schema: {
        tags,
        summary: 'Reject a pending paper or proxy ballot with a reason (not by the staff member who entered it)',
        params: SubmissionParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }),
        response: { 200: PaperResult, ...errors },
      },
    },
    async (req) => reject(ctx, actorOf(req), req.params.id, req.params.submissionId, req.body.reason),
  );

  // ----- the owner's pages -----
  app.get(
    '/my/assemblies',
    { config: anyone, schema: { tags, summary: 'Assemblies where I vote (as the voting delegate of an owner on the roll)', response: { 200: MyListDto, ...errors } } },
    async (req) => listMine(ctx, actorOf(req)),
  );

  app.get(
    '/my/assemblies/:id/roll',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The frozen roll for the estate’s owners to check and object to (names masked, search by unit only; any owner on the roll, once announced)',
        params: IdParams,
        querystring: RollQueryT,
        response: { 200: RollDto, ...errors },
      },
    },
    async (req) => viewRollAsOwner(ctx, actorOf(req), req.params.id, req.query),
  );

  app.get(
    '/my/assemblies/:id',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'An assembly where I vote: notice, matters, materials, my voters with their ballots, my receipts (also superseded ones); turnout once voting has ended, results once published. The first view records the delivery (app_read).',
        params: IdParams,
        response: { 200: MyDetailDto, ...errors },
      },
    },
    async (req) => getMine(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/my/assemblies/:id/otp',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Send me a one-time code for online voting (to the phone on record; valid 10 minutes; at most one a minute)',
        params: IdParams,
        response: { 200: OtpDto, ...errors, 429: errors[400] },
      },
    },
    async (req) => requestCode(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/my/assemblies/:id/ballot',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Cast or change my online ballot with the one-time code (the last ballot counts until voting closes; voterId when I vote for more than one owner)',
        params: IdParams,
        body: BallotBody,
        response: { 200: BallotResult, ...errors, 429: errors[400] },
      },
    },
    async (req) => castOnline(ctx, actorOf(req), req.params.id, req.body),
  );

  // ----- public receipts -----
  app.get(
    '/assemblies/:id/receipts',
    {
      config: everyone,
      schema: { tags, summary: 'Every ballot receipt with its voter number, channel, status and choices by matter number (public once voting has closed; no names)', params: IdParams, querystring: ReceiptsQuery, response: { 200: Type.Object({ state: Type.String(), ledgerHead: Type.String(), items: Type.Array(ReceiptDto), total: Type.Integer() }), ...errors } },
    },
    async (req) => listReceipts(ctx, req.params.id, req.query),
  );

  app.get(
    '/assemblies/:id/receipts/:receipt',
    { config: everyone, schema: { tags, summary: 'One ballot receipt (public once voting has closed)', params: Type.Object({ id: Id, receipt: ReceiptCode }), response: { 200: ReceiptDto, ...errors } } },
    async (req) => oneReceipt(ctx, req.params.id, req.params.receipt),
  );
}
