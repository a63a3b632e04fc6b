import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it('takes the first letters of the first and last names', () => {
    expect(initials('Kim Koordinator')).toBe('KK');
    expect(initials('  anna maria  lind ')).toBe('AL');
    expect(initials('Åsa Öberg')).toBe('ÅÖ');
  });

  it('copes with one word and with nothing', () => {
    expect(initials('Bo')).toBe('BO');
    expect(initials('')).toBe('?');
  });
});
