import * as Y from 'yjs';

/** mulberry32: a small seeded PRNG, so every run types the same document. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzåäö     ,.';

/**
 * A person typing: 1–5 characters per update at a cursor, a backspace of 1–3 characters
 * every 10th update, and the cursor jumping to a random place every 25th update.
 * Each call makes exactly one Yjs transaction, i.e. one update.
 */
export function typist(text: Y.Text, seed = 1) {
  const rnd = prng(seed);
  let cursor = text.length;
  let i = 0;
  return () => {
    if (i % 25 === 0) cursor = Math.floor(rnd() * (text.length + 1));
    cursor = Math.min(cursor, text.length);
    if (i % 10 === 9 && cursor >= 3) {
      const k = 1 + Math.floor(rnd() * 3);
      text.delete(cursor - k, k);
      cursor -= k;
    } else {
      const n = 1 + Math.floor(rnd() * 5);
      let s = '';
      for (let j = 0; j < n; j++) s += LETTERS[Math.floor(rnd() * LETTERS.length)];
      text.insert(cursor, s);
      cursor += n;
    }
    i++;
  };
}
