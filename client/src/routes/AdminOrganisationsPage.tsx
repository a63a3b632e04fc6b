import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { municipalityName, routes, type OrganisationsQuery } from '@samla/shared';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { AdminNav } from '../features/admin/AdminNav';
import { CoordinatorOnly } from '../features/admin/CoordinatorOnly';
import '../features/admin/organisations/organisations.css';
import '../features/membership/membership.css';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorMessage } from '../i18n/errors';
import { MunicipalityOptions } from '../features/membership/MunicipalityOptions';

const FILTERS = ['q', 'municipality', 'group', 'status', 'noContact', 'page'] as const;

/** Coordinators: every member organisation, searchable (accents aside) and filterable, 50 a page. */
export default function AdminOrganisationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('organisations.title'));
  return (
    <CoordinatorOnly>
      <div className="page">
        <AdminNav />
        <div className="org-summary">
          <h1>{t('organisations.title')}</h1>
          <Link className="button" to="/admin/organisations/import">
            {t('organisations.importLink')}
          </Link>
        </div>
        <Organisations />
      </div>
    </CoordinatorOnly>
  );
}

function Organisations() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams([...params].filter(([k, v]) => (FILTERS as readonly string[]).includes(k) && v !== ''));
  // The filters as the address bar has them: the server checks each.
  const list = useRoute(routes.organisations.list, { query: Object.fromEntries(query) as OrganisationsQuery });
  const groups = useRoute(routes.groups.working, { query: { archived: 'true' } });
  const [text, setText] = useState(params.get('q') ?? '');
  useEffect(() => setText(params.get('q') ?? ''), [params]);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: text.trim() });
  };

  let body;
  if (list.status === 'loading') body = <Loading label={t('organisations.loading')} />;
  else if (list.status === 'error')
    body = (
      <ErrorState title={t('organisations.error')} onRetry={list.reload}>
        <p>{errorMessage(t, list.error.code)}</p>
      </ErrorState>
    );
  else if (list.data.count === 0)
    body = (
      <EmptyState title={list.data.total === 0 ? t('organisations.emptyTitle') : t('organisations.noMatchTitle')}>
        <p>{list.data.total === 0 ? t('organisations.emptyText') : t('organisations.noMatchText')}</p>
      </EmptyState>
    );
  else {
    const { page, pageSize, count } = list.data;
    const pages = Math.max(1, Math.ceil(count / pageSize));
    body = (
      <>
        <p role="status">{t('organisations.count', { count, total: list.data.total })}</p>
        <table className="org-table org-table--cards">
          <caption className="visually-hidden">{t('organisations.tableCaption', { page, pages })}</caption>
          <colgroup>
            {['name', 'number', 'municipality', 'contact', 'people', 'groups'].map((c) => (
              <col key={c} className={`c-${c}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('organisations.col.name')}</th>
              <th scope="col">{t('organisations.col.orgNumber')}</th>
              <th scope="col">{t('organisations.col.municipality')}</th>
              <th scope="col">{t('organisations.col.contact')}</th>
              <th scope="col">{t('organisations.col.people')}</th>
              <th scope="col">{t('organisations.col.groups')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.organisations.map((o) => (
              <tr key={o.id}>
                <td className="org-table__name">
                  <Link to={`/admin/organisations/${encodeURIComponent(o.id)}`}>{o.name}</Link>
                  {o.status === 'left' && (
                    <>
                      {' '}
                      <span className="flag flag--left">{t('organisations.left')}</span>
                    </>
                  )}
                </td>
                <td data-label={t('organisations.col.orgNumber')} className="org-table__nowrap">
                  {o.orgNumber}
                </td>
                <td data-label={t('organisations.col.municipality')}>
                  {municipalityName(o.municipality)}
                </td>
                <td data-label={t('organisations.col.contact')}>
                  {o.contact ? o.contact.name : o.status === 'active' && <span className="flag">{t('organisations.noContact')}</span>}
                  {o.pendingInvitations > 0 && <div className="small muted">{t('organisations.invitationsPending', { count: o.pendingInvitations })}</div>}
                </td>
                <td data-label={t('organisations.col.people')}>{o.people}</td>
                <td data-label={t('organisations.col.groups')}>{o.groups.map((g) => g.name).join(', ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {pages > 1 && (
          <nav className="pager" aria-label={t('organisations.pagerLabel')}>
            <button type="button" className="button" disabled={page <= 1} onClick={() => set({ page: String(page - 1) })}>
              {t('organisations.previous')}
            </button>
            <span>{t('organisations.pageOf', { page, pages })}</span>
            <button type="button" className="button" disabled={page >= pages} onClick={() => set({ page: String(page + 1) })}>
              {t('organisations.next')}
            </button>
          </nav>
        )}
      </>
    );
  }

  return (
    <>
      <form className="org-filters" role="search" aria-label={t('organisations.filtersLabel')} onSubmit={submit}>
        <div className="field org-filters__search">
          <label htmlFor="org-q">{t('organisations.search')}</label>
          <div className="copy-row">
            <input id="org-q" type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="org-q-hint" />
            <button type="submit" className="button button--primary">
              {t('organisations.searchButton')}
            </button>
          </div>
          <p id="org-q-hint" className="field__hint">
            {t('organisations.searchHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="org-municipality">{t('organisations.col.municipality')}</label>
          <select id="org-municipality" value={params.get('municipality') ?? ''} onChange={(e) => set({ municipality: e.target.value })}>
            <option value="">{t('organisations.allMunicipalities')}</option>
            <MunicipalityOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-group">{t('organisations.col.groups')}</label>
          <select id="org-group" value={params.get('group') ?? ''} onChange={(e) => set({ group: e.target.value })}>
            <option value="">{t('organisations.allGroups')}</option>
            {groups.data?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-status">{t('organisations.status')}</label>
          <select id="org-status" value={params.get('status') ?? 'active'} onChange={(e) => set({ status: e.target.value === 'active' ? '' : e.target.value })}>
            <option value="active">{t('organisations.statusActive')}</option>
            <option value="left">{t('organisations.statusLeft')}</option>
            <option value="all">{t('organisations.statusAll')}</option>
          </select>
        </div>
        <div className="field field--check">
          <input
            id="org-no-contact"
            type="checkbox"
            checked={params.get('noContact') === 'true'}
            onChange={(e) => set({ noContact: e.target.checked ? 'true' : '' })}
          />
          <label htmlFor="org-no-contact">{t('organisations.onlyNoContact')}</label>
        </div>
      </form>
      {body}
    </>
  );
}
