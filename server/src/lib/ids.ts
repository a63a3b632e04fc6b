import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const newToken = (): string => randomBytes(32).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * A stable colour per person for carets and avatars: the hue comes from the id, the lightness is
 * lowered until white text on it reaches 4.5:1 (yellows and greens need darker shades than blues).
 * Hex, because editors append an alpha suffix for selections.
 */
export function colorFor(id: string): string {
  const h = createHash('sha256').update(id).digest().readUInt16BE(0) % 360;
  for (let l = 0.45; ; l -= 0.01) {
    // Judge the 8-bit colour that is actually shown, not the exact one.
    const rgb = hslToRgb(h, 0.7, l).map((c) => Math.round(c * 255)) as [number, number, number];
    if (contrastWithWhite(rgb.map((c) => c / 255) as [number, number, number]) >= 4.5 || l <= 0.1) {
      return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    }
  }
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/** WCAG 2 contrast ratio of white against an sRGB colour with channels in 0..1. */
function contrastWithWhite(rgb: [number, number, number]): number {
  const [r, g, b] = rgb.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}
