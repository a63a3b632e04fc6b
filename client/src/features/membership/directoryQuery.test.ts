import { describe, expect, it } from 'vitest';
import { filterSearch, hasFilters, readFilters } from './directoryQuery';

describe('directory filters', () => {
  it('read missing filters as empty', () => {
    expect(readFilters(new URLSearchParams('group=plast'))).toEqual({ q: '', municipality: '', group: 'plast' });
  });

  it('write only the filters in use, trimmed and encoded', () => {
    expect(filterSearch({ q: '  gröna ', municipality: 'Upplands Väsby', group: '' })).toBe(
      '?q=gr%C3%B6na&municipality=Upplands+V%C3%A4sby',
    );
    expect(filterSearch({ q: ' ', municipality: '', group: '' })).toBe('');
  });

  it('round-trip through a URL', () => {
    const filters = { q: 'Å&Ö', municipality: 'Solna', group: 'plast' };
    expect(readFilters(new URLSearchParams(filterSearch(filters)))).toEqual(filters);
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters({ q: '', municipality: '', group: '' })).toBe(false);
  });
});
