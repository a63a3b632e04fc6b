import { routes, routeUrl } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { itemKind, relatedCount, rememberOpen, storedOpen } from './model';

describe('related model', () => {
  it('asks the related route with the item and its kind', () => {
    const url = (groupId: string, item: string, kind: 'page' | 'board') => routeUrl(routes.search.related, { groupId }, { item, kind });
    expect(url('plast', 'sida-0001', 'page')).toBe('/api/groups/plast/related?item=sida-0001&kind=page');
    expect(url('plast', 'tavla-0001', 'board')).toBe('/api/groups/plast/related?item=tavla-0001&kind=board');
  });

  it('counts sessions and items together', () => {
    expect(relatedCount({ sessions: [], items: [] })).toBe(0);
    expect(relatedCount({ sessions: [{} as never], items: [{} as never, {} as never] })).toBe(3);
  });

  it('tells stickies from boards and pages', () => {
    expect(itemKind({ kind: 'board', subId: 'lapp-1' })).toBe('sticky');
    expect(itemKind({ kind: 'board', subId: '' })).toBe('board');
    expect(itemKind({ kind: 'page', subId: '' })).toBe('page');
  });

  it('remembers whether the panel is open, closed when nothing is stored or storage fails', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    expect(storedOpen(storage)).toBe(false);
    rememberOpen(true, storage);
    expect(storedOpen(storage)).toBe(true);
    rememberOpen(false, storage);
    expect(storedOpen(storage)).toBe(false);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(storedOpen(broken)).toBe(false);
    expect(() => rememberOpen(true, broken)).not.toThrow();
  });
});
