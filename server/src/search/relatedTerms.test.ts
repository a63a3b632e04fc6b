import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../storage/store.js';
import { groupRelated, keyTerms, MAX_PER_ITEM, sessionOf } from './related.js';

describe('keyTerms', () => {
  it('takes the title words first, then the most frequent words of the text, without stop words, one form of each word', () => {
    expect(keyTerms('Plastpåsar i butiken', 'Hur får vi bort plastpåsarna vid kassan? Kassan och plastpåsarna. Kassan!')).toEqual([
      'plastpåsar',
      'butiken',
      'kassan',
      'bort',
    ]);
  });

  it('never offers a Swedish stop word such as "för" as a shared term', () => {
    expect(keyTerms('Förslag för insamling', 'För många för få. Insamling för alla, för plast.')).toEqual(['förslag', 'insamling', 'plast']);
  });

  it('drops short words and bare numbers, folds case, and caps the number of words', () => {
    expect(keyTerms('Mål 2030', 'CO2 är en gas. Gas, gas och EU.')).toEqual(['mål', 'gas', 'co2']);
    const many = Array.from({ length: 30 }, (_, i) => `ord${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    expect(keyTerms('', many, 12)).toHaveLength(12);
  });

  it('breaks ties by length, then alphabetically, so the same text gives the same words', () => {
    expect(keyTerms('', 'beta alfa gamma deltat')).toEqual(['deltat', 'gamma', 'alfa', 'beta']);
    expect(keyTerms('', 'gamma deltat alfa beta')).toEqual(['deltat', 'gamma', 'alfa', 'beta']);
  });

  it('gives nothing for an untitled empty item', () => {
    expect(keyTerms('', '')).toEqual([]);
    expect(keyTerms('Och så', 'i på av')).toEqual([]);
  });
});

describe('sessionOf', () => {
  const hit = (kind: SearchHit['kind'], itemId: string, link: string) => ({ groupId: 'plast', kind, itemId, link });
  it('is the item of minutes, decisions and action items', () => {
    expect(sessionOf(hit('decision', 'mote-1', '/groups/plast/sessions/mote-1'))).toBe('mote-1');
    expect(sessionOf(hit('minutes', 'mote-1', '/groups/plast/sessions/mote-1'))).toBe('mote-1');
  });
  it('is the linked session of a frozen page or sticky, and null for live ones', () => {
    expect(sessionOf(hit('board', 'version-1', '/groups/plast/sessions/mote-2?snapshot=version-1&sticky=s1'))).toBe('mote-2');
    expect(sessionOf(hit('board', 'tavla-1', '/groups/plast/boards/tavla-1?sticky=s1'))).toBeNull();
    expect(sessionOf(hit('page', 'sida-1', '/groups/plast/pages/sida-1'))).toBeNull();
    // Another group's session path is not this hit's session.
    expect(sessionOf(hit('page', 'v', '/groups/energi/sessions/mote-3'))).toBeNull();
  });
});

describe('groupRelated', () => {
  const at = new Date('2026-03-01T10:00:00Z');
  const h = (over: Partial<SearchHit> & Pick<SearchHit, 'kind' | 'itemId'>): SearchHit => ({
    groupId: 'plast',
    subId: '',
    title: 'T',
    section: null,
    text: '',
    link: `/groups/${over.groupId ?? 'plast'}/pages/${over.itemId}`,
    updatedAt: at,
    origin: null,
    snippet: { text: '', highlights: [] },
    copies: [],
    ...over,
  });
  const groups = new Map([['plast', 'Plast']]);
  const meetings = new Map([
    ['m1', { id: 'm1', groupId: 'plast', title: 'Mars', startsAt: Date.parse('2026-03-05T12:00:00Z') }],
    ['m2', { id: 'm2', groupId: 'plast', title: 'April', startsAt: Date.parse('2026-04-05T12:00:00Z') }],
    ['m3', { id: 'm3', groupId: 'energi', title: 'Energi', startsAt: 0 }],
  ]);

  it('groups session hits by session in the order of their best hit, and keeps pages and stickies apart', () => {
    const out = groupRelated(
      [
        h({ kind: 'decision', itemId: 'm2', subId: 'd1' }),
        h({ kind: 'page', itemId: 'sida-1' }),
        h({ kind: 'minutes', itemId: 'm1' }),
        h({ kind: 'action', itemId: 'm2', subId: 'a1' }),
        h({ kind: 'board', itemId: 'v1', subId: 's1', link: '/groups/plast/sessions/m1?snapshot=v1&sticky=s1' }),
      ],
      groups,
      meetings,
      5,
    );
    expect(out.sessions.map((s) => [s.meetingId, s.title, s.date, s.link, s.matches.map((m) => m.kind)])).toEqual([
      ['m2', 'April', '2026-04-05T12:00:00.000Z', '/groups/plast/sessions/m2', ['decision', 'action']],
      ['m1', 'Mars', '2026-03-05T12:00:00.000Z', '/groups/plast/sessions/m1', ['minutes', 'board']],
    ]);
    expect(out.items.map((i) => i.itemId)).toEqual(['sida-1']);
  });

  it('drops hits of other groups, of unknown sessions and of sessions in another group, and the group notes', () => {
    const out = groupRelated(
      [
        h({ groupId: 'energi', kind: 'page', itemId: 'hemlig' }),
        h({ kind: 'decision', itemId: 'borta' }),
        h({ kind: 'decision', itemId: 'm3' }),
        h({ kind: 'notes', itemId: '' }),
      ],
      groups,
      meetings,
      5,
    );
    expect(out).toEqual({ sessions: [], items: [] });
  });

  it('caps each list at the limit and each page or board at MAX_PER_ITEM entries', () => {
    const stickies = Array.from({ length: 4 }, (_, i) => h({ kind: 'board', itemId: 'tavla', subId: `s${i}` }));
    const out = groupRelated([...stickies, h({ kind: 'page', itemId: 'a' }), h({ kind: 'page', itemId: 'b' }), h({ kind: 'page', itemId: 'c' })], groups, meetings, 3);
    expect(out.items.map((i) => `${i.itemId}${i.subId}`)).toEqual([...stickies.slice(0, MAX_PER_ITEM).map((s) => `tavla${s.subId}`), 'a']);
    const sessions = groupRelated([h({ kind: 'decision', itemId: 'm1' }), h({ kind: 'decision', itemId: 'm2' })], groups, meetings, 1);
    expect(sessions.sessions.map((s) => s.meetingId)).toEqual(['m1']);
  });
});
