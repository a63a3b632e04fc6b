/**
 * Temporary development harness for the board (not part of the app bundle): serves BoardView at
 * /groups/:groupId/boards/:itemId on the real server until the app mounts that route. Build with
 *   npx vite build --config client/src/features/board/harness/vite.config.ts --outDir <dir>
 * and start the server with CLIENT_DIST=<dir>. Sign in first (the session cookie is shared).
 */
import { itemDocName, type PublicUser } from '@samla/shared';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { useCollabDoc } from '../../../collab/useCollabDoc';
import { createI18n } from '../../../i18n';
import { ConnectionStatus } from '../../notes/ConnectionStatus';
import '../../../styles.css';
import { BoardView } from '../index';

const i18n = createI18n();

function Board({ docName, user, readOnly }: { docName: string; user: PublicUser; readOnly: boolean }) {
  const { session, status } = useCollabDoc(docName);
  useEffect(() => {
    session?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [session, user]);
  return (
    <>
      <ConnectionStatus state={status.connection} stopped={status.closedCode !== null} />
      {session && (
        <BoardView doc={session.doc} awareness={session.provider.awareness} user={user} readOnly={readOnly || status.readOnly} />
      )}
    </>
  );
}

function Harness() {
  const [user, setUser] = useState<PublicUser | null>(null);
  const m = /^\/groups\/([^/]+)\/boards\/([^/]+)/.exec(location.pathname);
  useEffect(() => {
    void fetch('/api/auth/me')
      .then((r) => r.json())
      .then((b: { user: PublicUser }) => setUser(b.user));
  }, []);
  return (
    <main className="page page--wide">
      <h1>Tavla</h1>
      {m && user ? (
        <Board docName={itemDocName(m[1]!, 'board', m[2]!)} user={user} readOnly={new URLSearchParams(location.search).has('readonly')} />
      ) : (
        <p>…</p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Harness />
    </I18nextProvider>
  </StrictMode>,
);
