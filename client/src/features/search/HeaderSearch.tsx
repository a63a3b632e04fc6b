import { useEffect, useId, useState, type FormEvent } from 'react';
import { Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { searchPath } from './highlight';
import './headerSearch.css';

/** The search box in the header: Enter (or the button) opens the results page. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId();
  const [q, setQ] = useState('');

  // On the results page the box shows what was searched for.
  useEffect(() => {
    if (location.pathname === '/search') setQ(new URLSearchParams(location.search).get('q') ?? '');
  }, [location.pathname, location.search]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (q.trim()) navigate(searchPath(q));
  }

  return (
    <form role="search" className="header-search" onSubmit={submit} aria-label={t('search.label')}>
      <label htmlFor={id} className="visually-hidden">
        {t('search.placeholder')}
      </label>
      <input
        id={id}
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('search.placeholder')}
        maxLength={200}
        autoComplete="off"
        enterKeyHint="search"
      />
      <button type="submit" className="button button--small header-search__submit" title={t('search.submit')}>
        <Search className="icon" aria-hidden size={16} />
        <span className="visually-hidden">{t('search.submit')}</span>
      </button>
    </form>
  );
}
