import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../collab/useCollabDoc';

/** Distinct shapes per state, so the state never depends on colour alone. */
function Icon({ state }: { state: ConnectionState }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;
  switch (state) {
    case 'saved':
      // A tick in a filled circle.
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-4.8" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case 'syncing':
      // Two turning arrows.
      return (
        <svg {...common} className="connection__spin">
          <path d="M13 8a5 5 0 0 1-8.6 3.5M3 8a5 5 0 0 1 8.6-3.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
          <path d="M11.8 1.8v2.9H8.9M4.2 14.2v-2.9h2.9" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case 'offline':
      // A cloud, struck through.
      return (
        <svg {...common}>
          <path d="M4.5 12.5h7a2.8 2.8 0 0 0 .4-5.6A4 4 0 0 0 4.3 6.2 3.2 3.2 0 0 0 4.5 12.5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
          <path d="M2.5 2.5l11 11" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
  }
}

/**
 * "Offline – ändringarna sparas på den här enheten / Synkar… / Sparat" as a polite live region.
 * Saved means the server confirmed every change made here (see collab/saveState.ts).
 */
export function ConnectionStatus({ state, stopped }: { state: ConnectionState; stopped: boolean }) {
  const { t } = useTranslation();
  const shown = stopped ? 'offline' : state;
  return (
    <p className={`connection connection--${shown}`} role="status" data-state={shown} data-testid="connection-status">
      <Icon state={shown} />
      <span className="connection__text">{stopped ? t('connection.stopped') : t(`connection.${state}`)}</span>
    </p>
  );
}
