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
import { SetupPage } from './routes/SetupPage';

// The group layout brings Yjs, y-websocket and Socket.IO: load it only when a group is opened.
// Inside it, the page editor (Tiptap) and the board are separate chunks: a page never loads the
// board and a board never loads the editor.
const GroupPage = lazy(() => import('./routes/GroupPage'));
const PageRoute = lazy(() => import('./routes/group/PageRoute'));
const BoardRoute = lazy(() => import('./routes/group/BoardRoute'));

function LazyRoute({ component: Component }: { component: LazyExoticComponent<ComponentType> }) {
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
        <Component />
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
              <Route path="/groups/:groupId" element={<LazyRoute component={GroupPage} />}>
                <Route index element={<LazyRoute component={PageRoute} />} />
                <Route path="pages/:itemId" element={<LazyRoute component={PageRoute} />} />
                <Route path="boards/:itemId" element={<LazyRoute component={BoardRoute} />} />
                <Route path="*" element={<ItemNotFound />} />
              </Route>
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}
