// Schema pieces shared by many routes.
import { Type, type Static } from 'typebox';

export const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 });
export const IdParams = Type.Object({ id: Id });
export type IdParamsT = Static<typeof IdParams>;

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    messages: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
    details: Type.Any(),
  }),
});

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const Ok = Type.Object({ ok: Type.Boolean() });

/** Standard error responses to attach to a route's schema. */
export const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

/** A timestamp in a response: the handler may return a Date, the client receives ISO 8601 text. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const NullableDateTime = Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' });
