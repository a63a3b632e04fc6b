import { describe, expect, it } from 'vitest';
import { connectionOf, initialSaveState, needsProbe, reduceSaveState, type SaveEvent, type SaveState } from './saveState';

const run = (events: SaveEvent['type'][], start: SaveState = initialSaveState(true)): SaveState =>
  events.reduce((s, type) => reduceSaveState(s, (type === 'network' ? { type, online: true } : { type }) as SaveEvent), start);

/** Connected, the connect step 1 answered, the follow-up probe answered: nothing pending. */
const savedState = () => run(['connected', 'step2Received', 'probeSent', 'step2Received']);

describe('save state', () => {
  it('is syncing while the first connection opens, offline once it fails or takes too long', () => {
    expect(connectionOf(initialSaveState(true))).toBe('syncing');
    expect(connectionOf(run(['gaveUpFirstConnect']))).toBe('offline');
    expect(connectionOf(run(['disconnected']))).toBe('offline');
    expect(connectionOf(initialSaveState(false))).toBe('offline');
  });

  it('is offline while the browser has no network, and back when it returns', () => {
    const s = reduceSaveState(savedState(), { type: 'network', online: false });
    expect(connectionOf(s)).toBe('offline');
    expect(connectionOf(reduceSaveState(s, { type: 'network', online: true }))).toBe('saved');
  });

  it('is syncing after connecting until a probe sent after the first sync is answered', () => {
    let s = run(['connected']);
    expect(connectionOf(s)).toBe('syncing');
    expect(needsProbe(s)).toBe(false);
    // The answer to the connect step 1 does not cover changes sent after it (offline edits, cache).
    s = reduceSaveState(s, { type: 'step2Received' });
    expect(connectionOf(s)).toBe('syncing');
    expect(needsProbe(s)).toBe(true);
    s = reduceSaveState(s, { type: 'probeSent' });
    expect(needsProbe(s)).toBe(false);
    s = reduceSaveState(s, { type: 'step2Received' });
    expect(connectionOf(s)).toBe('saved');
    expect(needsProbe(s)).toBe(false);
  });

  it('a local change makes it syncing until a probe sent after the change is answered', () => {
    let s = run(['localChange'], savedState());
    expect(connectionOf(s)).toBe('syncing');
    expect(needsProbe(s)).toBe(true);
    s = run(['probeSent', 'step2Received'], s);
    expect(connectionOf(s)).toBe('saved');
  });

  it('a change made while a probe is in flight keeps it syncing after that probe is answered', () => {
    let s = run(['localChange', 'probeSent', 'localChange'], savedState());
    expect(needsProbe(s)).toBe(false); // one probe at a time
    s = reduceSaveState(s, { type: 'step2Received' });
    expect(connectionOf(s)).toBe('syncing');
    expect(needsProbe(s)).toBe(true);
    s = run(['probeSent', 'step2Received'], s);
    expect(connectionOf(s)).toBe('saved');
  });

  it('changes made offline are confirmed only after reconnecting and a fresh probe', () => {
    let s = run(['disconnected', 'localChange', 'localChange'], savedState());
    expect(connectionOf(s)).toBe('offline');
    expect(needsProbe(s)).toBe(false);
    s = run(['connected', 'step2Received'], s);
    expect(connectionOf(s)).toBe('syncing');
    s = run(['probeSent', 'step2Received'], s);
    expect(connectionOf(s)).toBe('saved');
  });

  it('forgets probes of a lost connection: a reply on the next one is not mistaken for them', () => {
    let s = run(['localChange', 'probeSent', 'disconnected', 'connected'], savedState());
    // Only the connect step 1 is outstanding now; its answer confirms nothing.
    s = reduceSaveState(s, { type: 'step2Received' });
    expect(connectionOf(s)).toBe('syncing');
  });

  it('ignores replies and probes while disconnected', () => {
    const s = run(['disconnected'], savedState());
    expect(run(['probeSent', 'step2Received'], s)).toEqual(s);
  });
});
