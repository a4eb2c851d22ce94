// The name of a place by id (cached), for tables that only carry ids: its parent and itself, or
// with `full` the whole way down from below the district.
import { Skeleton } from 'antd';
import { usePlaceView } from './api';

export function PlaceName({ id, full }: { id: number; full?: boolean }) {
  const view = usePlaceView(id);
  if (view.isPending) return <Skeleton.Input size="small" active style={{ width: 80, height: 16 }} />;
  if (!view.data) return <span>#{id}</span>;
  const chain = [...view.data.ancestors, view.data.place];
  const shown = full ? chain.filter((p) => p.kind !== 'district') : chain.slice(-2);
  return <span>{shown.map((p) => p.name).join(' / ')}</span>;
}
