import { FORMER_MEMBER, type Minutes } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { minutesToMarkdown } from './markdown.js';

const minutes: Minutes = {
  meetingId: 'm1',
  groupId: 'plast',
  groupName: 'Plast',
  title: 'Marsmötet',
  // 09:01–09:32 UTC is 10:01–10:32 in Stockholm (winter time).
  startedAt: '2026-03-05T09:01:00.000Z',
  endedAt: '2026-03-05T09:32:00.000Z',
  facilitator: { userId: 'u1', name: 'Fia' },
  facilitators: [{ userId: 'u1', name: 'Fia', from: '2026-03-05T09:01:00.000Z', until: '2026-03-05T09:32:00.000Z' }],
  attendees: [{ organisationId: null, organisationName: null, people: [{ userId: 'u2', name: 'Bo' }] }],
  agenda: [{ id: 'a1', title: 'Läget', timeboxMinutes: 10, spentMs: 60_000, link: null, snapshotId: null }],
  decisions: [],
  actionItems: [],
  voteResults: [],
  amendments: [],
  amendableUntil: '2026-03-07T09:32:00.000Z',
  approvedAt: null,
  approvedBy: null,
} as unknown as Minutes;

describe('minutes as Markdown', () => {
  it('in Swedish with Stockholm time, the date once for a same-day session', () => {
    const md = minutesToMarkdown(minutes, { lang: 'sv', timeZone: 'Europe/Stockholm' });
    expect(md).toContain('Plast, 5 mars 2026, 10:01–10:32\n');
    expect(md).toContain('Samtalsledare: Fia');
    expect(md).toContain('## Deltagare\n\n- **Utan organisation**: Bo');
    expect(md).toContain('1. Läget: 1 min (planerat 10 min)');
    expect(md).toContain('## Beslut\n\nInga.');
    expect(md).toContain('Utkast: kompletteringar kan göras till 7 mars 2026 10:32.');
    expect(md).not.toMatch(/UTC|Attendees|of 10 min/);
  });

  it('in English, in the configured time zone', () => {
    const md = minutesToMarkdown(minutes, { lang: 'en', timeZone: 'Europe/Stockholm' });
    expect(md).toContain('Plast, 5 March 2026, 10:01–10:32\n');
    expect(md).toContain('## Attendees\n\n- **Without organisation**: Bo');
    expect(md).toContain('1. Läget: 1 min (planned 10 min)');
    expect(md).toContain('Draft: amendments until 7 March 2026 10:32.');
    expect(minutesToMarkdown(minutes, { lang: 'en', timeZone: 'UTC' })).toContain('Plast, 5 March 2026, 09:01–09:32\n');
  });

  it('a session over midnight names both days', () => {
    const late = { ...minutes, startedAt: '2026-03-05T22:30:00.000Z', endedAt: '2026-03-05T23:30:00.000Z' };
    expect(minutesToMarkdown(late, { lang: 'sv', timeZone: 'Europe/Stockholm' })).toContain('Plast, 5 mars 2026 23:30 – 6 mars 2026 00:30\n');
  });

  // Fia led until 10:15, handed over to Karl-Johan, who handed back at 10:25; Karl-Johan's account is gone since.
  const handedOver: Minutes = {
    ...minutes,
    facilitator: { userId: 'u1', name: 'Fia' },
    facilitators: [
      { userId: 'u1', name: 'Fia', from: '2026-03-05T09:01:00.000Z', until: '2026-03-05T09:15:00.000Z' },
      { userId: 'u3', name: FORMER_MEMBER, from: '2026-03-05T09:15:00.000Z', until: '2026-03-05T09:25:00.000Z' },
      { userId: 'u1', name: 'Fia', from: '2026-03-05T09:25:00.000Z', until: '2026-03-05T09:32:00.000Z' },
    ],
  };

  it('names every facilitator of the session with the part each led, in Swedish', () => {
    const md = minutesToMarkdown(handedOver, { lang: 'sv', timeZone: 'Europe/Stockholm' });
    expect(md).toContain('Samtalsledare: Fia (10:01–10:15), tidigare medlem (10:15–10:25), Fia (10:25–10:32)\n');
    expect(md).not.toContain('former member');
  });

  it('names every facilitator in English', () => {
    const md = minutesToMarkdown(handedOver, { lang: 'en', timeZone: 'Europe/Stockholm' });
    expect(md).toContain('Facilitators: Fia (10:01–10:15), former member (10:15–10:25), Fia (10:25–10:32)\n');
  });
});
