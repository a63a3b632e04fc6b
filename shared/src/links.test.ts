import { describe, expect, it } from 'vitest';
import { isSafeLinkHref } from './links.js';

describe('isSafeLinkHref', () => {
  it('allows web pages and e-mail, in any case and with surrounding whitespace', () => {
    for (const href of ['http://example.se', 'https://example.se/plast?x=1#y', 'HTTPS://EXAMPLE.SE', 'mailto:kim@example.se', ' https://example.se\n']) {
      expect(isSafeLinkHref(href), href).toBe(true);
    }
  });

  it('refuses scripts, data, other schemes and relative junk, however they are spelled', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      '\u0000javascript:alert(1)',
      'java\nscript:alert(1)',
      'java\tscript:alert(1)',
      'java\rscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.se',
      '//example.se',
      '/relative/path',
      'example.se',
      '#top',
      'https://',
      'mailto:',
      '',
      '   ',
    ]) {
      expect(isSafeLinkHref(href), JSON.stringify(href)).toBe(false);
    }
  });

  it('judges a relative target by where it leads from the base, and a scheme by itself', () => {
    const base = 'https://samla.example/groups/plast';
    expect(isSafeLinkHref('www.example.se', base)).toBe(true);
    expect(isSafeLinkHref('/groups/plast/pages/x', base)).toBe(true);
    for (const href of ['javascript:alert(1)', 'java\tscript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'ftp://example.se']) {
      expect(isSafeLinkHref(href, base), JSON.stringify(href)).toBe(false);
    }
  });
});
