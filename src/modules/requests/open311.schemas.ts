// Open311 GeoReport v2 (JSON) shapes: the spec's responses as TypeBox schemas (they serialise the
// routes and are the JSON Schemas the conformance tests validate real responses against), the
// request parameters we accept, and the DTOs of the key management API (/api/open311-keys).
import { Type, type Static } from 'typebox';
import { DateTime, Id, NullableDateTime } from '../../core/schemas';

const strict = { additionalProperties: false } as const;
const NullableString = Type.Union([Type.String(), Type.Null()]);
/** Spec date/times: ISO 8601 with a time zone (we always send UTC, 'Z'). */
const SpecDateTime = Type.String({ format: 'date-time', pattern: '(Z|[+-]\\d\\d:\\d\\d)$' });
const NullableSpecDateTime = Type.Union([SpecDateTime, Type.Null()]);

// --- responses (GeoReport v2) -------------------------------------------------------------------

/** GET services.json: one element per service type. */
export const Open311Service = Type.Object(
  {
    service_code: Type.String({ minLength: 1 }),
    service_name: Type.String({ minLength: 1 }),
    description: Type.String(),
    /** true when the service has attributes (a service definition); ours have none */
    metadata: Type.Boolean(),
    type: Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
    keywords: Type.String(),
    group: Type.String(),
  },
  strict,
);
export const Open311ServiceList = Type.Array(Open311Service);

const Open311AttributeValue = Type.Object({ key: Type.String(), name: Type.String() }, strict);
/** An attribute of a service definition (we define none, so `attributes` is always empty). */
export const Open311Attribute = Type.Object(
  {
    variable: Type.Boolean(),
    code: Type.String(),
    datatype: Type.Union(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].map((d) => Type.Literal(d))),
    required: Type.Boolean(),
    datatype_description: NullableString,
    order: Type.Integer(),
    description: Type.String(),
    values: Type.Optional(Type.Array(Open311AttributeValue)),
  },
  strict,
);

/** GET services/{service_code}.json */
export const Open311ServiceDefinition = Type.Object({ service_code: Type.String({ minLength: 1 }), attributes: Type.Array(Open311Attribute) }, strict);

/** POST requests.json: one element, the request filed. */
export const Open311PostResponse = Type.Array(
  Type.Object(
    {
      service_request_id: Type.String({ minLength: 1 }),
      service_notice: NullableString,
      account_id: NullableString,
    },
    strict,
  ),
  { minItems: 1, maxItems: 1 },
);

/** A service request as anyone may read it: the spec's fields, nothing personal (no names, phones, e-mails). */
export const Open311Request = Type.Object(
  {
    service_request_id: Type.String({ minLength: 1 }),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    status_notes: NullableString,
    service_name: Type.String(),
    service_code: Type.String(),
    description: NullableString,
    agency_responsible: NullableString,
    service_notice: NullableString,
    requested_datetime: SpecDateTime,
    updated_datetime: NullableSpecDateTime,
    expected_datetime: NullableSpecDateTime,
    address: NullableString,
    address_id: Type.Union([Type.Integer(), Type.Null()]),
    zipcode: Type.Null(),
    lat: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
    long: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
    media_url: NullableString,
  },
  strict,
);
export type Open311RequestT = Static<typeof Open311Request>;
export const Open311RequestList = Type.Array(Open311Request, { maxItems: 1000 });

/** Every error: an array of {code, description}, with the same HTTP status. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer({ minimum: 400, maximum: 599 }), description: Type.String({ minLength: 1 }) }, strict), {
  minItems: 1,
});
export type Open311ErrorsT = Static<typeof Open311Errors>;
export const open311ErrorResponses = { 400: Open311Errors, 403: Open311Errors, 404: Open311Errors, 409: Open311Errors, 429: Open311Errors };

// --- parameters ---------------------------------------------------------------------------------

/** Every GET takes the jurisdiction (our district id) and a language for names and messages. */
const Common = {
  jurisdiction_id: Type.Optional(Id),
  locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
};
export const Open311CommonQuery = Type.Object(Common);

export const Open311ListQuery = Type.Object({
  ...Common,
  /** comma-separated; when given, the other filters are ignored */
  service_request_id: Type.Optional(Type.String({ maxLength: 20000 })),
  /** comma-separated service codes */
  service_code: Type.Optional(Type.String({ maxLength: 2000 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
  /** comma-separated: open, closed */
  status: Type.Optional(Type.String({ maxLength: 20 })),
});
export type Open311ListQueryT = Static<typeof Open311ListQuery>;

// A form-encoded body is all text; a JSON one may carry numbers: accept both where the spec has numbers.
const Decimal = Type.Union([Type.Number(), Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*$', maxLength: 30 })]);
const IntegerLike = Type.Union([Id, Type.String({ pattern: '^\\s*\\d{1,15}\\s*$' })]);
const Optional = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** POST requests.json (form-urlencoded as the spec says, or JSON). Unknown fields such as attribute[…] are ignored. */
export const Open311PostBody = Type.Object({
  api_key: Optional(200),
  jurisdiction_id: Type.Optional(IntegerLike),
  service_code: Type.String({ minLength: 1, maxLength: 40 }),
  /** our place id: a community, estate, building, entrance or unit inside the key's area */
  address_id: Type.Optional(IntegerLike),
  lat: Type.Optional(Decimal),
  long: Type.Optional(Decimal),
  address_string: Optional(200),
  email: Optional(200),
  device_id: Optional(200),
  account_id: Optional(200),
  first_name: Optional(25),
  last_name: Optional(25),
  phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  description: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
  media_url: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://' })),
  /** extension: the client's own id for the report; sending it again returns the request already filed */
  external_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});
export type Open311PostBodyT = Static<typeof Open311PostBody>;

// --- key management (/api/open311-keys) ---------------------------------------------------------

export const Open311KeyDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** the first characters of the key, to recognise it; the key itself is never shown again */
  prefix: Type.String(),
  /** requests may be filed anywhere under this district or street */
  placeId: Type.Integer(),
  placeName: Type.String(),
  createdAt: DateTime,
  createdByName: NullableString,
  revokedAt: NullableDateTime,
  lastUsedAt: NullableDateTime,
  isDemo: Type.Boolean(),
});
export type Open311KeyT = Static<typeof Open311KeyDto>;

export const Open311KeyListDto = Type.Object({ items: Type.Array(Open311KeyDto) });
export type Open311KeyListT = Static<typeof Open311KeyListDto>;

export const Open311KeyCreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }), placeId: Id },
  strict,
);
export type Open311KeyCreateT = Static<typeof Open311KeyCreateBody>;

/** The new key: `key` is the secret, shown this once. */
export const Open311KeyCreatedDto = Type.Object({ key: Type.String(), item: Open311KeyDto });
export type Open311KeyCreatedT = Static<typeof Open311KeyCreatedDto>;
