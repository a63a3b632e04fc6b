import { describe, expect, it } from 'vitest';
import { clockOffset, crossedMilestone, formatClock, minutesLeft, remainingMs, timerPhase } from './timer';

describe('meeting timer', () => {
  it('corrects the end time for the offset between the server clock and this one', () => {
    // This device's clock is 3 s behind the server.
    const offset = clockOffset(1_000_003_000, 1_000_000_000);
    expect(offset).toBe(3000);
    const timer = { status: 'running' as const, durationMs: 60_000, endsAt: 1_000_063_000 };
    expect(remainingMs(timer, 1_000_000_000, offset)).toBe(60_000);
    expect(remainingMs(timer, 1_000_060_000, offset)).toBe(0);
    expect(remainingMs(timer, 1_000_070_000, offset)).toBe(-10_000);
  });

  it('shows what a paused timer had left, whatever the clocks say', () => {
    expect(remainingMs({ status: 'paused', durationMs: 60_000, remainingMs: 12_000 }, 5, 99_999)).toBe(12_000);
    expect(remainingMs(null, 5, 0)).toBeNull();
  });

  it('tells running, paused, overrun and idle apart', () => {
    const running = { status: 'running' as const, durationMs: 1, endsAt: 0 };
    expect(timerPhase(running, 500)).toBe('running');
    expect(timerPhase(running, 0)).toBe('overrun');
    expect(timerPhase({ status: 'paused', durationMs: 1, remainingMs: -5 }, -5)).toBe('overrun');
    expect(timerPhase({ status: 'paused', durationMs: 1, remainingMs: 5 }, 5)).toBe('paused');
    expect(timerPhase(null, null)).toBe('idle');
  });

  it('formats the countdown, rounding up so 0:00 appears only at the end, and overrun with a minus', () => {
    expect(formatClock(5 * 60_000)).toBe('5:00');
    expect(formatClock(59_001)).toBe('1:00');
    expect(formatClock(1)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-999)).toBe('0:00');
    expect(formatClock(-42_000)).toBe('\u22120:42');
    expect(formatClock(2 * 3600_000 + 5_000)).toBe('2:00:05');
    expect(minutesLeft(61_000)).toBe(2);
    expect(minutesLeft(-3)).toBe(0);
  });

  it('announces only when 5 minutes, 1 minute or 0:00 is crossed while counting down', () => {
    expect(crossedMilestone(300_500, 299_500)).toBe('fiveMinutes');
    expect(crossedMilestone(299_500, 298_500)).toBeNull();
    expect(crossedMilestone(60_400, 59_400)).toBe('oneMinute');
    expect(crossedMilestone(400, -600)).toBe('timeUp');
    expect(crossedMilestone(-600, -1600)).toBeNull();
    // A jump past several (the tab slept) announces the latest one only.
    expect(crossedMilestone(400_000, -1)).toBe('timeUp');
    // Adding a minute or starting a timer is not a milestone.
    expect(crossedMilestone(30_000, 90_000)).toBeNull();
    expect(crossedMilestone(null, 90_000)).toBeNull();
  });
});
