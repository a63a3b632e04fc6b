import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { personName } from '../../i18n/personName';
import { useRoom } from './context';
import { Hand } from 'lucide-react';

/** The speaking queue: who has the floor, the raised hands in order, and for the facilitator "call next". */
export function SpeakingQueue() {
  const { t } = useTranslation();
  const { room, facilitating, run } = useRoom();
  const { state, me } = room;

  return (
    <section className="room-queue" aria-labelledby="queue-title">
      <h3 id="queue-title">{t('meetings.queue.title')}</h3>
      <p data-testid="speaking">{state.speaking ? t('meetings.queue.speaking', { name: personName(t, state.speaking.name) }) : t('meetings.queue.nobody')}</p>
      {state.queue.length === 0 ? (
        <p className="muted small">{t('meetings.queue.empty')}</p>
      ) : (
        <ol className="queue" aria-label={t('meetings.queue.listLabel')}>
          {state.queue.map((q) => (
            <li key={q.userId}>{q.userId === me.userId ? t('meetings.queue.you', { name: q.name }) : personName(t, q.name)}</li>
          ))}
        </ol>
      )}
      {facilitating && (
        <button type="button" className="button button--small" disabled={state.queue.length === 0} onClick={() => void run('meeting:call-next', {})}>
          {t('meetings.queue.callNext')}
        </button>
      )}
    </section>
  );
}

/** Who is in the room: organisation, role, hand and whether they follow. */
export function ParticipantsPanel() {
  const { t } = useTranslation();
  const { room } = useRoom();
  const { state, present, me } = room;

  return (
      <section className="room-panel" aria-labelledby="present-title">
        <h3 id="present-title">{t('meetings.present.title', { count: present.length })}</h3>
        {present.length === 0 ? (
          <p className="muted">{t('meetings.present.empty')}</p>
        ) : (
          <ul className="present" data-testid="participants">
            {present.map((p) => (
              <li key={p.userId} className="present__person">
                <Avatar name={p.name} color={p.color} />
                <span className="present__text">
                  <span className="present__name">
                    {p.name}
                    {p.userId === me.userId && ` (${t('common.you')})`}
                  </span>
                  <span className="small muted">
                    {[p.organisationName ?? t('meetings.present.noOrganisation'), t(p.userId === state.facilitatorId ? 'meetings.present.facilitator' : `roles.${p.role}`)].join(' · ')}
                  </span>
                  {(p.handRaised || !p.following) && (
                    <span className="small">
                      {p.handRaised && <span className="present__flag"><Hand className="icon" aria-hidden size={16} strokeWidth={2.25} /> {t('meetings.present.hand')}</span>}
                      {!p.following && <span className="present__flag">{t('meetings.present.away')}</span>}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
  );
}
