import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { useRoom } from './context';
import { Hand } from 'lucide-react';

/** Who is in the room (organisation, role, hand, following), the speaking queue, and one's own hand. */
export function ParticipantsPanel() {
  const { t } = useTranslation();
  const { room, participating, facilitating, run } = useRoom();
  const { state, present, me } = room;
  const raised = state.queue.some((q) => q.userId === me.userId);
  const position = state.queue.findIndex((q) => q.userId === me.userId) + 1;

  return (
    <>
      <section className="room-panel" aria-labelledby="queue-title">
        <h3 id="queue-title">{t('meetings.queue.title')}</h3>
        <p data-testid="speaking">{state.speaking ? t('meetings.queue.speaking', { name: state.speaking.name }) : t('meetings.queue.nobody')}</p>
        {state.queue.length === 0 ? (
          <p className="muted small">{t('meetings.queue.empty')}</p>
        ) : (
          <ol className="queue" aria-label={t('meetings.queue.listLabel')}>
            {state.queue.map((q) => (
              <li key={q.userId}>{q.userId === me.userId ? t('meetings.queue.you', { name: q.name }) : q.name}</li>
            ))}
          </ol>
        )}
        {participating && (
          <button
            type="button"
            className={raised ? 'button' : 'button button--primary'}
            aria-pressed={raised}
            onClick={() => void run('meeting:hand', { raised: !raised }, raised ? t('meetings.queue.lowered') : t('meetings.queue.raised'))}
          >
            <Hand className="icon" aria-hidden size={16} strokeWidth={2.25} />
            {raised ? t('meetings.queue.lower') : t('meetings.queue.raise')}
          </button>
        )}
        {raised && <p className="small">{t('meetings.queue.position', { position })}</p>}
        {facilitating && (
          <button type="button" className="button" disabled={state.queue.length === 0} onClick={() => void run('meeting:call-next', {})}>
            {t('meetings.queue.callNext')}
          </button>
        )}
      </section>

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
    </>
  );
}
