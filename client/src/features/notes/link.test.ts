import { describe, expect, it } from 'vitest';
import { isSafeLink, normalizeLink } from './link';

describe('links', () => {
  it('adds https:// or mailto: when the scheme is missing', () => {
    expect(normalizeLink('  miljopakten.se/plast ')).toBe('https://miljopakten.se/plast');
    expect(normalizeLink('kim@example.se')).toBe('mailto:kim@example.se');
    expect(normalizeLink('localhost:3000/x')).toBe('https://localhost:3000/x');
    expect(normalizeLink('http://example.se')).toBe('http://example.se/');
  });

  it('refuses scripts, data and other schemes, and empty input', () => {
    expect(normalizeLink('javascript:alert(1)')).toBeNull();
    expect(normalizeLink('JavaScript:alert(1)')).toBeNull();
    expect(normalizeLink('data:text/html,<script>')).toBeNull();
    expect(normalizeLink('ftp://example.se')).toBeNull();
    expect(normalizeLink('   ')).toBeNull();
    expect(normalizeLink('https://')).toBeNull();
    expect(isSafeLink('vbscript:x')).toBe(false);
    expect(isSafeLink('https://example.se')).toBe(true);
  });
});
