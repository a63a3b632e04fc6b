import { routes } from '@samla/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { PageError } from '../components/PageError';
import '../components/manage.css';
import { useUser } from '../features/auth/AuthContext';
import { JoinRequests } from '../features/members/JoinRequests';
import { LeaveGroup } from '../features/members/LeaveGroup';
import { MemberRow } from '../features/members/MemberRow';
import { useGroupInfo, type GroupInfo } from '../features/members/useGroupInfo';
import { useMembersWatch } from '../features/members/useMembersWatch';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

/**
 * `/groups/:groupId/members`, "Medlemmar i gruppen": who is in the group, with organisation and role.
 * Facilitators and coordinators change roles, remove members and answer requests to join; anyone
 * in the group can leave it. A screen of its own (not inside the group layout), so that a coordinator
 * who is not in the group can manage it too, and so it loads no Yjs.
 */
export default function GroupMembersPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const info = useGroupInfo(groupId);
  const title = info.status === 'ok' ? `${t('groupMembers.title')} – ${info.data.group.name}` : t('groupMembers.title');
  useDocumentTitle(title);

  if (info.status === 'loading') return <Loading label={t('groupMembers.loading')} />;
  if (info.status === 'error') {
    const { code } = info.error;
    const denied = code === 'forbidden';
    const missing = code === 'not_found' || code === 'invalid_payload';
    return (
      <PageError
        title={denied ? t('groupMembers.forbiddenTitle') : missing ? t('group.notFoundTitle') : t('groupMembers.errorTitle')}
        onRetry={denied || missing ? undefined : info.reload}
      >
        <p>{denied ? t('groupMembers.forbiddenText') : missing ? t('group.notFoundText') : errorMessage(t, code)}</p>
      </PageError>
    );
  }
  return <Members info={info.data} onMyRoleMayHaveChanged={info.refresh} />;
}

function Members({ info, onMyRoleMayHaveChanged }: { info: GroupInfo; onMyRoleMayHaveChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const user = useUser();
  const { group, myRole } = info;
  const groupPath = `/groups/${encodeURIComponent(group.id)}`;
  const members = useRoute(routes.groups.members, { params: { groupId: group.id } });
  const [message, setMessage] = useState('');
  const [left, setLeft] = useState(false);
  const tableHeading = useRef<HTMLHeadingElement>(null);
  const canManage = members.status === 'ok' && members.data.can.manage;
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'medium' });
  const formatDate = (iso: string) => date.format(new Date(iso));

  // Changes made by others (a request to join, another facilitator's decision) show without a reload:
  // the watch marks the member list and the join requests stale; this person's own role may have changed too.
  useMembersWatch(group.id, onMyRoleMayHaveChanged);

  const changed = (text: string, removed = false) => {
    setMessage(text);
    members.refresh();
    // A facilitator may have changed their own role.
    onMyRoleMayHaveChanged();
    if (removed) tableHeading.current?.focus();
  };

  if (left) {
    return (
      <div className="page page--narrow">
        <div className="state state--empty" role="status">
          <h1 className="state__title">{t('groupMembers.leftTitle', { group: group.name })}</h1>
          <p>{t('groupMembers.leftText')}</p>
        </div>
        <p>
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page">
      <nav aria-label={t('group.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t('header.myGroups')}</Link>
          </li>
          <li>{myRole ? <Link to={groupPath}>{group.name}</Link> : group.name}</li>
          <li aria-current="page">{t('groupMembers.title')}</li>
        </ol>
      </nav>
      <h1>{t('groupMembers.title')}</h1>
      <p className="lead">{group.name}</p>
      {group.archivedAt && <p className="notice">{t('groupMembers.archivedNotice')}</p>}
      <p className="status-line" role="status">
        {message}
      </p>

      <section className="section" aria-labelledby={`${ids}members`}>
        <h2 id={`${ids}members`} ref={tableHeading} tabIndex={-1}>
          {members.status === 'ok' ? t('groupMembers.caption', { count: members.data.members.length }) : t('groupMembers.title')}
        </h2>
        {members.status === 'loading' && <Loading label={t('groupMembers.loading')} />}
        {members.status === 'error' && (
          <ErrorState title={t('groupMembers.errorTitle')} onRetry={members.reload}>
            <p>{errorMessage(t, members.error.code)}</p>
          </ErrorState>
        )}
        {members.status === 'ok' &&
          (members.data.members.length === 0 ? (
            <EmptyState title={t('groupMembers.emptyTitle')} />
          ) : (
            <div className="table-wrap">
              <table className="data-table" aria-labelledby={`${ids}members`}>
                <thead>
                  <tr>
                    <th scope="col">{t('groupMembers.name')}</th>
                    <th scope="col">{t('groupMembers.organisation')}</th>
                    <th scope="col">{t('groupMembers.role')}</th>
                    <th scope="col">{t('groupMembers.since')}</th>
                    {canManage && <th scope="col">{t('groupMembers.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {members.data.members.map((m) => (
                    <MemberRow
                      key={`${m.userId}:${m.role}`}
                      groupId={group.id}
                      member={m}
                      isMe={m.userId === user.id}
                      canManage={canManage}
                      since={formatDate(m.since)}
                      onChanged={changed}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>

      {canManage && !group.archivedAt && (
        <JoinRequests groupId={group.id} formatDate={formatDate} onDecided={(text, approved) => (approved ? changed(text) : setMessage(text))} />
      )}

      {myRole && <LeaveGroup groupId={group.id} groupName={group.name} userId={user.id} role={myRole} onLeft={() => setLeft(true)} />}

      {myRole && (
        <p className="section">
          <Link to={groupPath}>{t('groupMembers.backToGroup')}</Link>
        </p>
      )}
    </div>
  );
}
