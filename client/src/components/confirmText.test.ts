import { describe, expect, it } from 'vitest';
import { confirmTextMatches } from './confirmText';

describe('confirmTextMatches', () => {
  it('accepts the expected text regardless of case and surrounding or repeated spaces', () => {
    expect(confirmTextMatches('  Kim@Example.se ', 'kim@example.se')).toBe(true);
    expect(confirmTextMatches('Grön  Stad   AB', 'Grön Stad AB')).toBe(true);
    expect(confirmTextMatches('ÅKERI ÖST', 'åkeri öst')).toBe(true);
  });

  it('refuses anything else, and never matches an empty expectation', () => {
    expect(confirmTextMatches('kim@example.s', 'kim@example.se')).toBe(false);
    expect(confirmTextMatches('Grön Stad', 'Grön Stad AB')).toBe(false);
    expect(confirmTextMatches('', '')).toBe(false);
    expect(confirmTextMatches(' ', ' ')).toBe(false);
  });
});
