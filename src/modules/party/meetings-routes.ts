// /api routes of the party module's meetings part (being built).
import type { App, AppContext } from '../../core/manifest';

export async function meetingsRoutes(_app: App, _ctx: AppContext): Promise<void> {}
