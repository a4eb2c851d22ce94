import { defineMessages } from '../../i18n/define';

export const dualMessages = defineMessages('dual', { title: '' }, { title: '' });
