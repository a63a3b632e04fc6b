import { routes, spaceDocName, type MyGroup } from '@samla/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useMatch, useParams } from 'react-router-dom';
import { useCollabDoc } from '../collab/useCollabDoc';
import { PageError } from '../components/PageError';
import { Loading } from '../components/Loading';
import { useUser } from '../features/auth/AuthContext';
import type { GroupOutletContext } from '../features/space/context';
import { SpaceNav, useItemTitle } from '../features/space/SpaceNav';
import { useSidebar } from '../features/space/useSidebar';
import { useSpaceList, useSynced } from '../features/space/useSpace';
import { PresenceList } from '../features/presence/PresenceList';
import { usePresence } from '../features/presence/usePresence';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorMessage } from '../i18n/errors';

/**
 * A group: header, its document space and who is here, around the open item (standing notes, a
 * page or a board), which the child routes load as their own lazy chunks.
 */
export default function GroupPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const group = useRoute(routes.groups.get, { params: { groupId } });

  if (group.status === 'loading') {
    return (
      <>
        <DocumentTitle text={t('group.loading')} />
        <Loading label={t('group.loading')} />
      </>
    );
  }
  if (group.status === 'error') {
    const { code } = group.error;
    const missing = code === 'not_found' || code === 'invalid_payload';
    return (
      <>
        <DocumentTitle text={t('group.errorTitle')} />
        {code === 'forbidden' || missing ? (
          <PageError title={code === 'forbidden' ? t('group.forbiddenTitle') : t('group.notFoundTitle')}>
            <p>{code === 'forbidden' ? t('group.forbiddenText') : t('group.notFoundText')}</p>
          </PageError>
        ) : (
          <PageError title={t('group.errorTitle')} onRetry={group.reload}>
            <p>{errorMessage(t, code)}</p>
          </PageError>
        )}
      </>
    );
  }
  return <GroupLayout group={group.data.group} />;
}

/** Sets the tab title while the group loads or fails (the layout sets it once the group is there). */
function DocumentTitle({ text }: { text: string }) {
  useDocumentTitle(text);
  return null;
}

/**
 * The group layout: breadcrumb and header, the "Dokument" navigation, who is here, and the open item.
 * Follows this person's membership live: a new role applies as soon as the group is fetched again, and removal from the group
 * replaces the whole view with a message (the server has closed the group's documents already).
 */
