import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../collab/useCollabDoc';

/** Distinct shapes per state, so the state never depends on colour alone. */
function Icon({ state }: { state: ConnectionState }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;
  switch (state) {
    case 'online':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-4.8" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case 'connecting':
      return (
        <svg {...common} className="connection__spin">
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2" />
          <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
    case 'offline':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
  }
}

/** "Ansluter… / Ansluten / Frånkopplad" as a polite live region. */
export function ConnectionStatus({ state, stopped }: { state: ConnectionState; stopped: boolean }) {
  const { t } = useTranslation();
  return (
    <p className={`connection connection--${state}`} role="status" data-state={state} data-testid="connection-status">
      <Icon state={state} />
      <span className="connection__text">{stopped ? t('connection.stopped') : t(`connection.${state}`)}</span>
    </p>
  );
}
