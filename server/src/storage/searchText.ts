import { searchTerms, type HighlightedText } from '@samla/shared';

/**
 * Text helpers shared by both stores' search: what is indexed, how a query becomes terms, and
 * snippets as plain text plus highlight ranges (never HTML).
 */

/** Snippet markers. Control characters never reach the index (see `indexable`), so they cannot be forged. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
export const ELLIPSIS = '…';
/** About this many tokens of context in a snippet. */
export const SNIPPET_TOKENS = 16;

/** NFC, and control characters (but tab and newline) turned into spaces. */
export function indexable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

/** An FTS5 MATCH expression: every term a quoted prefix query, all required (or, with `any`, one of them). */
export function ftsMatch(text: string, match: 'all' | 'any' = 'all'): string | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  return [...new Set(terms)].map((t) => `"${t.replaceAll('"', '""')}"*`).join(match === 'any' ? ' OR ' : ' ');
}

/** Turns text with MARK_START/MARK_END pairs into text plus ranges. */
export function parseMarked(marked: string): HighlightedText {
  let text = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === MARK_START) start = text.length;
    else if (ch === MARK_END) {
      if (start >= 0 && text.length > start) highlights.push([start, text.length]);
      start = -1;
    } else text += ch;
  }
  return { text, highlights };
}

interface Token {
  start: number;
  end: number;
  term: string;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ start: m.index, end: m.index + m[0].length, term: m[0].toLocaleLowerCase('sv') });
  }
  return out;
}

/** How many tokens of `text` start with one of `terms`. */
export function countMatches(text: string, terms: string[]): number {
  let n = 0;
  for (const t of tokens(text)) if (terms.some((p) => t.term.startsWith(p))) n++;
  return n;
}

/**
 * A snippet the way FTS5's snippet() makes one: the window of SNIPPET_TOKENS tokens with the most
 * matches, whole matching tokens highlighted, an ellipsis where text was cut.
 */
export function makeSnippet(text: string, terms: string[]): HighlightedText {
  const all = tokens(text);
  if (all.length === 0) return { text: '', highlights: [] };
  const hit = all.map((t) => terms.some((p) => t.term.startsWith(p)));
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < Math.max(1, all.length - SNIPPET_TOKENS + 1); i++) {
    let n = 0;
    for (let j = i; j < Math.min(all.length, i + SNIPPET_TOKENS); j++) if (hit[j]) n++;
    if (n > bestCount) {
      bestCount = n;
      best = i;
    }
  }
  const last = Math.min(all.length, best + SNIPPET_TOKENS) - 1;
  const from = best === 0 ? 0 : all[best]!.start;
  const to = last === all.length - 1 ? text.length : all[last]!.end;
  const prefix = from > 0 ? ELLIPSIS : '';
  const body = text.slice(from, to);
  const highlights: [number, number][] = [];
  for (let j = best; j <= last; j++) {
    if (hit[j]) highlights.push([prefix.length + all[j]!.start - from, prefix.length + all[j]!.end - from]);
  }
  return { text: prefix + body + (to < text.length ? ELLIPSIS : ''), highlights };
}
