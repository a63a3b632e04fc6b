import { describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  agendaMinutes,
  draftFromMeeting,
  draftToRequest,
  emptyDraft,
  moveAgendaItem,
  parseLink,
  removeAgendaItem,
  updateAgendaItem,
  type AgendaDraft,
  type MeetingDraft,
} from './agenda';

const rows = (...titles: string[]): AgendaDraft[] => titles.map((title) => ({ key: title, title, timeboxMinutes: '10', link: '' }));
const titles = (list: readonly AgendaDraft[]) => list.map((r) => r.title);

describe('agenda editing', () => {
  it('moves a row up and down and keeps its key', () => {
    const list = rows('a', 'b', 'c');
    expect(titles(moveAgendaItem(list, 2, -1))).toEqual(['a', 'c', 'b']);
    expect(titles(moveAgendaItem(list, 0, 1))).toEqual(['b', 'a', 'c']);
    expect(moveAgendaItem(list, 1, -1)[0]!.key).toBe('b');
  });

  it('does not move past either end', () => {
    const list = rows('a', 'b');
    expect(moveAgendaItem(list, 0, -1)).toBe(list);
    expect(moveAgendaItem(list, 1, 1)).toBe(list);
  });

  it('adds an empty row with a new key, removes and updates a row', () => {
    const added = addAgendaItem(rows('a'));
    expect(added).toHaveLength(2);
    expect(added[1]).toMatchObject({ title: '', timeboxMinutes: '10', link: '' });
    expect(added[1]!.key).not.toBe('a');
    expect(titles(removeAgendaItem(rows('a', 'b', 'c'), 1))).toEqual(['a', 'c']);
    expect(updateAgendaItem(rows('a', 'b'), 1, { timeboxMinutes: '25' })[1]).toMatchObject({ key: 'b', timeboxMinutes: '25' });
    expect(agendaMinutes([...rows('a', 'b'), { key: 'x', title: 'x', timeboxMinutes: 'nope', link: '' }])).toBe(20);
  });

  it('reads a link choice', () => {
    expect(parseLink('board:board-plast-ideer')).toEqual({ kind: 'board', itemId: 'board-plast-ideer' });
    expect(parseLink('page:abcdefgh')).toEqual({ kind: 'page', itemId: 'abcdefgh' });
    expect(parseLink('')).toBeNull();
  });
});

describe('the scheduling form', () => {
  const valid = (): MeetingDraft => ({
    title: ' Plastgruppen mars ',
    date: '2026-03-05',
    time: '13:30',
    durationMinutes: '90',
    place: '',
    videoUrl: 'https://meet.example.se/plast',
    agenda: [{ key: 'k', title: 'Idéer', timeboxMinutes: '20', link: 'board:board-plast-ideer' }],
  });

  it('builds the request with a local start time as an ISO instant', () => {
    const { request, errors } = draftToRequest(valid());
    expect(errors).toEqual({});
    expect(request).toEqual({
      title: 'Plastgruppen mars',
      startsAt: new Date(2026, 2, 5, 13, 30).toISOString(),
      durationMinutes: 90,
      place: null,
      videoUrl: 'https://meet.example.se/plast',
      agenda: [{ title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: 'board-plast-ideer' } }],
    });
  });

  it('names every invalid field, agenda rows by index', () => {
    const draft = { ...valid(), title: ' ', time: '', durationMinutes: '3', videoUrl: 'javascript:alert(1)' };
    draft.agenda = [...draft.agenda, { key: 'x', title: '', timeboxMinutes: '0', link: '' }];
    const { request, errors } = draftToRequest(draft);
    expect(request).toBeNull();
    expect(errors).toEqual({
      title: 'titleRequired',
      time: 'timeRequired',
      duration: 'durationInvalid',
      videoUrl: 'videoUrlInvalid',
      'agenda.1.title': 'itemTitleRequired',
      'agenda.1.timebox': 'timeboxInvalid',
    });
  });

  it('round-trips a scheduled session through the edit form', () => {
    const startsAt = new Date(2026, 2, 5, 13, 30).toISOString();
    const endsAt = new Date(2026, 2, 5, 15, 0).toISOString();
    const draft = draftFromMeeting({
      id: 'm1', groupId: 'plast', groupName: 'Plast', title: 'Mars', startsAt, endsAt, place: 'Rum 3', videoUrl: null,
      agenda: [{ id: 'a', title: 'Idéer', timeboxMinutes: 20, link: { kind: 'page', itemId: 'abcdefgh' }, spentMs: 0 }],
      status: 'scheduled', facilitatorId: 'u', createdBy: 'u', createdAt: startsAt, updatedAt: startsAt,
    });
    expect(draft).toMatchObject({ date: '2026-03-05', time: '13:30', durationMinutes: '90', place: 'Rum 3', videoUrl: '' });
    expect(draftToRequest(draft).request).toMatchObject({ startsAt, durationMinutes: 90, place: 'Rum 3', videoUrl: null });
  });

  it('starts a new session tomorrow at nine with one empty agenda row', () => {
    const draft = emptyDraft(new Date(2026, 0, 31, 17, 0));
    expect(draft).toMatchObject({ date: '2026-02-01', time: '09:00', durationMinutes: '60' });
    expect(draft.agenda).toHaveLength(1);
  });
});
