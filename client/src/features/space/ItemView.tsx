import { CloseCode, parseDocName, routes, routeUrl } from '@samla/shared';
import { Download, History } from 'lucide-react';
import { lazy, Suspense, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CollabStatus } from '../../collab/useCollabDoc';
import { ChunkErrorBoundary } from '../../components/ChunkErrorBoundary';
import { Loading } from '../../components/Loading';
import { useAuth } from '../auth/AuthContext';
import { ConnectionStatus } from '../notes/ConnectionStatus';
import { currentLanguage, type Language } from '../../i18n';
import { closeCodeMessage } from '../../i18n/errors';
import { KindIcon } from './SpaceNav';

// The history panel (version list, previews) loads only when someone opens it.
const HistoryPanel = lazy(() => import('../history/HistoryPanel').then((m) => ({ default: m.HistoryPanel })));
// "Diskuterat tidigare" is a chunk of its own that loads beside the editor or board, never before it.
const RelatedPanel = lazy(() => import('../related/RelatedPanel').then((m) => ({ default: m.RelatedPanel })));

interface Props {
  groupId: string;
  docName: string;
  kind: 'notes' | 'page' | 'board';
  title: string;
  /** Id for the heading, so the editor or board can be labelled by it. */
  titleId: string;
  /** Id for the hint line (read-only, offline, or `hint`), for aria-describedby. */
  hintId: string;
  hint?: string;
  status: CollabStatus;
  /** Observer, read-only signal or a terminal close: nothing can be changed here. */
  readOnly: boolean;
  /** Set when the item is archived; `onRestore` is null for those who may not restore it. */
  archived?: { onRestore: (() => void) | null };
  /** Starts the title row: on a board's own page, the documents toggle and the breadcrumb. */
  lead?: ReactNode;
  children: ReactNode;
}

/** The frame of an open document: title, connection state, history toggle, notices, then the content. */
export function ItemView({ groupId, docName, kind, title, titleId, hintId, hint, status, readOnly, archived, lead, children }: Props) {
  const { t, i18n } = useTranslation();
  const { sessionEnded } = useAuth();
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyId = useId();
  const historyToggle = useRef<HTMLButtonElement>(null);
  const stopped = status.closedCode !== null;
  const relatedItemId = parseDocName(docName)?.itemId;
  const hintText =
    readOnly && !stopped
      ? t(kind === 'board' ? 'space.readOnlyBoard' : kind === 'page' ? 'space.readOnlyPage' : 'notes.readOnly')
      : status.connection === 'offline' && !stopped
        ? t('connection.offlineDetail')
        : hint;

  const exportLabel = t(kind === 'board' ? 'search.exportCsv' : 'search.exportMarkdown');
  const related = (popover: boolean) =>
    kind !== 'notes' &&
    relatedItemId && (
      <ChunkErrorBoundary fallback={() => null}>
        <Suspense fallback={null}>
          <RelatedPanel key={relatedItemId} groupId={groupId} itemId={relatedItemId} kind={kind} popover={popover} />
        </Suspense>
      </ChunkErrorBoundary>
    );

  return (
    <section className="item-view" aria-labelledby={titleId}>
      <div className="item-header">
        {lead}
        <h2 id={titleId}>
          <KindIcon kind={kind} />
          <span title={title}>{title}</span>
        </h2>
        <ConnectionStatus state={status.connection} stopped={stopped} />
        <button
          ref={historyToggle}
          type="button"
          className="button button--small"
          aria-expanded={historyOpen}
          aria-controls={historyOpen ? historyId : undefined}
          onClick={() => setHistoryOpen((open) => !open)}
          title={t('space.history')}
        >
          <History className="icon" aria-hidden size={16} />
          <span className="item-header__label">{t('space.history')}</span>
        </button>
        <a
          className="button button--small"
          href={exportHref(groupId, kind, docName, currentLanguage(i18n))}
          download
          title={exportLabel}
        >
          <Download className="icon" aria-hidden size={16} />
          <span className="item-header__label">{exportLabel}</span>
        </a>
        {/* With a lead (a board's page) what was said before opens over the canvas from this row. */}
        {lead && related(true)}
      </div>
      {hintText && (
        <p id={hintId} className={readOnly && !stopped ? 'notice' : 'muted small'}>
          {hintText}
        </p>
      )}
      {archived && (
        <div className="notice item-view__archived">
          <p>{t(kind === 'board' ? 'space.archivedBoard' : 'space.archivedPage')}</p>
          {archived.onRestore && (
            <button type="button" className="button button--small" onClick={archived.onRestore}>
              {t('space.restore')}
            </button>
          )}
        </div>
      )}
      {stopped && (
        <div className="state state--error" role="alert">
          <p>{closeCodeMessage(t, status.closedCode!)}</p>
          {status.closedCode === CloseCode.unauthorized ? (
            <button type="button" className="button" onClick={sessionEnded}>
              {t('connection.signInAgain')}
            </button>
          ) : status.closedCode === CloseCode.accessRevoked ? (
            // Reloading cannot bring access back.
            <Link to="/">{t('common.backHome')}</Link>
          ) : (
            <button type="button" className="button" onClick={() => window.location.reload()}>
              {t('common.reload')}
            </button>
          )}
        </div>
      )}
      {historyOpen && (
        <div id={historyId} className="item-view__history">
          <ChunkErrorBoundary fallback={() => <p role="alert">{t('group.chunkError')}</p>}>
            <Suspense fallback={<Loading label={t('common.loading')} />}>
              <HistoryPanel groupId={groupId} docName={docName} kind={kind} readOnly={readOnly} onClose={() => {
                  setHistoryOpen(false);
                  historyToggle.current?.focus();
                }} />
            </Suspense>
          </ChunkErrorBoundary>
        </div>
      )}
      {!lead && related(false)}
      {children}
    </section>
  );
}

/** The download of the open document: Markdown for pages and the notes, CSV for boards in the reader's language (docs/api.md). */
function exportHref(groupId: string, kind: Props['kind'], docName: string, lang: Language): string {
  if (kind === 'notes') return routeUrl(routes.exports.notes, { groupId });
  const params = { groupId, itemId: parseDocName(docName)?.itemId ?? '' };
  return kind === 'page' ? routeUrl(routes.exports.page, params) : routeUrl(routes.exports.board, params, { lang });
}
