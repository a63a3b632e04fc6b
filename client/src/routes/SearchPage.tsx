import { routes, searchKinds } from '@samla/shared';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useRoute } from '../hooks/useApi';
import { searchPath } from '../features/search/highlight';
import { isSearchKind, SearchResults } from '../features/search/SearchResults';
import '../features/search/search.css';

/** `/search?q=&kind=&group=`: search across the person's groups, or one of them; everything chosen stays in the URL. */
export default function SearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const kindParam = params.get('kind');
  const kind = isSearchKind(kindParam) ? kindParam : null;
  const group = params.get('group') || null;
  const groups = useRoute(routes.groups.mine);
  const [text, setText] = useState(q);
  const [kindChoice, setKindChoice] = useState(kind ?? '');
  const [groupChoice, setGroupChoice] = useState(group ?? '');
  const ids = { q: useId(), kind: useId(), group: useId() };

  useEffect(() => {
    setText(q);
    setKindChoice(kind ?? '');
    setGroupChoice(group ?? '');
  }, [q, kind, group]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) navigate(searchPath(text, kindChoice || undefined, groupChoice || undefined));
  }

  /** A filter applies at once when there is a query. */
  function choose(nextKind: string, nextGroup: string) {
    setKindChoice(nextKind);
    setGroupChoice(nextGroup);
    if (q) navigate(searchPath(q, nextKind || undefined, nextGroup || undefined));
  }

  const myGroups = groups.status === 'ok' ? groups.data.groups : [];
  return (
    <div className="search-page">
      <h1>{q ? t('search.resultsFor', { query: q }) : t('search.heading')}</h1>
      <form role="search" className="search-page__form" onSubmit={submit} aria-label={t('search.label')}>
        <div className="field">
          <label htmlFor={ids.q}>{t('search.placeholder')}</label>
          <input id={ids.q} type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={ids.group}>{t('search.groupFilter')}</label>
          <select id={ids.group} value={groupChoice} onChange={(e) => choose(kindChoice, e.target.value)}>
            <option value="">{t('search.allGroups')}</option>
            {myGroups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
            {group && !myGroups.some((g) => g.id === group) && <option value={group}>{group}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>{t('search.kindFilter')}</label>
          <select id={ids.kind} value={kindChoice} onChange={(e) => choose(e.target.value, groupChoice)}>
            <option value="">{t('search.allKinds')}</option>
            {searchKinds.map((k) => (
              <option key={k} value={k}>
                {t(`search.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
      </form>
      {q ? (
        <SearchResults key={`${q}\u0000${kind ?? ''}\u0000${group ?? ''}`} q={q} kind={kind} group={group} />
      ) : (
        <p className="muted">{t('search.prompt')}</p>
      )}
    </div>
  );
}
