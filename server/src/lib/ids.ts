import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const newToken = (): string => randomBytes(32).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * A stable colour per person for carets and avatars. Lightness 35% keeps white text
 * above 4.5:1 contrast; hex because editors append an alpha suffix for selections.
 */
export function colorFor(id: string): string {
  const h = createHash('sha256').update(id).digest().readUInt16BE(0) % 360;
  const s = 0.7;
  const l = 0.35;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
