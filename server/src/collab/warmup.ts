import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { applyStoredDoc } from '../storage/docState.js';
import { LOADED } from './sharedDoc.js';

/**
 * Runs the Yjs code a document load and a first sync use (decode, integrate, encode) on a
 * synthetic document until V8 has optimised it, so the first clients after a restart do not pay
 * for the JIT: a 10,000-update doc took 64 ms to sync as the first load of a fresh process and
 * 10 ms in a warmed-up one. Takes a few hundred milliseconds; call it once before listening.
 */
export function warmUpYjs(logRounds = 2, baseRounds = 20): void {
  const log = { base: null, updates: typedUpdates(2_000).map((data, seq) => ({ seq, data })) };
  let base: Uint8Array = new Uint8Array();
  // What SharedDoc.load does with an uncompacted log, and compaction with the same log.
  for (let round = 0; round < logRounds; round++) {
    const fromLog = new Y.Doc();
    applyStoredDoc(fromLog, log, LOADED);
    base = Y.encodeStateAsUpdate(fromLog);
    fromLog.destroy();
  }
  // What a load of a compacted base and a client's sync step 1 → step 2 do: the common case.
  for (let round = 0; round < baseRounds; round++) {
    const fromBase = new Y.Doc();
    applyStoredDoc(fromBase, { base, updates: [] }, LOADED);
    Y.encodeStateAsUpdate(fromBase);
    const client = new Y.Doc();
    const e = encoding.createEncoder();
    syncProtocol.writeSyncStep1(e, client);
    const reply = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(e)), reply, fromBase, null);
    if (round % 5 === 0) syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(reply)), encoding.createEncoder(), client, null);
    for (const d of [fromBase, client]) d.destroy();
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzåäö ,.';

/** Typing-like edits (runs of characters, backspaces, cursor jumps) plus rich-text and map content. */
function typedUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  const xml = doc.getXmlFragment('default');
  const map = doc.getMap('board');
  let seed = 1;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  let cursor = 0;
  for (let i = 0; updates.length < count; i++) {
    if (i % 10 === 9 && cursor > 0) text.delete(--cursor, 1);
    else if (i % 25 === 24) cursor = rand(text.length + 1);
    else if (i % 50 === 49) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('stycke ' + i)]);
      xml.insert(xml.length, [p]);
    } else if (i % 40 === 39) map.set(`sticky-${rand(20)}`, { x: rand(800), y: rand(600), text: 'idé' });
    else if (i % 60 === 59) text.format(rand(Math.max(1, text.length)), 3, { bold: true });
    else {
      let s = '';
      for (let n = 1 + rand(5); n > 0; n--) s += LETTERS[rand(LETTERS.length)];
      text.insert(cursor, s);
      cursor += s.length;
    }
  }
  doc.destroy();
  return updates;
}
