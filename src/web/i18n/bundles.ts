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
import { partyOrgsMessages } from '../modules/party/messages-orgs';
import { partyMeetingsMessages } from '../modules/party/messages-meetings';
import { gridMessages } from '../modules/grid/messages';
import { mobileGridMessages } from '../modules/mobile-grid/messages';
import { dualMessages } from '../modules/dual/messages';
import { partyImportMessages } from '../modules/party/messages-import';

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
  partyOrgsMessages,
  partyMeetingsMessages,
  gridMessages,
  mobileGridMessages,
  dualMessages,
  partyImportMessages,
];
