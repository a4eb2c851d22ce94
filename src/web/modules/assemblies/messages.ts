import { defineMessages } from '../../i18n/define';

export const assembliesMessages = defineMessages('asm', {}, {});
