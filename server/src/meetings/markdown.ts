import type { Minutes } from '@samla/shared';

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const line = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** The minutes as Markdown, for reading, mailing and archiving. Dates in UTC ISO form. */
export function minutesToMarkdown(m: Minutes): string {
  const out: string[] = [`# ${line(m.title)}`, '', `${m.groupName}, ${m.startedAt.slice(0, 10)}, ${m.startedAt.slice(11, 16)}–${m.endedAt.slice(11, 16)} UTC`, ''];
  out.push(`Facilitator: ${m.facilitator.name}`, '', '## Attendees', '');
  for (const g of m.attendees) out.push(`- **${g.organisationName ?? 'Without organisation'}**: ${g.people.map((p) => p.name).join(', ')}`);
  out.push('', '## Agenda', '');
  m.agenda.forEach((a, i) => out.push(`${i + 1}. ${line(a.title)}: ${minutes(a.spentMs)} of ${a.timeboxMinutes} min`));
  out.push('', '## Decisions', '');
  if (m.decisions.length === 0) out.push('None.');
  for (const d of m.decisions) out.push(`- ${line(d.text)}`);
  out.push('', '## Action items', '');
  if (m.actionItems.length === 0) out.push('None.');
  for (const a of m.actionItems) out.push(`- ${line(a.text)} (${a.owner.name}${a.due ? `, by ${a.due}` : ''})`);
  if (m.voteResults.length > 0) {
    out.push('', '## Votes');
    for (const r of m.voteResults) {
      out.push('', `Round ${r.round}: ${r.totalVotes} votes from ${r.voters} people`, '');
      r.ranking.forEach((x, i) => out.push(`${i + 1}. ${line(x.text) || x.stickyId}: ${x.votes}`));
    }
  }
  if (m.amendments.length > 0) {
    out.push('', '## Amendments', '');
    for (const a of m.amendments) out.push(`- ${a.authorName} (${a.createdAt.slice(0, 16).replace('T', ' ')}): ${line(a.text)}`);
  }
  out.push('', m.approvedAt ? `Approved ${m.approvedAt.slice(0, 10)}.` : `Draft: amendments until ${m.amendableUntil.slice(0, 16).replace('T', ' ')} UTC.`);
  return out.join('\n') + '\n';
}
