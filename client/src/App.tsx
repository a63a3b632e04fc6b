import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ChunkErrorBoundary } from './components/ChunkErrorBoundary';
import { ErrorState } from './components/ErrorState';
import { Layout } from './components/Layout';
import { Loading } from './components/Loading';
import { AuthProvider } from './features/auth/AuthContext';
import { RequireAuth } from './features/auth/RequireAuth';
import { HomePage } from './routes/HomePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { SetupPage } from './routes/SetupPage';

// The group page brings Tiptap, Yjs, y-websocket and Socket.IO: load it only when a group is opened.
const GroupPage = lazy(() => import('./routes/GroupPage'));

function LazyGroupPage() {
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
      <Suspense fallback={<Loading label={t('group.loading')} />}>
        <GroupPage />
      </Suspense>
    </ChunkErrorBoundary>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/setup" element={<SetupPage />} />
            <Route element={<RequireAuth />}>
              <Route index element={<HomePage />} />
              <Route path="/groups/:groupId" element={<LazyGroupPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}
