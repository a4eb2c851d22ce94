import { defineMessages } from '../../i18n/define';

export const gridMessages = defineMessages('grid', { title: '' }, { title: '' });
