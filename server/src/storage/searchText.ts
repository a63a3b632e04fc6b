import { stemmer } from '@orama/stemmers/swedish';
import { searchTerms, type HighlightedText } from '@samla/shared';
import type { SearchEntry, SearchHit } from './store.js';

/**
 * The Swedish analysis both stores' search share, the same at index and at query time, and snippets as
 * plain text plus highlight ranges (never HTML).
 *
 * A word is lower-cased (Swedish rules, NFC) and stemmed with the Snowball Swedish stemmer, so
 * inflections meet: flaska, flaskor, flaskan → "flask"; upphandlingarna → "upphandling". Its stem is the
 * word's *exact* term. Its *extra* terms let a query reach further, ranked below exact matches: the tails
 * of the stem from its third letter on that are at least MIN_PART letters long (so "förpackning" is found
 * inside "plastförpackning" and "avfall" inside "matavfall": compound parts without a dictionary), and
 * the stem and those tails with diacritics removed (so "plastforpackningar", typed without ö, finds
 * "plastförpackningar"; a query with å, ä or ö is never folded, so "måt" does not find "mät").
 *
 * A query word becomes a QueryTerm: its stem as a prefix (what is still being typed matches, and
 * "återvinning" finds "återvinningsgrad"), or the stem shortened by one or two letters as a whole term
 * (the Snowball stemmer cuts some forms of one word differently: byggnad → "byggn", byggnader → "byggnad").
 * Stop words are left out of a query unless it has nothing else.
 */
export const ANALYSIS_VERSION = 'sv-snowball-3';

export const ELLIPSIS = '…';
/** About this many tokens of context in a snippet. */
export const SNIPPET_TOKENS = 16;
/** Shortest compound part indexed; parts start at the stem's third letter ("öl|flask", "mat|avfall"). */
export const MIN_PART = 4;
const PART_FROM = 2;
/** A query stem shortened to match a differently cut stem keeps at least this many letters. */
const MIN_WHOLE = 4;

/**
 * Swedish stop words: the Snowball list, and words that say nothing about a topic in a working group's
 * notes (dag, punkt, …), plus a few English ones. Left out of queries and of "Diskuterat tidigare".
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `alla allt andra att av bara blev blir bli blivit bör cirka dag de dem den denna deras dess dessa det detta dig din
   dina ditt du då där efter eftersom ej eller en er era ert ett fast finns flera fler från får för före genom gjorde
   gör göra ha hade han hans har hela henne hennes hon honom hos hur här i ibland icke idag in inför ingen inga inget
   inom inte ja jag ju kan kanske kommer kunde kunna man med mellan men mer mest mig min mina mitt mot mycket många måste
   ned nej ni nog nu ny nya nytt någon något några när nästa och också om oss på redan samma samt sedan sig sin sina
   sitt själv ska skall skulle som så sådan sådana sådant till tills tre två under upp ut utan vad var vara varför
   varit varje vars vart vem vi vid vilka vilkas vilken vilket vill väl vår våra vårt är än ännu även åt över punkt
   punkter
   about and are for from have not that the this was were what when which will with you your`
    .split(/\s+/)
    .filter(Boolean),
);

/** NFC, and control characters (but tab and newline) turned into spaces. */
export function indexable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

/** Without diacritics: å, ä → a, ö → o, é → e. */
export function fold(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

/** The stem of one lower-case word (a term of `searchTerms`); numbers stay as they are. */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s !== undefined) return s;
  if (/^\p{N}+$/u.test(word)) s = word;
  else {
    s = stemmer(word);
    // Snowball leaves the definite -an and -et on (flaskan, resan; klimatet, avfallet), which flaska,
    // resor, klimat and avfall do not have.
    if (s.endsWith('an') && s.length - 2 >= 3) s = s.slice(0, -2);
    else if (s.endsWith('et') && s.length - 2 >= 5) s = s.slice(0, -2);
  }
  if (stems.size >= MAX_CACHED_STEMS) stems.clear();
  stems.set(word, s);
  return s;
}

