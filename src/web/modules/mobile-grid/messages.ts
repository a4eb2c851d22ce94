import { defineMessages } from '../../i18n/define';

export const mobileGridMessages = defineMessages('mobileGrid', { title: '' }, { title: '' });
