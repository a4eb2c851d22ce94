// /api routes of the party module's grid part (being built).
import type { App, AppContext } from '../../core/manifest';

export async function gridRoutes(_app: App, _ctx: AppContext): Promise<void> {}