const extraTerms = new Map<string, string[]>();

/** The extra terms of a stem: compound parts, and the folded stem and parts when they differ. */
export function extras(s: string): string[] {
  let out = extraTerms.get(s);
  if (out === undefined) {
    out = makeExtras(s);
    if (extraTerms.size >= MAX_CACHED_STEMS) extraTerms.clear();
    extraTerms.set(s, out);
  }
  return out;
}

function makeExtras(s: string): string[] {
  if (/^\p{N}+$/u.test(s)) return [];
  const out = new Set<string>();
  const folded = fold(s);
  if (folded !== s) out.add(folded);
  for (let i = PART_FROM; i + MIN_PART <= s.length; i++) {
    const part = s.slice(i);
    out.add(part);
    const f = fold(part);
    if (f !== part) out.add(f);
  }
  out.delete(s);
  return [...out];
}

export interface AnalysedText {
  /** One stem per word, in order (repeats kept, for term frequency). */
  exact: string[];
  /** The extra terms of each word, in order. */
  extra: string[];
}

/** What the index holds of a text. */
export function analyse(text: string): AnalysedText {
  const exact: string[] = [];
  const extra: string[] = [];
  for (const w of searchTerms(text)) {
    const s = stem(w);
    exact.push(s);
    for (const e of extras(s)) extra.push(e);
  }
  return { exact, extra };
}

export interface QueryTerm {
  /** What the person typed, lower case. */
  word: string;
  /** A term matches when it starts with this… */
  prefix: string;
  /** …or is one of these. */
  whole: string[];
}

/** The terms of a query: one per distinct word, stop words left out unless nothing else is left. */
export function queryTerms(text: string): QueryTerm[] {
  const words = [...new Set(searchTerms(text))];
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return (content.length > 0 ? content : words).map((word) => {
    const prefix = stem(word);
    const whole: string[] = [];
    if (!/^\p{N}+$/u.test(prefix)) {
      for (let n = prefix.length - 1; n >= Math.max(MIN_WHOLE, prefix.length - 2); n--) whole.push(prefix.slice(0, n));
    }
    return { word, prefix, whole };
  });
}

/** Query words at least this long may be a typo of an indexed word (see `typoTerms`). */
export const TYPO_MIN_LENGTH = 5;
/** At most this many indexed terms stand in for a query word with a typo. */
const MAX_TYPO_TERMS = 20;

/** The letters indexed terms must start with to be asked for as stand-ins of a query term with a typo. */
export const typoPrefix = (q: QueryTerm) => q.prefix.slice(0, 2);

/** Optimal string alignment distance, stopping early past 1: true when `a` and `b` differ by at most one edit. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const rest = (x: number, y: number) => a.slice(x) === b.slice(y);
  return (
    rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2))
  );
}

/**
 * For a query that found nothing: the query terms again, each word of at least TYPO_MIN_LENGTH letters
 * also matching the indexed terms (`vocabulary`, those starting with its `typoPrefix`) whose start is one
 * letter off its stem (a letter missing, extra, wrong, or two swapped). Null when no term changed.
 */
export function typoTerms(terms: QueryTerm[], vocabulary: (q: QueryTerm) => string[]): QueryTerm[] | null {
  let changed = false;
  const out = terms.map((q) => {
    if (q.word.length < TYPO_MIN_LENGTH || /^\p{N}+$/u.test(q.prefix)) return q;
    const n = q.prefix.length;
    const w = q.word;
    const near = vocabulary(q)
      .filter(
        (t) =>
          t !== q.prefix &&
          // The query's stem one edit off the start of an indexed term, or the indexed stem one edit off
          // the start of the typed word (the stemmer may not cut a misspelt word: flska, flaska → flask).
          ([n - 1, n, n + 1].some((k) => k <= t.length && withinOneEdit(t.slice(0, k), q.prefix)) ||
            (t.length >= MIN_WHOLE && [t.length - 1, t.length, t.length + 1].some((j) => j <= w.length && withinOneEdit(t, w.slice(0, j))))),
      )
      .slice(0, MAX_TYPO_TERMS);
    if (near.length === 0) return q;
    changed = true;
    return { ...q, whole: [...q.whole, ...near] };
  });
  return changed ? out : null;
}

