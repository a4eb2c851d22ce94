// /api routes of the party module's orgs part (being built).
import type { App, AppContext } from '../../core/manifest';

export async function orgsRoutes(_app: App, _ctx: AppContext): Promise<void> {}
