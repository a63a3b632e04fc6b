import type { TimerState } from '@samla/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { crossedMilestone, formatClock, remainingMs, timerPhase } from './timer';
import { AlarmClock } from 'lucide-react';

/**
 * The countdown of the current agenda item, from the server's end time corrected for this device's
 * clock offset. At 0:00 it turns into an alert state (and counts the overrun) but blocks nothing.
 * The visible clock is not a live region; crossing 5 minutes, 1 minute and 0:00 is announced politely.
 */
export function TimerDisplay({
  timer,
  offset,
  announce,
  onTimeUp,
}: {
  timer: TimerState | null;
  offset: number;
  announce: (text: string) => void;
  /** Called when a running timer reaches 0:00 here, with its end time (one key per expiry). */
  onTimeUp?: (endsAt: number) => void;
}) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const last = useRef<number | null>(null);

  useEffect(() => {
    if (timer?.status !== 'running') return;
    const id = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(id);
  }, [timer]);

  const remaining = remainingMs(timer, now, offset);
  const phase = timerPhase(timer, remaining);

  useEffect(() => {
    const milestone = crossedMilestone(last.current, remaining);
    last.current = remaining;
    if (milestone) announce(t(`meetings.timer.milestone.${milestone}`));
    if (milestone === 'timeUp' && timer?.status === 'running') onTimeUp?.(timer.endsAt);
  }, [remaining, announce, t, timer, onTimeUp]);

  return (
    <div className="timer" data-phase={phase} data-testid="meeting-timer">
      <span className="timer__label">{t('meetings.timer.label')}</span>
      {remaining === null ? (
        <span className="timer__clock timer__clock--idle">{t('meetings.timer.idle')}</span>
      ) : (
        <span className="timer__clock" role="timer">
          {formatClock(remaining)}
        </span>
      )}
      {phase === 'overrun' && (
        <span className="timer__state">
          <AlarmClock className="icon" aria-hidden size={16} strokeWidth={2.25} />
          {t('meetings.timer.timeUp')}
        </span>
      )}
      {phase === 'paused' && <span className="timer__state">{t('meetings.timer.paused')}</span>}
    </div>
  );
}
