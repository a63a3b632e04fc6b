import type { HighlightedText } from '@samla/shared';

export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Splits snippet text into plain and highlighted segments from the server's [start, end) ranges.
 * Ranges out of bounds, overlapping or out of order are clipped or skipped, so any answer renders.
 */
export function segments({ text, highlights }: HighlightedText): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(rawEnd, text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

/** The search page URL for a query (and kind and group), as the header box and the page's own form build it. */
export function searchPath(q: string, kind?: string, group?: string): string {
  const params = new URLSearchParams({ q: q.trim() });
  if (kind) params.set('kind', kind);
  if (group) params.set('group', group);
  return `/search?${params.toString()}`;
}
