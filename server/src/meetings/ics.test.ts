import { describe, expect, it } from 'vitest';
import type { Meeting } from '@samla/shared';
import { parseIcs } from '../test/meetings.js';
import { escapeText, fold, meetingToIcs } from './ics.js';

const meeting: Meeting = {
  id: 'abc-123-def',
  groupId: 'plast',
  groupName: 'Plast',
  title: 'Möte; om, allt \\ inget',
  startsAt: '2026-03-05T12:00:00.000Z',
  endsAt: '2026-03-05T13:30:00.000Z',
  place: null,
  videoUrl: 'https://meet.example.se/rum?id=1,2',
  agenda: [{ id: 'a', title: 'Å'.repeat(60), timeboxMinutes: 10, link: null, spentMs: 0 }],
  status: 'cancelled',
  facilitatorId: 'u',
  createdBy: 'u',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

describe('iCalendar', () => {
  it('escapes text values', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds at 75 octets without splitting a character', () => {
    const folded = fold(`DESCRIPTION:${'ö'.repeat(100)}`);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`DESCRIPTION:${'ö'.repeat(100)}`);
  });

  it('writes a file the strict reader accepts, round-tripping every text', () => {
    const cal = parseIcs(meetingToIcs(meeting, { stamp: new Date('2026-03-02T08:09:10.500Z'), url: 'https://samla.example.se/m' }));
    const e = cal.components.find((c) => c.name === 'VEVENT')!;
    expect(e.props).toMatchObject({
      UID: 'abc-123-def@samla',
      DTSTAMP: '20260302T080910Z',
      DTSTART: '20260305T120000Z',
      DTEND: '20260305T133000Z',
      SUMMARY: meeting.title,
      LOCATION: meeting.videoUrl,
      STATUS: 'CANCELLED',
    });
    expect(e.props.DESCRIPTION).toContain(`1. ${'Å'.repeat(60)} (10 min)`);
  });

  it('the reader refuses what a calendar would refuse', () => {
    expect(() => parseIcs('BEGIN:VCALENDAR\nEND:VCALENDAR\n')).toThrow();
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')).toThrow(/UTC/);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nSUMMARY:a,b\r\nEND:VCALENDAR\r\n')).toThrow(/unescaped/);
  });
});