export function termMatches(term: string, q: QueryTerm): boolean {
  return term.startsWith(q.prefix) || q.whole.includes(term);
}

/** How a word of a text meets a query term: 2 by its stem, 1 by a compound part or without diacritics, 0 not. */
export function wordMatch(word: string, terms: QueryTerm[]): 0 | 1 | 2 {
  const s = stem(word);
  if (terms.some((q) => termMatches(s, q))) return 2;
  const more = extras(s);
  return terms.some((q) => more.some((e) => termMatches(e, q))) ? 1 : 0;
}

interface Token {
  start: number;
  end: number;
  word: string;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ start: m.index, end: m.index + m[0].length, word: m[0].normalize('NFC').toLocaleLowerCase('sv') });
  }
  return out;
}

/**
 * A snippet: the window of SNIPPET_TOKENS tokens with the most matching words (exact or not), those
 * words highlighted whole, an ellipsis where text was cut. Line breaks become spaces.
 */
export function makeSnippet(text: string, terms: QueryTerm[]): HighlightedText {
  const all = tokens(text);
  if (all.length === 0) return { text: '', highlights: [] };
  const hit = all.map((t) => wordMatch(t.word, terms) > 0);
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
  const body = text.slice(from, to).replace(/\s/g, ' ');
  const highlights: [number, number][] = [];
  for (let j = best; j <= last; j++) {
    if (hit[j]) highlights.push([prefix.length + all[j]!.start - from, prefix.length + all[j]!.end - from]);
  }
  return { text: prefix + body.trimEnd() + (to < text.length ? ELLIPSIS : ''), highlights };
}

/** The key of the live item an entry stands for: its origin's when it is a frozen copy. */
const liveKey = (h: SearchHit) => `${h.groupId}\u0000${h.kind}\u0000${h.origin ?? h.itemId}\u0000${h.subId}`;

/**
 * Folds frozen copies (entries with an `origin`) into their live entry, which takes the place of the best
 * of them; the copies, best first, become its `copies`. A copy whose live entry is not among `hits` stays
 * a hit of its own, with the other copies of the same item. Keeps the order otherwise; at most `limit`.
 */
export function foldCopies(hits: SearchHit[], limit: number): SearchHit[] {
  const live = new Map<string, SearchHit>();
  for (const h of hits) if (h.origin === null) live.set(liveKey(h), h);
  const out: SearchHit[] = [];
  const placed = new Map<string, SearchHit>();
  for (const h of hits) {
    const key = liveKey(h);
    const head = placed.get(key);
    if (head) {
      if (h.origin !== null) head.copies.push(copyOf(h));
      continue;
    }
    const first = live.get(key) ?? h;
    const entry: SearchHit = { ...first, copies: first === h ? [] : [copyOf(h)] };
    placed.set(key, entry);
    out.push(entry);
  }
  return out.slice(0, limit);
}

const copyOf = (h: SearchHit) => ({ itemId: h.itemId, link: h.link, date: h.updatedAt });

/** Ranked entries as hits: folded (when `fold`), at most `limit`, each with its snippet. */
export function withSnippets(ranked: (SearchEntry & { origin: string | null })[], terms: QueryTerm[], fold: boolean, limit: number): SearchHit[] {
  const hits = ranked.map((e): SearchHit => ({ ...e, snippet: { text: '', highlights: [] }, copies: [] }));
  return (fold ? foldCopies(hits, limit) : hits.slice(0, limit)).map((h) => ({ ...h, snippet: makeSnippet(h.text, terms) }));
}
