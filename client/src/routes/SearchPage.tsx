import { searchKinds } from '@samla/shared';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { searchPath } from '../features/search/highlight';
import { isSearchKind, SearchResults } from '../features/search/SearchResults';
import '../features/search/search.css';

/** `/search?q=&kind=`: search across the person's groups. */
export default function SearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const kindParam = params.get('kind');
  const kind = isSearchKind(kindParam) ? kindParam : null;
  const [text, setText] = useState(q);
  const [kindChoice, setKindChoice] = useState(kind ?? '');
  const ids = { q: useId(), kind: useId() };

  useEffect(() => {
    setText(q);
    setKindChoice(kind ?? '');
  }, [q, kind]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) navigate(searchPath(text, kindChoice || undefined));
  }

  return (
    <div className="search-page">
      <h1>{q ? t('search.resultsFor', { query: q }) : t('search.heading')}</h1>
      <form role="search" className="search-page__form" onSubmit={submit} aria-label={t('search.label')}>
        <div className="field">
          <label htmlFor={ids.q}>{t('search.placeholder')}</label>
          <input id={ids.q} type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>{t('search.kindFilter')}</label>
          <select id={ids.kind} value={kindChoice} onChange={(e) => setKindChoice(e.target.value)}>
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
      {q ? <SearchResults key={`${q}\u0000${kind ?? ''}`} q={q} kind={kind} /> : <p className="muted">{t('search.prompt')}</p>}
    </div>
  );
}
