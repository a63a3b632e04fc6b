import { routes, type VersionInfo } from '@samla/shared';
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, toApiError } from '../../api';
import { ChunkErrorBoundary } from '../../components/ChunkErrorBoundary';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/errors';
import { useAuth } from '../auth/AuthContext';
import { CloseButton } from './CloseButton';
import { contributorsText, formatVersionTime, versionLabel } from './format';
import './history.css';
import { Star } from 'lucide-react';

// The editor or the board for a preview loads only when someone opens a version.
const VersionPreview = lazy(() => import('./VersionPreview'));

export interface HistoryPanelProps {
  groupId: string;
  docName: string;
  kind: 'notes' | 'page' | 'board';
  /** Observers and read-only sessions see and open versions, but cannot save or restore. */
  readOnly: boolean;
  /** Close the panel; the caller returns focus to its toggle. */
  onClose: () => void;
}

type Notice = { kind: 'status' | 'error'; text: string } | null;

/**
 * Version history of one document, as a non-modal panel: the versions newest first, a form to
 * save a named version, a read-only preview of any version, and restore (which the server
 * applies as a new change, so the live document updates through Yjs). Esc closes it.
 */
export function HistoryPanel({ groupId, docName, kind, readOnly, onClose }: HistoryPanelProps) {
  const { t, i18n } = useTranslation();
  const { sessionEnded } = useAuth();
  const locale = currentLocale(i18n);
  const ids = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const list = useRoute(routes.history.list, { params: { groupId }, query: { doc: docName } });
  const [selected, setSelected] = useState<VersionInfo | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  // Opening the panel moves focus into it, so keyboard and screen-reader users land here.
  useEffect(() => headingRef.current?.focus(), []);

  const failed = (err: unknown, key: 'history.saveError' | 'history.restoreError') => {
    const error = toApiError(err);
    if (error.code === 'unauthenticated') sessionEnded();
    setNotice({ kind: 'error', text: t(key, { message: errorMessage(t, error.code) }) });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    onClose();
  };

  return (
    <section className="history" aria-labelledby={`${ids}title`} onKeyDown={onKeyDown}>
      <div className="history__header">
        <h3 id={`${ids}title`} ref={headingRef} tabIndex={-1}>
          {t('history.title')}
        </h3>
        <CloseButton label={t('history.close')} onClick={onClose} />
      </div>

      {!readOnly && (
        <SaveVersionForm
          groupId={groupId}
          docName={docName}
          onSaved={(version) => {
            setNotice({ kind: 'status', text: t('history.saved', { name: version.name ?? '' }) });
            list.reload();
          }}
          onError={(err) => failed(err, 'history.saveError')}
          onStart={() => setNotice(null)}
        />
      )}

      <p className="history__notice" role="status">
        {notice?.kind === 'status' ? notice.text : ''}
      </p>
      {notice?.kind === 'error' && (
        <p className="form-error" role="alert">
          {notice.text}
        </p>
      )}

      {list.status === 'loading' && <Loading label={t('history.loading')} />}
      {list.status === 'error' && (
        <ErrorState title={t('history.loadError')} onRetry={list.reload}>
          <p>{errorMessage(t, list.error.code)}</p>
        </ErrorState>
      )}
      {list.status === 'ok' && list.data.versions.length === 0 && (
        <EmptyState title={t('history.empty')}>
          <p>{t('history.emptyText')}</p>
        </EmptyState>
      )}
      {list.status === 'ok' && list.data.versions.length > 0 && (
        <ol className="history__list" aria-label={t('history.listLabel')}>
          {list.data.versions.map((v) => {
            const label = versionLabel(t, v);
            const time = formatVersionTime(v.createdAt, locale);
            const current = selected?.id === v.id;
            return (
              <li key={v.id} className={`history__item${current ? ' history__item--current' : ''}`}>
                <div className="history__meta">
                  <span className="history__label">
                    {v.reason === 'named' ? <Star className="history__badge icon" aria-hidden size={14} /> : null}
                    {label}
                  </span>
                  <time dateTime={v.createdAt} className="muted small">
                    {time}
                  </time>
                  {v.reason === 'session-end' && <span className="muted small">{t('history.reason.session-end')}</span>}
                  <span className="muted small">{contributorsText(t, v, locale)}</span>
                </div>
                <button
                  type="button"
                  className="button button--small"
                  aria-pressed={current}
                  onClick={() => {
                    setNotice(null);
                    setSelected(current ? null : v);
                  }}
                >
                  {current ? t('history.showing') : t('history.show')}
                  <span className="visually-hidden">
                    {': '}
                    {label}, {time}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}

      {selected && (
        <ChunkErrorBoundary fallback={() => <p role="alert">{t('group.chunkError')}</p>}>
          <Suspense fallback={<Loading label={t('history.previewLoading')} />}>
            <VersionPreview
              key={selected.id}
              groupId={groupId}
              version={selected}
              kind={kind}
              readOnly={readOnly}
              onClose={() => setSelected(null)}
              onRestored={() => {
                setNotice({ kind: 'status', text: t('history.restored', { time: formatVersionTime(selected.createdAt, locale) }) });
                setSelected(null);
                list.reload();
                headingRef.current?.focus();
              }}
              onError={(err) => failed(err, 'history.restoreError')}
            />
          </Suspense>
        </ChunkErrorBoundary>
      )}
    </section>
  );
}

function SaveVersionForm({
  groupId,
  docName,
  onSaved,
  onError,
  onStart,
}: {
  groupId: string;
  docName: string;
  onSaved: (version: VersionInfo) => void;
  onError: (err: unknown) => void;
  onStart: () => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    onStart();
    try {
      const { version } = await call(routes.history.create, { params: { groupId }, body: { doc: docName, name: trimmed } });
      setName('');
      onSaved(version);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="history__save" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}heading`}>
      <h4 id={`${ids}heading`} className="visually-hidden">
        {t('history.saveHeading')}
      </h4>
      <div className="field">
        <label htmlFor={`${ids}name`}>{t('history.nameLabel')}</label>
        <input
          id={`${ids}name`}
          value={name}
          maxLength={120}
          required
          autoComplete="off"
          aria-describedby={`${ids}hint`}
          onChange={(e) => setName(e.target.value)}
        />
        <p id={`${ids}hint`} className="field__hint">
          {t('history.nameHint')}
        </p>
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('history.saving') : t('history.save')}
      </button>
    </form>
  );
}
