import { defineMessages } from '../../i18n/define';

export const mobileAssembliesMessages = defineMessages('masm', {}, {});
