// Things every user can do for themselves: export their data (PIPL right of access).
import { download } from '../api/client';

export function exportMyData(): Promise<void> {
  return download('/me/export', 'my-data.json');
}
