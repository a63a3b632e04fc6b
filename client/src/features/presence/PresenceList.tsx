import type { PublicUser } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { errorMessage } from '../../i18n/errors';
import type { PresenceStatus } from './usePresence';

/** "Here now": avatars with initials; each person's full name is in the accessible text and tooltip. */
export function PresenceList({ status, me }: { status: PresenceStatus; me: PublicUser }) {
  const { t } = useTranslation();
  return (
    <div className="presence">
      <h2 id="presence-title" className="presence__title">
        {t('presence.title')}
      </h2>
      {status.state === 'connecting' && <p className="muted small">{t('presence.connecting')}</p>}
      {status.state === 'error' && (
        <p className="muted small">
          {t('presence.error')} {status.code !== 'forbidden' && errorMessage(t, status.code)}
        </p>
      )}
      {status.state === 'ready' && (
        <>
          <p className="visually-hidden" aria-live="polite">
            {t('presence.count', { count: status.present.length })}
          </p>
          <ul className="presence__list">
            {status.present.map((p) => {
              const self = p.userId === me.id;
              const label = self ? `${p.name} (${t('common.you')})` : p.name;
              return (
                <li key={p.userId} className="presence__person" title={label} data-user-id={p.userId}>
                  <Avatar name={p.name} color={p.color} />
                  <span className="presence__name">{label}</span>
                </li>
              );
            })}
          </ul>
          {status.present.length <= 1 && <p className="muted small">{t('presence.alone')}</p>}
        </>
      )}
    </div>
  );
}
