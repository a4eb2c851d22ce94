import { defineMessages } from '../../i18n/define';

export const partyMeetingsMessages = defineMessages('partyMeetings', { title: '' }, { title: '' });
