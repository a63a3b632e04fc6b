import { describe, expect, it } from 'vitest';
import { isAllowedLinkTarget, parseLinkInput } from './link';

const BASE = 'https://samla.example/groups/plast';

describe('links', () => {
  it('adds https:// or mailto: when the scheme is missing', () => {
    expect(parseLinkInput('  miljopakten.se/plast ')).toEqual({ href: 'https://miljopakten.se/plast' });
    expect(parseLinkInput('kim@example.se')).toEqual({ href: 'mailto:kim@example.se' });
    expect(parseLinkInput('localhost:3000/x')).toEqual({ href: 'https://localhost:3000/x' });
    expect(parseLinkInput('http://example.se')).toEqual({ href: 'http://example.se/' });
  });

  it('refuses scripts, data and other schemes however they are spelled, and tells them from malformed input', () => {
    for (const input of ['javascript:alert(1)', 'JavaScript:alert(1)', ' java\tscript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'ftp://example.se']) {
      expect(parseLinkInput(input), JSON.stringify(input)).toEqual({ error: 'refused' });
    }
    for (const input of ['   ', 'https://', 'https://exa mple.se']) {
      expect(parseLinkInput(input), JSON.stringify(input)).toEqual({ error: 'invalid' });
    }
  });

  it('lets Tiptap autolink addresses typed without a scheme but never keep a script link', () => {
    expect(isAllowedLinkTarget('www.example.se', BASE)).toBe(true);
    expect(isAllowedLinkTarget('https://example.se', BASE)).toBe(true);
    expect(isAllowedLinkTarget('kim@example.se', BASE)).toBe(true);
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://example.se']) {
      expect(isAllowedLinkTarget(url, BASE), JSON.stringify(url)).toBe(false);
    }
  });
});
