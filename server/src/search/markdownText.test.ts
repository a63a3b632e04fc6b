import { describe, expect, it } from 'vitest';
import { markdownText } from './markdownText.js';

describe('markdownText', () => {
  it('keeps the words of minutes and drops the Markdown around them', () => {
    const md = [
      '# Möte om plast',
      '',
      '## Deltagare',
      '- **Stockholms stad**: Kim, Alex',
      '1. Läget: 5 min (planerat 10 min)',
      '- [x] Klart',
      '> Citat med [en länk](https://example.se) och `kod`',
      '---',
      'Pris 5\\*3 och _betoning_',
    ].join('\n');
    expect(markdownText(md).split('\n')).toEqual([
      'Möte om plast',
      'Deltagare',
      'Stockholms stad: Kim, Alex',
      'Läget: 5 min (planerat 10 min)',
      'Klart',
      'Citat med en länk och kod',
      'Pris 5*3 och betoning',
    ]);
  });
});
