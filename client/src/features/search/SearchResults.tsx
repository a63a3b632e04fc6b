import { routes, searchKinds, type SearchKind, type SearchResult } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { apiErrorMessage } from '../../i18n/errors';
import { formatDate } from '../membership/format';
import { segments } from './highlight';

export const isSearchKind = (k: string | null): k is SearchKind => k !== null && (searchKinds as readonly string[]).includes(k);

/** The results of one query: loading, error, empty, or the list. */
export function SearchResults({ q, kind, group = null }: { q: string; kind: SearchKind | null; group?: string | null }) {
  const { t } = useTranslation();
  const resource = useRoute(routes.search.query, { query: { q, kind: kind ?? undefined, group: group ?? undefined } });

  if (resource.status === 'loading') return <Loading label={t('search.loading')} />;
  if (resource.status === 'error') {
    return (
      <ErrorState title={t('search.error')} onRetry={resource.reload}>
        <p>{apiErrorMessage(t, resource.error)}</p>
      </ErrorState>
    );
  }
  const { results, more } = resource.data;
  if (results.length === 0) {
    return (
      <EmptyState title={t('search.empty', { query: q })}>
        <p>{t('search.emptyHint')}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p role="status" className="muted">
        {more ? t('search.more', { count: results.length }) : t('search.count', { count: results.length })}
      </p>
      <ol className="search-results">
        {results.map((r) => (
          <ResultItem key={`${r.group.id}/${r.kind}/${r.itemId}/${r.subId}`} result={r} />
        ))}
      </ol>
    </>
  );
}

function ResultItem({ result: r }: { result: SearchResult }) {
  const { t, i18n } = useTranslation();
  const title = r.kind === 'notes' ? t('search.notesTitle') : r.title.trim() || t('search.untitled');
  return (
    <li className="search-result">
      <h2 className="search-result__title">
        <Link to={r.link}>{title}</Link>
      </h2>
      <p className="search-result__meta">
        <span className="search-result__kind">{t(`search.kind.${r.kind}`)}</span>
        <span>{r.group.name}</span>
        {r.section && <span>{t('search.inSection', { section: r.section })}</span>}
        <span>{t('search.updated', { date: formatDate(r.date, currentLocale(i18n)) })}</span>
      </p>
      {r.snippet.text && (
        <p className="search-result__snippet">
          {segments(r.snippet).map((s, i) => (s.marked ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
        </p>
      )}
      {r.alsoIn.length > 0 && (
        <ul className="search-result__also">
          {r.alsoIn.map((c) => (
            <li key={c.link}>
              <Link to={c.link}>{t('search.alsoIn', { date: formatDate(c.date, currentLocale(i18n)) })}</Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
