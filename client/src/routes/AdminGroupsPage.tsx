import { routes } from '@samla/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import '../components/manage.css';
import { AdminNav } from '../features/admin/AdminNav';
import { CoordinatorOnly } from '../features/admin/CoordinatorOnly';
import { CreateGroupForm } from '../features/admin/groups/CreateGroupForm';
import { GroupAdminItem } from '../features/admin/groups/GroupAdminItem';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

/** `/admin/groups`: coordinators create, edit, archive and reopen working groups. */
export default function AdminGroupsPage() {
  return (
    <CoordinatorOnly>
      <AdminGroups />
    </CoordinatorOnly>
  );
}

function AdminGroups() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  useDocumentTitle(t('adminGroups.title'));
  const [showArchived, setShowArchived] = useState(false);
  const groups = useRoute(routes.groups.working, { query: { archived: showArchived ? 'true' : undefined } });
  const [message, setMessage] = useState('');
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'medium' });
  const formatDate = (iso: string) => date.format(new Date(iso));

  const listHeading = useRef<HTMLHeadingElement>(null);

  /** After a change: announce it and refresh; when the group leaves the list, keep focus in the list. */
  const changed = (text: string, leavesList = false) => {
    setMessage(text);
    groups.refresh();
    if (leavesList && !showArchived) listHeading.current?.focus();
  };

  return (
    <div className="page">
      <AdminNav />
      <h1>{t('adminGroups.title')}</h1>
      <p className="lead">{t('adminGroups.intro')}</p>
      <p className="status-line" role="status">
        {message}
      </p>

      <CreateGroupForm onCreated={(group) => changed(t('adminGroups.created', { name: group.name }))} />

      <section className="section" aria-labelledby={`${ids}list`}>
        <h2 id={`${ids}list`} ref={listHeading} tabIndex={-1}>{t('adminGroups.listHeading')}</h2>
        <p className="checkbox-line">
          <input id={`${ids}archived`} type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <label htmlFor={`${ids}archived`}>{t('adminGroups.showArchived')}</label>
        </p>
        {groups.status === 'loading' && <Loading label={t('adminGroups.loading')} />}
        {groups.status === 'error' && (
          <ErrorState title={t('adminGroups.errorTitle')} onRetry={groups.reload}>
            <p>{errorMessage(t, groups.error.code)}</p>
          </ErrorState>
        )}
        {groups.status === 'ok' &&
          (groups.data.groups.length === 0 ? (
            <EmptyState title={t('adminGroups.emptyTitle')}>
              <p>{t('adminGroups.emptyText')}</p>
            </EmptyState>
          ) : (
            <ul className="list-plain admin-groups">
              {groups.data.groups.map((g) => (
                <GroupAdminItem key={g.id} group={g} formatDate={formatDate} onChanged={changed} />
              ))}
            </ul>
          ))}
      </section>
    </div>
  );
}
