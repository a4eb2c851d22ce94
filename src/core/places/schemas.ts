// Response schemas of /api/places: the single source of these types (the web app derives its own from them).
import { Type } from 'typebox';
import { NullableDateTime } from '../schemas';

export const PlaceDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  path: Type.String(),
  depth: Type.Integer(),
  attrs: Type.Record(Type.String(), Type.Any()),
  isDemo: Type.Boolean(),
  retiredAt: NullableDateTime,
  version: Type.Integer(),
  childCount: Type.Optional(Type.Integer()),
});

/** GET /api/places/:id: a place with its ancestors and subtree counts. */
export const PlaceViewDto = Type.Object({
  place: PlaceDto,
  ancestors: Type.Array(PlaceDto),
  counts: Type.Object({ byKind: Type.Record(Type.String(), Type.Integer()), households: Type.Integer(), residents: Type.Integer() }),
  propertyCompany: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
});

export const ImportReportDto = Type.Object({
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  committed: Type.Boolean(),
  created: Type.Record(Type.String(), Type.Integer()),
  problems: Type.Array(
    Type.Object({
      row: Type.Integer(),
      field: Type.String({ description: 'the column header as written in the template (Chinese)' }),
      column: Type.String({ description: 'the column key' }),
      value: Type.String(),
      reason: Type.String(),
      message: Type.String(),
      messages: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
    }),
  ),
});
