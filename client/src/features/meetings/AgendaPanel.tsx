import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoom } from './context';
import { spentOnCurrent } from './room';

const minutes = (ms: number) => Math.round(ms / 60_000);

/** The agenda with the current item marked and the time spent on each (the timer is in the room's bar). */
export function AgendaPanel() {
  const { t } = useTranslation();
  const { room } = useRoom();
  const { state, offset } = room;
  const live = state.status === 'live';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const id = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(id);
  }, [live]);
  const current = state.currentItem;

  return (
    <section className="room-panel" aria-labelledby="agenda-title">
      <h3 id="agenda-title">{t('meetings.agenda.title')}</h3>
      {state.agenda.length === 0 ? (
        <p className="muted">{t('meetings.agenda.empty')}</p>
      ) : (
        <ol className="agenda">
          {state.agenda.map((item, i) => {
            const isCurrent = i === current;
            const spent = isCurrent ? spentOnCurrent(state, now + offset) ?? 0 : item.spentMs;
            return (
              <li key={item.id} className={isCurrent ? 'agenda__item agenda__item--current' : 'agenda__item'} aria-current={isCurrent ? 'step' : undefined}>
                <span className="agenda__title">
                  {isCurrent && <span className="agenda__now">{t('meetings.agenda.now')} </span>}
                  {item.title}
                </span>
                <span className="agenda__time small muted">
                  {spent > 0
                    ? t('meetings.agenda.spentOf', { spent: minutes(spent), count: item.timeboxMinutes })
                    : t('meetings.agenda.timebox', { count: item.timeboxMinutes })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
