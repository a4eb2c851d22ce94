// /api routes of the party module's dual part (being built).
import type { App, AppContext } from '../../core/manifest';

export async function dualRoutes(_app: App, _ctx: AppContext): Promise<void> {}
