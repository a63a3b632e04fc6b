import { routes, type VersionInfo } from '@samla/shared';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useUser } from '../auth/AuthContext';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/errors';
import { CloseButton } from './CloseButton';
import { formatVersionTime, versionLabel } from './format';
import { useVersionDoc } from './useVersionDoc';

const NotesEditor = lazy(() => import('../notes/NotesEditor').then((m) => ({ default: m.NotesEditor })));
const BoardView = lazy(() => import('../board').then((m) => ({ default: m.BoardView })));

interface Props {
  groupId: string;
  version: VersionInfo;
  kind: 'notes' | 'page' | 'board';
  readOnly: boolean;
  onClose: () => void;
  onRestored: () => void;
  onError: (err: unknown) => void;
}

/**
 * One past version, read-only: its content fetched and applied to a fresh Y.Doc that nothing
 * syncs, shown with the same editor or board as the live document. Restore asks first.
 */
export default function VersionPreview({ groupId, version, kind, readOnly, onClose, onRestored, onError }: Props) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const ids = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [attempt, setAttempt] = useState(0);
  const loaded = useVersionDoc(groupId, version.id, attempt);
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const time = formatVersionTime(version.createdAt, currentLocale(i18n));

  // Opening a version moves focus to its heading; the preview follows the list.
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function restore() {
    setRestoring(true);
    try {
      await call(routes.history.restore, { params: { groupId, versionId: version.id } });
      onRestored();
    } catch (err) {
      setRestoring(false);
      setConfirming(false);
      onError(err);
    }
  }

  const cancel = () => {
    setConfirming(false);
    restoreRef.current?.focus();
  };

  return (
    <section
      className="history__preview"
      aria-labelledby={`${ids}title`}
      onKeyDown={(e) => {
        // Esc in the confirmation cancels it, not the whole panel.
        if (e.key === 'Escape' && confirming) {
          e.preventDefault();
          cancel();
        }
      }}
    >
      <div className="history__preview-header">
        <h4 id={`${ids}title`} ref={headingRef} tabIndex={-1}>
          {t('history.previewHeading', { label: versionLabel(t, version), time })}
        </h4>
        <CloseButton label={t('history.closePreview')} onClick={onClose} />
      </div>
      <p id={`${ids}note`} className="notice">
        {t('history.previewNote')}
      </p>

      {!readOnly && loaded.status === 'ok' && (
        <div className="history__restore">
          {confirming ? (
            <div role="group" aria-labelledby={`${ids}confirm`} className="history__confirm">
              <p id={`${ids}confirm`}>{t('history.restoreConfirm')}</p>
              <button ref={confirmRef} type="button" className="button button--primary" disabled={restoring} onClick={() => void restore()}>
                {restoring ? t('history.restoring') : t('history.restoreYes')}
              </button>
              <button type="button" className="button" disabled={restoring} onClick={cancel}>
                {t('history.cancel')}
              </button>
            </div>
          ) : (
            <button ref={restoreRef} type="button" className="button" onClick={() => setConfirming(true)}>
              {t('history.restore')}
            </button>
          )}
        </div>
      )}

      {loaded.status === 'loading' && <Loading label={t('history.previewLoading')} />}
      {loaded.status === 'error' && (
        <ErrorState title={t('history.previewError')} onRetry={() => setAttempt((n) => n + 1)}>
          <p>{errorMessage(t, loaded.error.code)}</p>
        </ErrorState>
      )}
      {loaded.status === 'ok' && (
        <div className="history__content">
          <Suspense fallback={<Loading label={t('history.previewLoading')} />}>
            {kind === 'board' ? (
              <BoardView doc={loaded.doc} awareness={null} user={user} readOnly />
            ) : (
              <NotesEditor
                doc={loaded.doc}
                provider={null}
                user={user}
                editable={false}
                labelledBy={`${ids}title`}
                describedBy={`${ids}note`}
              />
            )}
          </Suspense>
        </div>
      )}
    </section>
  );
}
