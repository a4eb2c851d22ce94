// Routes: login, forced password change, the mobile frame under /m and the office console.
import { lazy } from 'react';
import { createBrowserRouter, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import LoginPage from '../modules/auth/LoginPage';
import { RequireAuth } from './RequireAuth';
import { ComingSoon, NotFound, RouteError } from './NotFound';
import { menuFor, useSession } from './session';
import { pickLabel } from '../i18n';

const ChangePasswordPage = lazy(() => import('../modules/auth/ChangePasswordPage'));
const ConsoleLayout = lazy(() => import('./console/ConsoleLayout'));
const MobileLayout = lazy(() => import('./mobile/MobileLayout'));
const OverviewPage = lazy(() => import('../modules/overview/OverviewPage'));
const PlacesPage = lazy(() => import('../modules/places/PlacesPage'));
const PeoplePage = lazy(() => import('../modules/people/PeoplePage'));
const UsersPage = lazy(() => import('../modules/users/UsersPage'));
const OrgsPage = lazy(() => import('../modules/orgs/OrgsPage'));
const AuditPage = lazy(() => import('../modules/audit/AuditPage'));
const MobileHome = lazy(() => import('../modules/mobile/MobileHome'));
const MobileHouseholds = lazy(() => import('../modules/mobile/MobileHouseholds'));
const MobileUnit = lazy(() => import('../modules/mobile/MobileUnit'));
const MobileMe = lazy(() => import('../modules/mobile/MobileMe'));
const RequestsPage = lazy(() => import('../modules/requests/RequestsPage'));
const RequestDetailPage = lazy(() => import('../modules/requests/RequestDetailPage'));
const RequestsDashboardPage = lazy(() => import('../modules/requests/DashboardPage'));
const RequestSettingsPage = lazy(() => import('../modules/requests/SettingsPage'));
const Open311KeysPage = lazy(() => import('../modules/requests/Open311KeysPage'));
const MobileReport = lazy(() => import('../modules/mobile-requests/MobileReport'));
const MobileRequests = lazy(() => import('../modules/mobile-requests/MobileRequests'));
const MobileRequestDetail = lazy(() => import('../modules/mobile-requests/MobileRequestDetail'));
const AssembliesPage = lazy(() => import('../modules/assemblies/AssembliesPage'));
const AssemblyDetailPage = lazy(() => import('../modules/assemblies/AssemblyDetailPage'));
const AssemblySettingsPage = lazy(() => import('../modules/assemblies/AssemblySettingsPage'));
const CommitteesPage = lazy(() => import('../modules/assemblies/CommitteesPage'));
const PetitionsPage = lazy(() => import('../modules/assemblies/PetitionsPage'));
const MobileAssemblies = lazy(() => import('../modules/mobile-assemblies/MobileAssemblies'));
const MobileAssembly = lazy(() => import('../modules/mobile-assemblies/MobileAssembly'));
const MobileVote = lazy(() => import('../modules/mobile-assemblies/MobileVote'));
const MobileReceipts = lazy(() => import('../modules/mobile-assemblies/MobileReceipts'));
const MobilePetitions = lazy(() => import('../modules/mobile-assemblies/MobilePetitions'));
const MobilePetition = lazy(() => import('../modules/mobile-assemblies/MobilePetition'));
const PartyOrgsPage = lazy(() => import('../modules/party/PartyOrgsPage'));
const PartyMembersPage = lazy(() => import('../modules/party/PartyMembersPage'));
const PartyCoveragePage = lazy(() => import('../modules/party/PartyCoveragePage'));
const PartyMeetingsPage = lazy(() => import('../modules/party/PartyMeetingsPage'));
const PartyCalendarPage = lazy(() => import('../modules/party/PartyCalendarPage'));
const PartySettingsPage = lazy(() => import('../modules/party/PartySettingsPage'));
const DualPage = lazy(() => import('../modules/dual/DualPage'));
const GridPage = lazy(() => import('../modules/grid/GridPage'));
const GridPointsPage = lazy(() => import('../modules/grid/GridPointsPage'));
const MobileGrid = lazy(() => import('../modules/mobile-grid/MobileGrid'));
const MobileGridHousehold = lazy(() => import('../modules/mobile-grid/MobileGridHousehold'));
const MobileGridPoints = lazy(() => import('../modules/mobile-grid/MobileGridPoints'));
const MobileDual = lazy(() => import('../modules/mobile-dual/MobileDual'));

/** A menu entry whose page is not part of this build yet says so; anything else is a 404. */
function Fallback({ frame }: { frame: 'console' | 'mobile' }) {
  const me = useSession();
  const { i18n } = useTranslation();
  const { pathname } = useLocation();
  const entry = menuFor(me, frame).find((m) => m.path === pathname);
  if (entry) return <ComingSoon name={pickLabel(entry.label, i18n.language === 'en' ? 'en' : 'zh-CN')} />;
  return <NotFound home={frame === 'mobile' ? '/m' : '/'} />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { element: <RequireAuth allowMustChange />, children: [{ path: '/change-password', element: <ChangePasswordPage /> }] },
  {
    element: <RequireAuth frame="mobile" />,
    errorElement: <RouteError />,
    children: [
      {
        path: '/m',
        element: <MobileLayout />,
        children: [
          {
            // a page that fails keeps the frame around it
            errorElement: <RouteError />,
            children: [
              { index: true, element: <MobileHome /> },
              { path: 'households', element: <MobileHouseholds /> },
              { path: 'households/:placeId', element: <MobileHouseholds /> },
              { path: 'units/:unitId', element: <MobileUnit /> },
              { path: 'me', element: <MobileMe /> },
              { path: 'report', element: <MobileReport /> },
              { path: 'requests', element: <MobileRequests /> },
              { path: 'requests/:id', element: <MobileRequestDetail /> },
              { path: 'assemblies', element: <MobileAssemblies /> },
              { path: 'assemblies/:id', element: <MobileAssembly /> },
              { path: 'assemblies/:id/vote', element: <MobileVote /> },
              { path: 'assemblies/:id/receipts', element: <MobileReceipts /> },
              { path: 'petitions', element: <MobilePetitions /> },
              { path: 'petitions/:id', element: <MobilePetition /> },
              { path: 'grid', element: <MobileGrid /> },
              { path: 'grid/points', element: <MobileGridPoints /> },
              { path: 'grid/households/:householdId', element: <MobileGridHousehold /> },
              { path: 'dual', element: <MobileDual /> },
              { path: '*', element: <Fallback frame="mobile" /> },
            ],
          },
        ],
      },
    ],
  },
  {
    element: <RequireAuth frame="console" />,
    errorElement: <RouteError />,
    children: [
      {
        path: '/',
        element: <ConsoleLayout />,
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, element: <OverviewPage /> },
              { path: 'places', element: <PlacesPage /> },
              { path: 'people', element: <PeoplePage /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'orgs', element: <OrgsPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'requests', element: <RequestsPage /> },
              { path: 'requests/dashboard', element: <RequestsDashboardPage /> },
              { path: 'requests/settings', element: <RequestSettingsPage /> },
              { path: 'requests/open311-keys', element: <Open311KeysPage /> },
              { path: 'requests/:id', element: <RequestDetailPage /> },
              { path: 'assemblies', element: <AssembliesPage /> },
              { path: 'assemblies/settings', element: <AssemblySettingsPage /> },
              { path: 'assemblies/committees', element: <CommitteesPage /> },
              { path: 'assemblies/petitions', element: <PetitionsPage /> },
              { path: 'assemblies/:id', element: <AssemblyDetailPage /> },
              { path: 'party', element: <PartyOrgsPage /> },
              { path: 'party/members', element: <PartyMembersPage /> },
              { path: 'party/coverage', element: <PartyCoveragePage /> },
              { path: 'party/meetings', element: <PartyMeetingsPage /> },
              { path: 'party/calendar', element: <PartyCalendarPage /> },
              { path: 'party/settings', element: <PartySettingsPage /> },
              { path: 'party/dual', element: <DualPage /> },
              { path: 'grid', element: <GridPage /> },
              { path: 'grid/points', element: <GridPointsPage /> },
              { path: '*', element: <Fallback frame="console" /> },
            ],
          },
        ],
      },
    ],
  },
]);
