// Response schemas of /api/audit: the single source of these types (the web app derives its own from them).
import { Type } from 'typebox';
import { DateTime } from '../schemas';

export const EntryDto = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  placePath: Type.Union([Type.String(), Type.Null()]),
  before: Type.Any(),
  after: Type.Any(),
  ip: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});

/** GET /api/audit: a page of entries, newest first. */
export const AuditPageDto = Type.Object({ items: Type.Array(EntryDto), nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]) });

/** GET /api/audit/verify: the result of re-checking the hash chain. */
export const AuditVerifyDto = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  headSeq: Type.Integer(),
  firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
});
