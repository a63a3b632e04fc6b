import { describe, expect, it } from 'vitest';
import { startOfDay } from './time.js';

describe('startOfDay', () => {
  it('is local midnight in the zone, in winter and in summer', () => {
    expect(startOfDay('2026-01-15', 'Europe/Stockholm').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDay('2026-07-01', 'Europe/Stockholm').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDay('2026-07-01', 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('counts days across a month, a year and the days the clocks change', () => {
    expect(startOfDay('2026-12-31', 'Europe/Stockholm', 1).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    // 29 March 2026: clocks go forward at 02:00, so the day has 23 hours.
    expect(startOfDay('2026-03-29', 'Europe/Stockholm').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-29', 'Europe/Stockholm', 1).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: back at 03:00, 25 hours.
    expect(startOfDay('2026-10-25', 'Europe/Stockholm').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDay('2026-10-25', 'Europe/Stockholm', 1).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfDay('2026-03-01', 'America/New_York').toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });
});
