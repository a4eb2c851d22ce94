// Request and response schemas of the party and 三长 import (the web dialog imports these types).
import { Type, type Static } from 'typebox';

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'only check the file and report' }),
  skipBad: Type.Boolean({ default: false, description: 'import the good rows and report the bad ones' }),
});

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'the row in the sheet (the header is row 1)' }),
  field: Type.String({ description: 'the column header (Chinese)' }),
  column: Type.String({ description: 'the column key' }),
  value: Type.String({ description: 'the cell; an ID number only masked' }),
  reason: Type.String({ description: 'a code' }),
  message: Type.String(),
  messages: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const PartyImportReport = Type.Object({
  total: Type.Integer({ description: 'data rows in the file' }),
  imported: Type.Integer({ description: 'rows written (0 on a dry run)' }),
  skipped: Type.Integer({ description: 'rows with errors' }),
  committed: Type.Boolean(),
  /** grid import: cells created and leaders assigned */
  created: Type.Record(Type.String(), Type.Integer()),
  errors: Type.Array(ImportRowError),
});
export type PartyImportReport = Static<typeof PartyImportReport>;

export const TemplateParams = Type.Object({ kind: Type.Union([Type.Literal('members.xlsx'), Type.Literal('grid.xlsx')]) });
