import { routes, type HighlightedText, type RelatedItem, type RelatedResponse, type RelatedSession } from '@samla/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { useRoute, type LoadedResource } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { apiErrorMessage } from '../../i18n/errors';
import { formatDate } from '../membership/format';
import { segments } from '../search/highlight';
import { itemKind, relatedCount, rememberOpen, storedOpen } from './model';
import './related.css';

interface Props {
  groupId: string;
  itemId: string;
  kind: 'page' | 'board';
  /** Opens over the content below (a board's canvas): starts closed, Escape closes it, not remembered. */
  popover?: boolean;
}

/**
 * "Diskuterat tidigare": earlier sessions, pages and stickies in the person's groups that share words
 * with the open page or board. Asks the server once when the item opens and again only on "Uppdatera"
 * (never while someone types). Collapsible; the choice is remembered in this browser.
 */
export function RelatedPanel({ groupId, itemId, kind, popover = false }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const [open, setOpen] = useState(() => !popover && storedOpen());
  const resource = useRoute(routes.search.related, { params: { groupId }, query: { item: itemId, kind } });
  const toggleButton = useRef<HTMLButtonElement>(null);
  const toggle = () => {
    setOpen((was) => {
      if (!popover) rememberOpen(!was);
      return !was;
    });
  };

  const refresh = open && resource.status !== 'loading' && (
    <button type="button" className="button button--small button--quiet related__refresh" onClick={resource.refresh}>
      {t('related.refresh')}
    </button>
  );

  return (
    <section
      className={popover ? 'related related--popover' : 'related'}
      aria-labelledby={`${ids}heading`}
      onKeyDown={(e) => {
        if (popover && open && e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          setOpen(false);
          toggleButton.current?.focus();
        }
      }}
    >
      <div className="related__bar">
        <h3 id={`${ids}heading`} className="related__heading">
          <button ref={toggleButton} type="button" className="related__toggle" aria-expanded={open} aria-controls={`${ids}body`} onClick={toggle}>
            <span className="related__chevron" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            {t('related.heading')}
            {resource.status === 'ok' && (
              <span className="related__count">{t('related.count', { count: relatedCount(resource.data) })}</span>
            )}
          </button>
        </h3>
        {!popover && refresh}
      </div>
      <div id={`${ids}body`} className="related__body" hidden={!open}>
        {/* Over a canvas the title row has no room for it; it heads the opened list instead. */}
        {popover && refresh}
        {open && <RelatedBody resource={resource} />}
      </div>
    </section>
  );
}

function RelatedBody({ resource }: { resource: LoadedResource<RelatedResponse> }) {
  const { t } = useTranslation();
  if (resource.status === 'loading') return <Loading label={t('related.loading')} />;
  if (resource.status === 'error') {
    return (
      <div role="alert" className="related__error">
        <p>
          {t('related.error')} {apiErrorMessage(t, resource.error)}
        </p>
        <button type="button" className="button button--small" onClick={resource.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const { sessions, items } = resource.data;
  if (sessions.length + items.length === 0) return <p className="muted">{t('related.empty')}</p>;
  return (
    <>
      <p className="muted small">{t('related.intro')}</p>
      {sessions.length > 0 && (
        <>
          <h4 className="related__subheading">{t('related.sessions')}</h4>
          <ul className="related__list">
            {sessions.map((s) => (
              <SessionEntry key={`${s.group.id}/${s.meetingId}`} session={s} />
            ))}
          </ul>
        </>
      )}
      {items.length > 0 && (
        <>
          <h4 className="related__subheading">{t('related.items')}</h4>
          <ul className="related__list">
            {items.map((i) => (
              <ItemEntry key={`${i.group.id}/${i.kind}/${i.itemId}/${i.subId}`} item={i} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function SessionEntry({ session: s }: { session: RelatedSession }) {
  const { t, i18n } = useTranslation();
  const first = s.matches[0];
  return (
    <li className="related__entry">
      <Link to={s.link}>
        <span className="visually-hidden">{t('related.kind.session')}: </span>
        {s.title.trim() || t('related.untitled')}
      </Link>
      <p className="related__meta">
        <span className="related__kind" aria-hidden="true">
          {t('related.kind.session')}
        </span>
        <span>{s.group.name}</span>
        <span>{t('related.held', { date: formatDate(s.date, currentLocale(i18n)) })}</span>
      </p>
      {first && (
        <p className="related__snippet">
          <span className="related__match">{t(`related.match.${first.kind}`)}: </span>
          <Snippet snippet={first.snippet} />
        </p>
      )}
    </li>
  );
}

function ItemEntry({ item: i }: { item: RelatedItem }) {
  const { t, i18n } = useTranslation();
  const kind = itemKind(i);
  return (
    <li className="related__entry">
      <Link to={i.link}>
        <span className="visually-hidden">{t(`related.kind.${kind}`)}: </span>
        {i.title.trim() || t('related.untitled')}
      </Link>
      <p className="related__meta">
        <span className="related__kind" aria-hidden="true">
          {t(`related.kind.${kind}`)}
        </span>
        <span>{i.group.name}</span>
        {i.section && <span>{t('related.inSection', { section: i.section })}</span>}
        <span>{t('related.updated', { date: formatDate(i.date, currentLocale(i18n)) })}</span>
      </p>
      {i.snippet.text && (
        <p className="related__snippet">
          <Snippet snippet={i.snippet} />
        </p>
      )}
    </li>
  );
}

function Snippet({ snippet }: { snippet: HighlightedText }) {
  return (
    <>
      {segments(snippet).map((s, n) => (s.marked ? <mark key={n}>{s.text}</mark> : <span key={n}>{s.text}</span>))}
    </>
  );
}
