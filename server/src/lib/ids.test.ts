import { describe, expect, it } from 'vitest';
import { colorFor } from './ids.js';

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  ) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('person colours', () => {
  it('are stable per id and readable under white text for every hue', () => {
    expect(colorFor('anna')).toBe(colorFor('anna'));
    const colors = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = colorFor(`user-${i}`);
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
      expect(1.05 / (luminance(c) + 0.05)).toBeGreaterThanOrEqual(4.5);
      colors.add(c);
    }
    // Distinct people mostly get distinct colours.
    expect(colors.size).toBeGreaterThan(200);
  });
});
