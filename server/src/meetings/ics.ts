import type { Meeting } from '@samla/shared';

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n|\r/g, '\\n');
}

/** Folds a content line at 75 octets (3.1), never inside a UTF-8 sequence; continuation lines start with a space. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** UTC DATE-TIME form, e.g. 20260305T120000Z. */
export const utc = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The VEVENT lines of one session. `url` is where the session opens in Samla. */
function vevent(m: Meeting, stamp: Date, url: string): string[] {
  const agenda = m.agenda.map((a, i) => `${i + 1}. ${a.title} (${a.timeboxMinutes} min)`).join('\n');
  const description = [`${m.groupName}`, m.videoUrl ? `Video: ${m.videoUrl}` : null, agenda ? `\n${agenda}` : null]
    .filter((x) => x !== null)
    .join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${m.id}@samla`,
    `DTSTAMP:${utc(stamp)}`,
    `DTSTART:${utc(new Date(m.startsAt))}`,
    `DTEND:${utc(new Date(m.endsAt))}`,
    `SUMMARY:${escapeText(m.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    ...(m.place || m.videoUrl ? [`LOCATION:${escapeText(m.place ?? m.videoUrl!)}`] : []),
    `URL:${url}`,
    `SEQUENCE:${Math.max(0, Math.floor((Date.parse(m.updatedAt) - Date.parse(m.createdAt)) / 1000))}`,
    `STATUS:${m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
  ];
}

function calendar(events: string[][], extra: string[] = []): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Samla//Sessions//SV', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', ...extra, ...events.flat(), 'END:VCALENDAR'];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** One session as an iCalendar object with one VEVENT. `url` is where the session opens in Samla. */
export function meetingToIcs(m: Meeting, opts: { stamp: Date; url: string }): string {
  return calendar([vevent(m, opts.stamp, opts.url)]);
}

/** A calendar feed: every session given, one VEVENT each, under the calendar name `name` (X-WR-CALNAME). */
export function meetingsToIcs(ms: Meeting[], opts: { stamp: Date; name: string; urlOf: (m: Meeting) => string }): string {
  return calendar(
    ms.map((m) => vevent(m, opts.stamp, opts.urlOf(m))),
    [`X-WR-CALNAME:${escapeText(opts.name)}`],
  );
}
