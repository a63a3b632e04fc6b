/** WCAG relative luminance of a #rrggbb colour, or null when it is not one. */
export function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((c) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export const contrast = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Black or white, whichever reads better on `background`. People's colours come from the
 * server; for some hues white text stays under 4.5:1, and one of the two always reaches it.
 */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  const l = luminance(background);
  if (l === null) return '#ffffff';
  return contrast(l, 1) >= contrast(l, 0) ? '#ffffff' : '#000000';
}
