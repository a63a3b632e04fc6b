import { describe, expect, it } from 'vitest';
import { createWriteTurn } from './server.js';

/** A clock and an end-of-turn queue that the test advances by hand. */
function harness() {
  let clock = 1_000;
  const ends: (() => void)[] = [];
  const turn = createWriteTurn(() => clock, (fn) => ends.push(fn));
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };
  return { turn, ends, settled, advance: (ms: number) => (clock += ms) };
}

describe('write turns (group commit of Yjs updates)', () => {
  it('starts a write after a quiet spell at once', async () => {
    const h = harness();
    expect(await h.settled(h.turn())).toBe(true);
    expect(h.ends).toHaveLength(0);
    h.advance(50);
    expect(await h.settled(h.turn())).toBe(true);
  });

  it('holds writes that follow closely for one shared end of turn', async () => {
    const h = harness();
    await h.turn();
    h.advance(1);
    const second = h.turn();
    const third = h.turn();
    // Both docs' writes wait for the same turn, so the store commits them together.
    expect(third).toBe(second);
    expect(h.ends).toHaveLength(1);
    expect(await h.settled(second)).toBe(false);
    h.ends.shift()!();
    expect(await h.settled(second)).toBe(true);
    // Still busy: the next write waits for a new turn.
    h.advance(1);
    expect(await h.settled(h.turn())).toBe(false);
    expect(h.ends).toHaveLength(1);
  });
});
