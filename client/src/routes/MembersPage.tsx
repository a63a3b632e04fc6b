import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { municipalityName, routes, routeUrl, type Directory, type DirectoryEntry } from '@samla/shared';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { filterQuery, filterSearch, hasFilters, readFilters, type DirectoryFilters } from '../features/membership/directoryQuery';
import { formatDate } from '../features/membership/format';
import '../features/membership/membership.css';
import { useRoute } from '../hooks/useApi';
import { useParamsState } from '../hooks/useParamsState';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';
import { MunicipalityOptions } from '../features/membership/MunicipalityOptions';

const SEARCH_DELAY_MS = 300;
/** How many organisations the list shows at first, and how many more "Visa fler" adds. */
const PAGE = 50;

/** Public: the network's member organisations, searchable and filterable, with a CSV download. */
export default function MembersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useParamsState();
  const filters = readFilters(params);
  const query = filterQuery(filters);
  const directory = useRoute(routes.directory.list, { query });
  const groups = useRoute(routes.groups.working);
  // While new results load, the previous ones stay (dimmed) instead of flashing a spinner per keystroke.
  const [shown, setShown] = useState<Directory | null>(null);
  useEffect(() => {
    if (directory.status === 'ok') setShown(directory.data);
  }, [directory.status, directory.data]);
  useDocumentTitle(t('directory.title'));
  // "Visa fler": back to the first PAGE whenever the filters change; focus moves to the first one added.
  const [limit, setLimit] = useState(PAGE);
  const search = filterSearch(filters);
  useEffect(() => setLimit(PAGE), [search]);
  const firstAdded = useRef<number | null>(null);
  useEffect(() => {
    if (firstAdded.current === null) return;
    document.getElementById(`directory-entry-${firstAdded.current}`)?.focus();
    firstAdded.current = null;
  }, [limit]);

  const [text, setText] = useState(filters.q);
  // The URL changed by itself (back button, a link): show its search text.
  useEffect(() => setText((current) => (current.trim() === filters.q.trim() ? current : filters.q)), [filters.q]);

  const apply = (next: DirectoryFilters) => setParams(new URLSearchParams(filterSearch(next)));
  const latest = useRef({ filters, apply });
  latest.current = { filters, apply };

  useEffect(() => {
    if (text.trim() === latest.current.filters.q.trim()) return;
    const timer = setTimeout(() => latest.current.apply({ ...latest.current.filters, q: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function submit(e: FormEvent) {
    e.preventDefault();
    apply({ ...filters, q: text });
  }

  function clear() {
    setText('');
    apply({ q: '', municipality: '', group: '' });
  }

  const loading = directory.status === 'loading';
  let results;
  if (directory.status === 'error') {
    results = (
      <ErrorState title={t('directory.error')} onRetry={directory.reload}>
        <p>{errorMessage(t, directory.error.code)}</p>
      </ErrorState>
    );
  } else if (!shown) {
    results = <Loading label={t('directory.loading')} />;
  } else if (shown.total === 0) {
    results = (
      <EmptyState title={t('directory.emptyTitle')}>
        <p>
          <Link to="/apply">{t('directory.applyLink')}</Link>
        </p>
      </EmptyState>
    );
  } else {
    results = (
      <>
        <div className="directory-summary">
          <p role="status">{hasFilters(filters) ? t('directory.count', { shown: shown.count, count: shown.total }) : t('directory.total', { count: shown.total })}</p>
          <a className="button button--quiet" href={routeUrl(routes.directory.csv, {}, query)} download>
            {t('directory.csv')}
          </a>
        </div>
        {shown.count === 0 ? (
          <EmptyState title={t('directory.noMatchTitle')}>
            <p>{t('directory.noMatchText')}</p>
            <button type="button" className="button" onClick={clear}>
              {t('directory.clearFilters')}
            </button>
          </EmptyState>
        ) : (
          <ul className="directory-list" aria-busy={loading || undefined} aria-label={t('directory.listLabel')}>
            {shown.members.slice(0, limit).map((m, i) => (
              <MemberEntry key={m.id} member={m} index={i} />
            ))}
          </ul>
        )}
        {shown.count > limit && (
          <p className="directory-more">
            <button
              type="button"
              className="button"
              onClick={() => {
                firstAdded.current = limit;
                setLimit(limit + PAGE);
              }}
            >
              {t('directory.showMore', { count: Math.min(PAGE, shown.count - limit), shown: limit, total: shown.count })}
            </button>
          </p>
        )}
      </>
    );
  }

  return (
    <div className="page">
      <h1>{t('directory.title')}</h1>
      <p className="lead">
        {t('directory.intro')} <Link to="/apply">{t('directory.applyLink')}</Link>
      </p>
      <form className="directory-filters" role="search" aria-label={t('directory.filtersLabel')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="directory-q">{t('directory.search')}</label>
          <input id="directory-q" type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="directory-municipality">{t('directory.municipality')}</label>
          <select
            id="directory-municipality"
            name="municipality"
            value={filters.municipality}
            onChange={(e) => apply({ ...filters, q: text, municipality: e.target.value })}
          >
            <option value="">{t('directory.allMunicipalities')}</option>
            <MunicipalityOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-group">{t('directory.group')}</label>
          <select
            id="directory-group"
            name="group"
            value={filters.group}
            aria-describedby={groups.status === 'error' ? 'directory-group-error' : undefined}
            onChange={(e) => apply({ ...filters, q: text, group: e.target.value })}
          >
            <option value="">{t('directory.allGroups')}</option>
            {/* A group from the URL stays selectable while the list loads, or if it is gone. */}
            {filters.group && !groups.data?.groups.some((g) => g.id === filters.group) && (
              <option value={filters.group}>{filters.group}</option>
            )}
            {groups.data?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          {groups.status === 'error' && (
            <p id="directory-group-error" className="field__hint">
              {t('directory.groupsError')}
            </p>
          )}
        </div>
        {hasFilters(filters) && (
          <div className="field">
            <button type="button" className="button" onClick={clear}>
              {t('directory.clearFilters')}
            </button>
          </div>
        )}
      </form>
      {results}
    </div>
  );
}

function MemberEntry({ member, index }: { member: DirectoryEntry; index: number }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const groups = member.groups.map((g) => g.name);
  return (
    <li className="directory-entry">
      <h2 id={`directory-entry-${index}`} tabIndex={-1}>
        {member.name}
      </h2>
      <p>{t('directory.inMunicipality', { municipality: municipalityName(member.municipality) })}</p>
      {member.website && (
        <p>
          <a href={member.website} rel="noopener noreferrer">
            {t('directory.website', { host: hostOf(member.website) })}
          </a>
        </p>
      )}
      <p>
        {groups.length > 0
          ? t('directory.groups', { groups: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(groups) })
          : t('directory.noGroups')}
      </p>
      <p className="muted small">{t('directory.joined', { date: formatDate(member.joinedAt, locale) })}</p>
    </li>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
