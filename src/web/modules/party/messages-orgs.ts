import { defineMessages } from '../../i18n/define';

export const partyOrgsMessages = defineMessages('partyOrgs', { title: '' }, { title: '' });
