import { describe, expect, it } from 'vitest';
import type { Meeting } from '@samla/shared';
import { escapeText, fold, meetingToIcs } from './ics.js';

export interface IcsComponent {
  name: string;
  props: Record<string, string>;
}

/**
 * A strict reader of the RFC 5545 subset we write: CRLF line ends, lines of at most 75 octets,
 * unfolding (3.1), BEGIN/END nesting, TEXT unescaping (3.3.11). Throws on anything else.
 */
export function parseIcs(text: string): { components: IcsComponent[] } {
  if (!text.endsWith('\r\n')) throw new Error('must end with CRLF');
  const raw = text.slice(0, -2).split('\r\n');
  for (const l of raw) {
    if (l.includes('\n') || l.includes('\r')) throw new Error('bare LF or CR');
    if (Buffer.byteLength(l) > 75) throw new Error(`line over 75 octets: ${l}`);
  }
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ') || l.startsWith('\t')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const stack: IcsComponent[] = [];
  const components: IcsComponent[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`not a content line: ${line}`);
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line.slice(colon + 1);
    if (!/^[A-Z-]+$/.test(name)) throw new Error(`bad name ${name}`);
    if (name === 'BEGIN') stack.push({ name: value, props: {} });
    else if (name === 'END') {
      const c = stack.pop();
      if (c?.name !== value) throw new Error(`END:${value} does not close ${c?.name}`);
      components.push(c);
    } else {
      const current = stack.at(-1);
      if (!current) throw new Error(`${name} outside a component`);
      if (/(^|[^\\])(\\\\)*[;,]/.test(value) && ['SUMMARY', 'DESCRIPTION', 'LOCATION'].includes(name)) {
        throw new Error(`unescaped separator in ${name}`);
      }
      current.props[name] = value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
    }
  }
  if (stack.length > 0) throw new Error('unclosed component');
  const cal = components.at(-1);
  if (cal?.name !== 'VCALENDAR' || cal.props.VERSION !== '2.0' || !cal.props.PRODID) throw new Error('not a VCALENDAR 2.0');
  for (const e of components.filter((x) => x.name === 'VEVENT')) {
    for (const p of ['UID', 'DTSTAMP', 'DTSTART']) if (!e.props[p]) throw new Error(`VEVENT without ${p}`);
    for (const p of ['DTSTAMP', 'DTSTART', 'DTEND']) if (e.props[p] && !/^\d{8}T\d{6}Z$/.test(e.props[p]!)) throw new Error(`${p} is not UTC`);
  }
  return { components };
}

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
