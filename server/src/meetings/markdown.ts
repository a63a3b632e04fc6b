import type { Minutes } from '@samla/shared';
import { personName, type Language } from '../http/language.js';

export type MinutesLanguage = Language;
export { requestedLanguage } from '../http/language.js';

const words = {
  sv: {
    locale: 'sv-SE',
    facilitator: 'Samtalsledare',
    facilitators: 'Samtalsledare',
    attendees: 'Deltagare',
    withoutOrganisation: 'Utan organisation',
    agenda: 'Dagordning',
    spent: (spent: number, planned: number) => `${spent} min (planerat ${planned} min)`,
    decisions: 'Beslut',
    actionItems: 'Åtgärder',
    none: 'Inga.',
    due: (date: string) => `senast ${date}`,
    votes: 'Röstningar',
    round: (n: number, votes: number, voters: number) => `Omgång ${n}: ${votes} röster från ${voters} personer`,
    amendments: 'Kompletteringar',
    approved: (date: string) => `Godkänt ${date}.`,
    draft: (until: string) => `Utkast: kompletteringar kan göras till ${until}.`,
  },
  en: {
    locale: 'en-GB',
    facilitator: 'Facilitator',
    facilitators: 'Facilitators',
    attendees: 'Attendees',
    withoutOrganisation: 'Without organisation',
    agenda: 'Agenda',
    spent: (spent: number, planned: number) => `${spent} min (planned ${planned} min)`,
    decisions: 'Decisions',
    actionItems: 'Action items',
    none: 'None.',
    due: (date: string) => `by ${date}`,
    votes: 'Votes',
    round: (n: number, votes: number, voters: number) => `Round ${n}: ${votes} votes from ${voters} people`,
    amendments: 'Amendments',
    approved: (date: string) => `Approved ${date}.`,
    draft: (until: string) => `Draft: amendments until ${until}.`,
  },
} as const;

const line = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** Dates and times as the network reads them: in its time zone, in the reader's language. */
function clock(lang: MinutesLanguage, timeZone: string) {
  const { locale } = words[lang];
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const day = (iso: string) => date.format(new Date(iso));
  const at = (iso: string) => `${day(iso)} ${time.format(new Date(iso))}`;
  return {
    day,
    at,
    /** A range within one day names the day once. */
    range: (from: string, to: string) =>
      day(from) === day(to) ? `${day(from)}, ${time.format(new Date(from))}–${time.format(new Date(to))}` : `${at(from)} – ${at(to)}`,
    /** Part of a session: times only when it lies within one day, as a session mostly does. */
    span: (from: string, to: string) =>
      day(from) === day(to) ? `${time.format(new Date(from))}–${time.format(new Date(to))}` : `${at(from)} – ${at(to)}`,
    /** An action item's due date is a calendar date (YYYY-MM-DD) with no time zone of its own. */
    dueDate: (ymd: string) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${ymd}T00:00:00Z`)),
  };
}

/** The minutes as Markdown, for reading, mailing and archiving, in the reader's language and the network's time zone. */
export function minutesToMarkdown(m: Minutes, { lang, timeZone }: { lang: MinutesLanguage; timeZone: string }): string {
  const w = words[lang];
  const c = clock(lang, timeZone);
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const out: string[] = [`# ${line(m.title)}`, '', `${m.groupName}, ${c.range(m.startedAt, m.endedAt)}`, ''];
  const name = (n: string) => personName(n, lang);
  // One facilitator is named alone; after a hand-over each is named with the part they led.
  const { facilitators } = m;
  out.push(
    facilitators.length === 1
      ? `${w.facilitator}: ${name(facilitators[0]!.name)}`
      : `${w.facilitators}: ${facilitators.map((f) => `${name(f.name)} (${c.span(f.from, f.until)})`).join(', ')}`,
    '',
    `## ${w.attendees}`,
    '',
  );
  for (const g of m.attendees) out.push(`- **${g.organisationName ?? w.withoutOrganisation}**: ${g.people.map((p) => name(p.name)).join(', ')}`);
  out.push('', `## ${w.agenda}`, '');
  m.agenda.forEach((a, i) => out.push(`${i + 1}. ${line(a.title)}: ${w.spent(minutes(a.spentMs), a.timeboxMinutes)}`));
  out.push('', `## ${w.decisions}`, '');
  if (m.decisions.length === 0) out.push(w.none);
  for (const d of m.decisions) out.push(`- ${line(d.text)}`);
  out.push('', `## ${w.actionItems}`, '');
  if (m.actionItems.length === 0) out.push(w.none);
  for (const a of m.actionItems) out.push(`- ${line(a.text)} (${name(a.owner.name)}${a.due ? `, ${w.due(c.dueDate(a.due))}` : ''})`);
  if (m.voteResults.length > 0) {
    out.push('', `## ${w.votes}`);
    for (const r of m.voteResults) {
      out.push('', w.round(r.round, r.totalVotes, r.voters), '');
      r.ranking.forEach((x, i) => out.push(`${i + 1}. ${line(x.text) || x.stickyId}: ${x.votes}`));
    }
  }
  if (m.amendments.length > 0) {
    out.push('', `## ${w.amendments}`, '');
    for (const a of m.amendments) out.push(`- ${name(a.authorName)} (${c.at(a.createdAt)}): ${line(a.text)}`);
  }
  out.push('', m.approvedAt ? w.approved(c.day(m.approvedAt)) : w.draft(c.at(m.amendableUntil)));
  return out.join('\n') + '\n';
}
