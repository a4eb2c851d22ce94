// Guard for the logged-in area: no session → login; forced password change; wrong frame → its home.
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Spin } from 'antd';
import { ApiError } from '../api/client';
import { useMe } from './session';
import { ErrorResult } from './errors';

function frameHome(frame: 'console' | 'mobile'): string {
  return frame === 'mobile' ? '/m' : '/';
}

export function RequireAuth({ frame, allowMustChange }: { frame?: 'console' | 'mobile'; allowMustChange?: boolean }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div className="gz-center gz-full">
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
    }
    return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (me.data.user.mustChangePassword && !allowMustChange) return <Navigate to="/change-password" replace />;
  if (frame && me.data.frame !== frame) return <Navigate to={frameHome(me.data.frame)} replace />;
  return <Outlet />;
}
