import { describe, expect, it } from 'vitest';
import { isGroupId, slugFromName } from './slug';

describe('slugFromName', () => {
  it('folds Swedish letters and joins words with hyphens', () => {
    expect(slugFromName('Mat & klimat')).toBe('mat-klimat');
    expect(slugFromName('Återbruk och ÖVRIGT i Täby')).toBe('aterbruk-och-ovrigt-i-taby');
    expect(slugFromName('  --Plast!  ')).toBe('plast');
  });

  it('always gives a valid id for names with a letter or digit, and nothing for names without', () => {
    for (const name of ['Grön omställning 2030', 'É'.repeat(80), 'a b c', 'Ånge – Ö']) {
      expect(isGroupId(slugFromName(name)), name).toBe(true);
    }
    expect(slugFromName('!!! ???')).toBe('');
  });
});

describe('isGroupId', () => {
  it('follows the server rule', () => {
    expect(isGroupId('plast')).toBe(true);
    expect(isGroupId('mat-och-klimat')).toBe(true);
    expect(isGroupId('Plast')).toBe(false);
    expect(isGroupId('-plast')).toBe(false);
    expect(isGroupId('plåst')).toBe(false);
    expect(isGroupId('')).toBe(false);
  });
});
