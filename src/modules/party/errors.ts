// Error codes shared across the party and grid module (each part adds its own beside its service).
import { defineErrors } from '../../core/errors';

export const PartyErrors = defineErrors({
  PARTY_ORG_NOT_FOUND: { status: 404, zh: '找不到该党组织', en: 'Party organisation not found' },
  GRID_CELL_NOT_FOUND: { status: 404, zh: '找不到该网格', en: 'Grid cell not found' },
  PARTY_SETTINGS_INVALID: { status: 400, zh: '党建设置无效', en: 'The party settings are not valid' },
  PARTY_SETTINGS_PLACE: { status: 400, zh: '党建设置只能设在区、街道或社区', en: 'Party settings belong to a district, a street or a community' },
});
