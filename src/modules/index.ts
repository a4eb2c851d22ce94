// The business modules, in the order they are mounted. Each exports a ModuleManifest.
import type { ModuleManifest } from '../core/manifest';
import { requestsModule } from './requests/index';
import { assembliesModule } from './assemblies/index';
import { partyModule } from './party/index';

export const businessModules: ModuleManifest[] = [requestsModule, assembliesModule, partyModule];
