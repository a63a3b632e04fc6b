import type { TimerState } from '@samla/shared';

/**
 * The meeting timer on this device. The server sends absolute end times on its own clock with its
 * `serverNow`; the offset turns a local `Date.now()` into server time, so every screen shows the same
 * countdown however wrong its own clock is.
 */

/** Server clock minus local clock, measured when a state with `serverNow` arrives. */
export const clockOffset = (serverNow: number, receivedAt: number): number => serverNow - receivedAt;

/** Milliseconds left (negative when overrun), or null without a timer. */
export function remainingMs(timer: TimerState | null, localNow: number, offset: number): number | null {
  if (!timer) return null;
  if (timer.status === 'paused') return timer.remainingMs;
  return timer.endsAt - (localNow + offset);
}

export type TimerPhase = 'idle' | 'running' | 'paused' | 'overrun';

export function timerPhase(timer: TimerState | null, remaining: number | null): TimerPhase {
  if (!timer || remaining === null) return 'idle';
  if (remaining <= 0) return 'overrun';
  return timer.status;
}

/**
 * "m:ss" (or "h:mm:ss"), counting whole seconds up so that 0:00 shows only at the end. Overrun time
 * gets a minus sign (U+2212) and counts up from 0:00.
 */
export function formatClock(ms: number): string {
  const overrun = ms <= 0;
  const total = overrun ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const body = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return overrun && total > 0 ? `\u2212${body}` : body;
}

/** Whole minutes left, rounded up (for the spoken form). */
export const minutesLeft = (ms: number): number => Math.max(0, Math.ceil(ms / 60_000));

export type Milestone = 'fiveMinutes' | 'oneMinute' | 'timeUp';

const MILESTONES: [number, Milestone][] = [
  [5 * 60_000, 'fiveMinutes'],
  [60_000, 'oneMinute'],
  [0, 'timeUp'],
];

/**
 * The moment worth announcing to screen readers when the remaining time goes from `before` to
 * `after`: crossing 5 minutes, 1 minute or 0:00 (not every second). Only when time runs down by
 * itself: a jump up (+1 minute, a new timer) announces nothing here.
 */
export function crossedMilestone(before: number | null, after: number | null): Milestone | null {
  if (before === null || after === null || after >= before) return null;
  let crossed: Milestone | null = null;
  for (const [at, milestone] of MILESTONES) {
    if (before > at && after <= at) crossed = milestone;
  }
  return crossed;
}
