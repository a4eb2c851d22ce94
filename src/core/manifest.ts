// A module's manifest: what it adds to the product. The server builds the app from the core's
// manifests and the list of business modules; the core knows nothing of any module.
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { Role } from './access/roles';
import type { Notifier } from './notifications/service';
import type { PiiCipher } from './people/pii';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface AppContext {
  database: Database;
  db: Db;
  config: Config;
  notifier: Notifier;
  pii: PiiCipher;
  /** Every manifest the app was built from (core first), for menus and sweeps. */
  modules: ModuleManifest[];
}

export interface MenuItem {
  key: string;
  label: { zh: string; en: string };
  /** The web route that opens it. */
  path: string;
  /** Shown to users holding this permission somewhere. */
  permission: string;
  frame: 'console' | 'mobile';
  icon?: string;
  order: number;
}

export interface Sweep {
  name: string;
  run(ctx: AppContext): Promise<Record<string, unknown>>;
}

export interface ModuleManifest {
  name: string;
  permissions?: Record<string, Role[]>;
  menu?: MenuItem[];
  /** Registers the module's routes; they are mounted under /api. */
  routes?(app: App, ctx: AppContext): Promise<void>;
  /** Registers routes outside /api (public standard APIs such as Open311 at /open311/). */
  rootRoutes?(app: App, ctx: AppContext): Promise<void>;
  /** Runs once when the app is built, after migrations (reference data; must be safe on many nodes). */
  init?(ctx: AppContext): Promise<void>;
  sweeps?: Sweep[];
}
