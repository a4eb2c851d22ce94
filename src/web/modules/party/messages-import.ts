import { defineMessages } from '../../i18n/define';

export const partyImportMessages = defineMessages('partyImport', { title: '' }, { title: '' });
