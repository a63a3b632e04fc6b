import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ChunkErrorBoundary } from './components/ChunkErrorBoundary';
import { ErrorState } from './components/ErrorState';
import { Layout } from './components/Layout';
import { Loading } from './components/Loading';
import { AuthProvider } from './features/auth/AuthContext';
import { RequireAuth } from './features/auth/RequireAuth';
import { ItemNotFound } from './features/space/ItemNotFound';
import { HomePage } from './routes/HomePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { RealtimeProvider } from './realtime/RealtimeProvider';
import { QueryProvider } from './query';
import { SetupPage } from './routes/SetupPage';

// The group layout brings Yjs and y-websocket: load it only when a group is opened. (Socket.IO comes
// with the first feature that uses the tab's socket; see RealtimeProvider.)
// Inside it, the page editor (Tiptap) and the board are separate chunks: a page never loads the
// board and a board never loads the editor.
const GroupPage = lazy(() => import('./routes/GroupPage'));
const PageRoute = lazy(() => import('./routes/group/PageRoute'));
const BoardRoute = lazy(() => import('./routes/group/BoardRoute'));
// Sessions (meetings): the list, the scheduling form and the room, each a chunk of its own.
const SessionsRoute = lazy(() => import('./routes/group/SessionsRoute'));
const SessionFormRoute = lazy(() => import('./routes/group/SessionFormRoute'));
const SessionRoomRoute = lazy(() => import('./routes/group/SessionRoomRoute'));
// Membership: public pages (applying, the directory, invitations, password reset) and the coordinators' review.
const ApplyPage = lazy(() => import('./routes/ApplyPage'));
const ApplicationStatusPage = lazy(() => import('./routes/ApplicationStatusPage'));
const MembersPage = lazy(() => import('./routes/MembersPage'));
const InvitationPage = lazy(() => import('./routes/InvitationPage'));
const ForgotPasswordPage = lazy(() => import('./routes/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./routes/ResetPasswordPage'));
const AdminApplicationsPage = lazy(() => import('./routes/AdminApplicationsPage'));
// Coordinators' organisation records and the member-list import.
const AdminOrganisationsPage = lazy(() => import('./routes/AdminOrganisationsPage'));
const AdminOrganisationPage = lazy(() => import('./routes/AdminOrganisationPage'));
const AdminImportPage = lazy(() => import('./routes/AdminImportPage'));
// Coordinators' groups and log, a group's members, and the person's own account.
const AdminGroupsPage = lazy(() => import('./routes/AdminGroupsPage'));
const AdminAuditPage = lazy(() => import('./routes/AdminAuditPage'));
const GroupMembersPage = lazy(() => import('./routes/GroupMembersPage'));
const AccountPage = lazy(() => import('./routes/AccountPage'));
// Search across the person's groups.
const SearchPage = lazy(() => import('./routes/SearchPage'));
// Past sessions: a group's archive, and the action items across the person's groups.
const ArchiveRoute = lazy(() => import('./routes/group/ArchiveRoute'));
const ActionsPage = lazy(() => import('./routes/ActionsPage'));

function LazyRoute({
  component: Component,
  loading = 'group.loading',
}: {
  component: LazyExoticComponent<ComponentType>;
  /** What the spinner says while the chunk loads. */
  loading?: 'group.loading' | 'common.loading';
}) {
  const { t } = useTranslation();
  return (
    <ChunkErrorBoundary
      fallback={() => (
        <ErrorState level={1} title={t('group.chunkError')}>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>
        </ErrorState>
      )}
    >
      <Suspense fallback={<Loading label={t(loading)} />}>
        <Component />
      </Suspense>
    </ChunkErrorBoundary>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <RealtimeProvider>
          <QueryProvider>
            <Routes>
              <Route element={<Layout />}>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/setup" element={<SetupPage />} />
                <Route path="/apply" element={<LazyRoute component={ApplyPage} loading="common.loading" />} />
                <Route path="/application-status" element={<LazyRoute component={ApplicationStatusPage} loading="common.loading" />} />
                <Route path="/members" element={<LazyRoute component={MembersPage} loading="common.loading" />} />
                <Route path="/invitation" element={<LazyRoute component={InvitationPage} loading="common.loading" />} />
                <Route path="/forgot-password" element={<LazyRoute component={ForgotPasswordPage} loading="common.loading" />} />
                <Route path="/reset-password" element={<LazyRoute component={ResetPasswordPage} loading="common.loading" />} />
                <Route element={<RequireAuth />}>
                  <Route index element={<HomePage />} />
                  <Route path="/admin/applications" element={<LazyRoute component={AdminApplicationsPage} loading="common.loading" />} />
                  <Route path="/admin/organisations" element={<LazyRoute component={AdminOrganisationsPage} loading="common.loading" />} />
                  <Route path="/admin/organisations/import" element={<LazyRoute component={AdminImportPage} loading="common.loading" />} />
                  <Route path="/admin/organisations/:id" element={<LazyRoute component={AdminOrganisationPage} loading="common.loading" />} />
                  <Route path="/admin/groups" element={<LazyRoute component={AdminGroupsPage} loading="common.loading" />} />
                  <Route path="/admin/audit" element={<LazyRoute component={AdminAuditPage} loading="common.loading" />} />
                  <Route path="/account" element={<LazyRoute component={AccountPage} loading="common.loading" />} />
                  <Route path="/search" element={<LazyRoute component={SearchPage} loading="common.loading" />} />
                  <Route path="/actions" element={<LazyRoute component={ActionsPage} loading="common.loading" />} />
                  <Route path="/groups/:groupId/members" element={<LazyRoute component={GroupMembersPage} loading="common.loading" />} />
                  <Route path="/groups/:groupId" element={<LazyRoute component={GroupPage} />}>
                    <Route index element={<LazyRoute component={PageRoute} />} />
                    <Route path="pages/:itemId" element={<LazyRoute component={PageRoute} />} />
                    <Route path="boards/:itemId" element={<LazyRoute component={BoardRoute} />} />
                    <Route path="sessions" element={<LazyRoute component={SessionsRoute} />} />
                    <Route path="sessions/new" element={<LazyRoute component={SessionFormRoute} />} />
                    <Route path="sessions/:sessionId/edit" element={<LazyRoute component={SessionFormRoute} />} />
                    <Route path="sessions/:sessionId" element={<LazyRoute component={SessionRoomRoute} />} />
                    <Route path="archive" element={<LazyRoute component={ArchiveRoute} />} />
                    <Route path="*" element={<ItemNotFound />} />
                  </Route>
                </Route>
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </QueryProvider>
        </RealtimeProvider>
      </AuthProvider>
    </BrowserRouter>
  );
}
