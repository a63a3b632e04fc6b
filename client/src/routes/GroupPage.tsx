import { CloseCode, notesDocName, type MyGroup } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCollabDoc } from '../collab/useCollabDoc';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { useAuth, useUser } from '../features/auth/AuthContext';
import { ConnectionStatus } from '../features/notes/ConnectionStatus';
import { NotesEditor } from '../features/notes/NotesEditor';
import { PresenceList } from '../features/presence/PresenceList';
import { usePresence } from '../features/presence/usePresence';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { closeCodeMessage, errorMessage } from '../i18n/errors';

/** A group: its description, who is here and the co-edited notes. Lazy-loaded with the editor. */
export default function GroupPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const group = useApi<{ group: MyGroup }>(`/api/groups/${encodeURIComponent(groupId)}`);
  useDocumentTitle(group.status === 'ok' ? group.data.group.name : t('group.loading'));

  if (group.status === 'loading') return <Loading label={t('group.loading')} />;
  if (group.status === 'error') {
    const { code } = group.error;
    const missing = code === 'not_found' || code === 'invalid_payload';
    return (
      <div className="page page--narrow">
        {code === 'forbidden' || missing ? (
          <ErrorState level={1} title={code === 'forbidden' ? t('group.forbiddenTitle') : t('group.notFoundTitle')}>
            <p>{code === 'forbidden' ? t('group.forbiddenText') : t('group.notFoundText')}</p>
          </ErrorState>
        ) : (
          <ErrorState level={1} title={t('group.errorTitle')} onRetry={group.reload}>
            <p>{errorMessage(t, code)}</p>
          </ErrorState>
        )}
        <p>
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </div>
    );
  }
  return <GroupWorkspace group={group.data.group} />;
}

function GroupWorkspace({ group }: { group: MyGroup }) {
  const { t } = useTranslation();
  const user = useUser();
  const { sessionEnded } = useAuth();
  const { session, status } = useCollabDoc(notesDocName(group.id));
  const presence = usePresence(group.id);
  const readOnly = status.readOnly || group.role === 'observer';
  const stopped = status.closedCode !== null;

  return (
    <div className="page page--wide">
      <nav aria-label={t('group.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t('header.myGroups')}</Link>
          </li>
          <li aria-current="page">{group.name}</li>
        </ol>
      </nav>
      <div className="group-header">
        <h1>{group.name}</h1>
        <p className="lead">{group.description}</p>
        <p className="badge">{t('home.role', { role: t(`roles.${group.role}`) })}</p>
      </div>

      <div className="workspace">
        <section className="notes" aria-labelledby="notes-title">
          <div className="notes__header">
            <h2 id="notes-title">{t('notes.title')}</h2>
            <ConnectionStatus state={status.connection} stopped={stopped} />
          </div>
          <p id="notes-hint" className={readOnly ? 'notice' : 'muted small'}>
            {readOnly
              ? t('notes.readOnly')
              : status.connection === 'offline' && !stopped
                ? t('connection.offlineDetail')
                : t('notes.hint')}
          </p>
          {stopped && (
            <div className="state state--error" role="alert">
              <p>{closeCodeMessage(t, status.closedCode!)}</p>
              {status.closedCode === CloseCode.unauthorized ? (
                <button type="button" className="button" onClick={sessionEnded}>
                  {t('connection.signInAgain')}
                </button>
              ) : (
                <button type="button" className="button" onClick={() => window.location.reload()}>
                  {t('common.reload')}
                </button>
              )}
            </div>
          )}
          {session ? (
            <NotesEditor
              session={session}
              user={user}
              editable={!readOnly && !stopped}
              labelledBy="notes-title"
              describedBy="notes-hint"
            />
          ) : (
            <Loading label={t('common.loading')} />
          )}
        </section>
        <aside className="workspace__aside" aria-labelledby="presence-title">
          <PresenceList status={presence} me={user} />
        </aside>
      </div>
    </div>
  );
}
