// Every feature's strings; a new module adds its bundle here.
import type { MessageBundle } from './define';
import { commonMessages, shellMessages } from '../app/messages';
import { authMessages } from '../modules/auth/messages';
import { overviewMessages } from '../modules/overview/messages';
import { placesMessages } from '../modules/places/messages';
import { peopleMessages } from '../modules/people/messages';
import { usersMessages } from '../modules/users/messages';
import { orgsMessages } from '../modules/orgs/messages';
import { auditMessages } from '../modules/audit/messages';
import { mobileMessages } from '../modules/mobile/messages';
import { mobileRequestsMessages } from '../modules/mobile-requests/messages';
import { requestsMessages } from '../modules/requests/messages';
import { assembliesMessages } from '../modules/assemblies/messages';
import { mobileAssembliesMessages } from '../modules/mobile-assemblies/messages';

export const bundles: MessageBundle[] = [
  commonMessages,
  shellMessages,
  authMessages,
  overviewMessages,
  placesMessages,
  peopleMessages,
  usersMessages,
  orgsMessages,
  auditMessages,
  mobileMessages,
  mobileRequestsMessages,
  requestsMessages,
  assembliesMessages,
  mobileAssembliesMessages,
];
