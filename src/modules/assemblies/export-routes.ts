// Placeholder: routes added by the work in progress.
import type { App, AppContext } from '../../core/manifest';

export async function exportRoutes(_app: App, _ctx: AppContext): Promise<void> {}
