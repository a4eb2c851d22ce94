// /api routes of the party module's import part (being built).
import type { App, AppContext } from '../../core/manifest';

export async function importRoutes(_app: App, _ctx: AppContext): Promise<void> {}