function GroupLayout({ group }: { group: MyGroup }) {
  const { t } = useTranslation();
  const user = useUser();
  const [roleNotice, setRoleNotice] = useState('');
  const [revoked, setRevoked] = useState(false);
  const { session, status } = useCollabDoc(spaceDocName(group.id));
  const list = useSpaceList(session?.doc ?? null);
  const synced = useSynced(session?.provider ?? null);
  const presence = usePresence(group.id, {
    onRevoked: () => setRevoked(true),
    // The query cache reads the group again (query.tsx): its answer carries the new role and what it allows.
    onChanged: (next) => {
      setRoleNotice(t('groupMembers.roleNowChanged', { role: t(`roles.${next}`) }));
    },
  });
  const titleOf = useItemTitle();
  const [screenTitle, setScreenTitle] = useState<string | null>(null);
  const canEdit = group.can.writeDocs && !status.readOnly && status.closedCode === null;
  const match = useMatch('/groups/:groupId/:kind/:itemId');
  // A board is a workspace: the group's heading folds into the board's title row, the documents
  // become a drawer, and the canvas takes the rest.
  const onCanvas = match?.params.kind === 'boards';
  const sidebar = useSidebar(user.id, onCanvas);
  const sideId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  // A drawer closes once a document is chosen, so the document is what one sees (only a change of
  // screen closes it, hence the one dependency).
  useEffect(() => {
    if (sidebar.drawer) sidebar.setOpen(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname]);
  // An opened drawer covers the content, so focus moves into it (where Escape closes it).
  useEffect(() => {
    if (sidebar.drawer && sidebar.open) closeButton.current?.focus();
  }, [sidebar.drawer, sidebar.open]);
  const closeDrawer = () => {
    sidebar.setOpen(false);
    toggle.current?.focus();
  };

  const current = match ? list.byId.get(match.params.itemId ?? '') : undefined;
  // Sessions (meetings) have their own screens under the group: the list, the form and the room.
  const inSessions = useMatch('/groups/:groupId/sessions/*') !== null;
  const inArchive = useMatch('/groups/:groupId/archive') !== null;
  const currentTitle = screenTitle
    ? screenTitle
    : inSessions
    ? t('meetings.list.title')
    : inArchive
      ? t('archive.title')
      : match
        ? (current ? titleOf(current) : null)
        : t('notes.title');
  useDocumentTitle(currentTitle ? `${currentTitle} – ${group.name}` : group.name);

  if (revoked) return <Revoked />;

  const toggleButton = (
    <button
      ref={toggle}
      type="button"
      className="button button--small"
      aria-expanded={sidebar.open}
      aria-controls={sideId}
      onClick={() => sidebar.setOpen(!sidebar.open)}
    >
      {sidebar.open ? t('group.hideDocuments') : t('group.showDocuments')}
    </button>
  );
  const breadcrumb = (
    <nav aria-label={t('group.breadcrumb')} className="breadcrumb">
      <ol>
        {/* Over a board the site header's own "Mina grupper" is right above; the row needs the room. */}
        {!onCanvas && (
          <li>
            <Link to="/">{t('header.myGroups')}</Link>
          </li>
        )}
        <li>
          <Link to={`/groups/${encodeURIComponent(group.id)}`} title={onCanvas ? group.name : undefined}>
            {group.name}
          </Link>
        </li>
        {/* On a board the board's own heading follows the breadcrumb and ends it. */}
        {currentTitle && !onCanvas && <li aria-current="page">{currentTitle}</li>}
      </ol>
    </nav>
  );
  const roleBadge = <p className="badge">{t('home.role', { role: t(`roles.${group.role}`) })}</p>;
  const groupLinks = (
    <nav aria-label={t('groupMembers.navLabel')} className="group-links">
      <Link to={`/groups/${encodeURIComponent(group.id)}/members`}>{t('groupMembers.navLink')}</Link>
      <Link to={`/groups/${encodeURIComponent(group.id)}/sessions`}>{t('meetings.list.navLink')}</Link>
      <Link to={`/groups/${encodeURIComponent(group.id)}/archive`}>{t('archive.navLink')}</Link>
    </nav>
  );

  const context: GroupOutletContext = {
    group,
    user,
    setScreenTitle,
    space: { doc: session?.doc ?? null, list, synced, canEdit },
    canvasLead: onCanvas ? (
      <>
        {toggleButton}
        {breadcrumb}
      </>
    ) : null,
  };

  return (
    <div className={onCanvas ? 'page page--wide page--canvas' : 'page page--wide'}>
      {!onCanvas && breadcrumb}
      <div className="group-header">
        {/* On a board the breadcrumb names the group; the heading stays for screen readers. */}
        <h1 className={onCanvas ? 'visually-hidden' : undefined}>{group.name}</h1>
        {group.description && !onCanvas && <p className="lead">{group.description}</p>}
        {!onCanvas && roleBadge}
        <p className="visually-hidden" role="status">
          {roleNotice}
        </p>
        {!onCanvas && groupLinks}
      </div>

      <div
        className={[
          'group-layout',
          !sidebar.open && 'group-layout--collapsed',
          sidebar.drawer && 'group-layout--drawer',
        ]
          .filter(Boolean)
          .join(' ')}
      >
        {!onCanvas && <div className="group-layout__bar">{toggleButton}</div>}
        {sidebar.open && sidebar.drawer && <div className="group-layout__backdrop" aria-hidden="true" onClick={closeDrawer} />}
        <div
          id={sideId}
          className="group-layout__side"
          hidden={!sidebar.open}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && sidebar.drawer && !e.defaultPrevented) closeDrawer();
          }}
        >
          {sidebar.drawer && (
            <button ref={closeButton} type="button" className="button button--small group-layout__close" onClick={closeDrawer}>
              {t('group.closeDocuments')}
            </button>
          )}
          {/* Over a board the group's role and links live in the drawer with its documents. */}
          {onCanvas && (
            <div className="group-layout__group">
              {roleBadge}
              {groupLinks}
            </div>
          )}
          <SpaceNav groupId={group.id} doc={session?.doc ?? null} list={list} canEdit={canEdit} userId={user.id} />
          <aside aria-labelledby="presence-title">
            <PresenceList status={presence} me={user} />
          </aside>
        </div>
        <div className="group-layout__main">
          <Outlet context={context} />
        </div>
      </div>
    </div>
  );
}

/** Shown instead of the group once the server says this person was removed from it. */
function Revoked() {
  const { t } = useTranslation();
  useDocumentTitle(t('groupMembers.revokedTitle'));
  return (
    <PageError title={t('groupMembers.revokedTitle')}>
      <p>{t('groupMembers.revokedText')}</p>
    </PageError>
  );
}
