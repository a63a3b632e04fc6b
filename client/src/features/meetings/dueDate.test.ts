import { describe, expect, it } from 'vitest';
import { formatDueDate } from './dueDate';

describe('due dates', () => {
  it('reads as a date in the reader’s language, on the same day in every time zone', () => {
    expect(formatDueDate('2026-12-01', 'en-GB')).toBe('1 Dec 2026');
    expect(formatDueDate('2026-12-01', 'sv-SE')).toBe('1 dec. 2026');
  });
});
