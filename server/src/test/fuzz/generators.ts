/**
 * Seeded generators of hostile input for the collab endpoint (/yjs/<doc>), the upgrade path and the
 * Socket.IO events. Everything here is a pure function of the `Rng`, so a seed reproduces a run.
 * Used by fuzz.test.ts (bounded, in `npm test`) and run.ts (`npm run fuzz -- --minutes N`).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** mulberry32: small, fast and good enough to reproduce a fuzz run from its seed. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  string(n: number, alphabet = 'abcdefghijklmnopqrstuvwxyzåäö0123456789 -_/%.\u0000\u202e\ud83d\ude00'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  /** A Yjs client id (positive 32-bit, as Yjs makes them). */
  clientId(): number {
    return 1 + this.int(0xfffffffe);
  }
  /** A fresh seed for a sub-generator, so phases stay independent of each other's lengths. */
  fork(): Rng {
    return new Rng(this.int(0xffffffff));
  }
}

/** FUZZ_SEED from the environment (decimal or 0x hex), else `fallback`. */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.FUZZ_SEED;
  if (!raw) return fallback;
  const n = raw.startsWith('0x') ? Number.parseInt(raw.slice(2), 16) : Number(raw);
  if (!Number.isFinite(n)) throw new Error(`FUZZ_SEED must be a number, got "${raw}"`);
  return n >>> 0;
}

// y-websocket message types and sync sub-types.
export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export function syncMessage(kind: number, payload: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
  });
}

export const updateMessage = (update: Uint8Array): Uint8Array => syncMessage(SYNC_UPDATE, update);

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** Written as is: a string that is not JSON tests the server's parse. */
  json: string;
}

export function awarenessMessage(entries: AwarenessEntry[]): Uint8Array {
  const inner = message((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const { clientId, clock, json } of entries) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, json);
    }
  });
  return message((e) => {
    encoding.writeVarUint(e, MSG_AWARENESS);
    encoding.writeVarUint8Array(e, inner);
  });
}

/** A small, valid update of a doc of one client, with some typing in it. */
export function validUpdate(rng: Rng): Uint8Array {
  const d = new Y.Doc();
  d.clientID = rng.clientId();
  const kind = rng.int(3);
  if (kind === 0) d.getText('t').insert(0, rng.string(rng.range(1, 40)));
  else if (kind === 1) d.getMap('m').set(rng.string(5), rng.pick([1, 'x', null, true, [1, 2], { a: 1 }]));
  else d.getArray('a').insert(0, [rng.int(1000), rng.string(8)]);
  return Y.encodeStateAsUpdate(d);
}

/**
 * An update whose dependencies the server never gets: doc A makes change 1 and change 2, and only
 * change 2 is encoded. Yjs keeps such structs pending and merges every later update with them.
 */
export function orphanUpdate(rng: Rng, clientId = rng.clientId(), textBytes = rng.range(1, 64)): Uint8Array {
  const d = new Y.Doc();
  d.clientID = clientId;
  const t = d.getText('t');
  t.insert(0, rng.string(rng.range(1, 8)));
  const before = Y.encodeStateVector(d);
  t.insert(rng.int(t.length + 1), rng.string(textBytes));
  if (rng.chance(0.3)) t.delete(0, 1);
  return Y.encodeStateAsUpdate(d, before);
}

/** A delete set for items of a client the server has never seen (a pending delete set, no structs). */
export function orphanDeleteUpdate(rng: Rng): Uint8Array {
  const d = new Y.Doc();
  d.clientID = rng.clientId();
  d.getText('t').insert(0, rng.string(rng.range(4, 30)));
  const sv = Y.encodeStateVector(d);
  d.getText('t').delete(0, 2);
  return Y.encodeStateAsUpdate(d, sv);
}

/** Y.Map in Y.Map, `depth` deep, as one update. */
export function deepMapUpdate(rng: Rng, depth: number): Uint8Array {
  const d = new Y.Doc();
  d.clientID = rng.clientId();
  d.transact(() => {
    let m: Y.Map<unknown> = d.getMap('deep');
    for (let i = 0; i < depth; i++) {
      const child = new Y.Map<unknown>();
      m.set('k', child);
      m = child;
    }
    m.set('leaf', 'botten');
  });
  return Y.encodeStateAsUpdate(d);
}

/** Deeply nested Y.XmlElements (what a notes page holds), `depth` deep. */
export function deepXmlUpdate(rng: Rng, depth: number): Uint8Array {
  const d = new Y.Doc();
  d.clientID = rng.clientId();
  d.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = d.getXmlFragment('default');
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement('blockquote');
      parent.insert(0, [el]);
      parent = el;
    }
    parent.insert(0, [new Y.XmlText('längst ner')]);
  });
  return Y.encodeStateAsUpdate(d);
}

/** One Y.Text insert of about `bytes` characters. */
export function hugeStringUpdate(rng: Rng, bytes: number): Uint8Array {
  const d = new Y.Doc();
  d.clientID = rng.clientId();
  d.getText(rng.pick(['t', 'default', 'huge'])).insert(0, rng.pick(['a', 'ö', '\u{1F600}']).repeat(bytes / 4) + rng.string(8));
  return Y.encodeStateAsUpdate(d);
}

/** `bytes` flipped at random positions. */
export function mutate(rng: Rng, data: Uint8Array, flips = rng.range(1, 4)): Uint8Array {
  const out = new Uint8Array(data);
  for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(out.length)] = rng.int(256);
  return out;
}

export function truncate(rng: Rng, data: Uint8Array): Uint8Array {
  return data.subarray(0, rng.int(Math.max(1, data.length)));
}

export interface WsFrame {
  /** Generator name, for failure reports. */
  kind: string;
  data: Uint8Array;
}

/** What a frame generator may use besides the Rng. */
export interface FrameContext {
  /** WS_MAX_PAYLOAD of the server under test. */
  maxPayload: number;
  /** Awareness client ids introduced by other connections (another person's). */
  foreignIds: readonly number[];
}

type FrameGen = (rng: Rng, ctx: FrameContext) => Uint8Array;

/**
 * Binary WebSocket messages, one generator per attack class. Most of them are not valid
 * y-websocket protocol and end the connection; that is the point.
 */
export const frameGenerators: Record<string, FrameGen> = {
  randomBytes: (rng) => rng.bytes(rng.range(0, 300)),
  empty: () => new Uint8Array(0),
  truncatedUpdate: (rng) => truncate(rng, updateMessage(validUpdate(rng))),
  mutatedUpdate: (rng) => updateMessage(mutate(rng, validUpdate(rng))),
  randomUpdate: (rng) => updateMessage(rng.bytes(rng.range(0, 200))),
  truncatedInnerUpdate: (rng) => updateMessage(truncate(rng, validUpdate(rng))),
  validUpdate: (rng) => updateMessage(validUpdate(rng)),
  step1Garbage: (rng) => syncMessage(SYNC_STEP1, rng.bytes(rng.range(0, 120))),
  step1HugeClocks: (rng) =>
    syncMessage(
      SYNC_STEP1,
      message((e) => {
        const n = rng.range(1, 50);
        encoding.writeVarUint(e, n);
        for (let i = 0; i < n; i++) {
          encoding.writeVarUint(e, rng.chance(0.5) ? Number.MAX_SAFE_INTEGER - rng.int(10) : rng.clientId());
          encoding.writeVarUint(e, rng.chance(0.5) ? Number.MAX_SAFE_INTEGER : rng.int(1e9));
        }
      }),
    ),
  step1LengthLie: (rng) =>
    message((e) => {
      encoding.writeVarUint(e, MSG_SYNC);
      encoding.writeVarUint(e, SYNC_STEP1);
      encoding.writeVarUint(e, rng.range(1_000, 2 ** 31)); // says it is long, is not
      encoding.writeUint8Array(e, rng.bytes(rng.int(10)));
    }),
  step2Random: (rng) => syncMessage(SYNC_STEP2, rng.bytes(rng.range(0, 200))),
  step2Truncated: (rng) => syncMessage(SYNC_STEP2, truncate(rng, validUpdate(rng))),
  unknownSyncKind: (rng) => syncMessage(rng.range(3, 1_000_000), rng.bytes(rng.int(20))),
  unknownType: (rng) =>
    message((e) => {
      encoding.writeVarUint(e, rng.range(4, 2 ** 40));
      encoding.writeUint8Array(e, rng.bytes(rng.int(30)));
    }),
  auth: (rng) =>
    message((e) => {
      encoding.writeVarUint(e, MSG_AUTH);
      encoding.writeVarUint(e, rng.int(3));
      encoding.writeVarString(e, rng.string(rng.int(40)));
    }),
  queryAwareness: () => message((e) => encoding.writeVarUint(e, MSG_QUERY_AWARENESS)),
  awarenessGarbageJson: (rng) =>
    awarenessMessage([
      { clientId: rng.clientId(), clock: rng.int(100), json: rng.pick(['{', '', 'undefined', '{"a":', rng.string(30), '[[[[[[', '\u0000']) },
    ]),
  awarenessEvilJson: (rng) =>
    awarenessMessage([
      {
        clientId: rng.clientId(),
        clock: rng.int(100),
        json: rng.pick([
          '{"__proto__":{"polluted":true},"user":{"name":"x"}}',
          '{"constructor":{"prototype":{"polluted":true}}}',
          JSON.stringify({ user: { name: 'x'.repeat(20_000) } }),
          '['.repeat(5_000) + ']'.repeat(5_000),
          'null',
          '12',
          '"sträng"',
        ]),
      },
    ]),
  awarenessHugeIds: (rng) =>
    awarenessMessage([{ clientId: rng.pick([2 ** 53 - 1, 2 ** 32, 2 ** 31, 0]), clock: rng.pick([0, 2 ** 53 - 1]), json: '{"user":{"name":"stor"}}' }]),
  awarenessManyIds: (rng) =>
    awarenessMessage(
      Array.from({ length: rng.range(9, 400) }, () => ({ clientId: rng.clientId(), clock: 1, json: '{"u":1}' })),
    ),
  awarenessForeignIds: (rng, ctx) =>
    awarenessMessage(
      ctx.foreignIds.length === 0
        ? [{ clientId: rng.clientId(), clock: 1, json: 'null' }]
        : [{ clientId: rng.pick(ctx.foreignIds), clock: rng.range(1, 2 ** 30), json: rng.pick(['null', '{"user":{"name":"Förfalskad"}}']) }],
    ),
  awarenessCountLie: (rng) =>
    message((e) => {
      encoding.writeVarUint(e, MSG_AWARENESS);
      encoding.writeVarUint8Array(e, message((i) => encoding.writeVarUint(i, rng.range(1_000, 2 ** 30))));
    }),
  orphanUpdate: (rng) => updateMessage(orphanUpdate(rng)),
  orphanDelete: (rng) => updateMessage(orphanDeleteUpdate(rng)),
  deepMap: (rng) => updateMessage(deepMapUpdate(rng, rng.pick([50, 200, 1_000]))),
  deepXml: (rng) => updateMessage(deepXmlUpdate(rng, rng.pick([50, 200, 1_000]))),
  hugeString: (rng, ctx) => updateMessage(hugeStringUpdate(rng, Math.floor(ctx.maxPayload * 0.9))),
  oversized: (rng, ctx) => rng.bytes(ctx.maxPayload + rng.range(1, 64)),
  oversizedUpdate: (rng, ctx) => updateMessage(hugeStringUpdate(rng, ctx.maxPayload + 1024)),
};

/** Cheap generators weigh more, so a bounded run sends many frames and still covers every class. */
const weights: Record<string, number> = {
  randomBytes: 6,
  truncatedUpdate: 4,
  mutatedUpdate: 6,
  randomUpdate: 4,
  truncatedInnerUpdate: 4,
  validUpdate: 4,
  step1Garbage: 4,
  queryAwareness: 6,
  orphanUpdate: 6,
  awarenessForeignIds: 4,
  deepMap: 1,
  deepXml: 1,
  hugeString: 1,
  oversized: 1,
  oversizedUpdate: 1,
};
const weighted = Object.keys(frameGenerators).flatMap((k) => Array<string>(weights[k] ?? 2).fill(k));

export function randomFrame(rng: Rng, ctx: FrameContext, kind = rng.pick(weighted)): WsFrame {
  return { kind, data: frameGenerators[kind]!(rng, ctx) };
}

/** Raw TCP bytes after a successful upgrade: malformed WebSocket framing (ws must reject, not crash). */
export function rawFrameBytes(rng: Rng, maxPayload: number): { kind: string; bytes: Buffer } {
  const maskKey = Buffer.from(rng.bytes(4));
  const masked = (opcode: number, payload: Uint8Array, fin = true, rsv = 0, lenOverride?: number): Buffer => {
    const n = lenOverride ?? payload.length;
    const first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
    let head: Buffer;
    if (n < 126) head = Buffer.from([first, 0x80 | n]);
    else if (n < 65536) {
      head = Buffer.from([first, 0x80 | 126, 0, 0]);
      head.writeUInt16BE(n, 2);
    } else {
      head = Buffer.alloc(10);
      head[0] = first;
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i]! ^= maskKey[i & 3]!;
    return Buffer.concat([head, maskKey, body]);
  };
  const kinds: [string, () => Buffer][] = [
    ['garbage', () => Buffer.from(rng.bytes(rng.range(1, 200)))],
    ['unmasked', () => Buffer.concat([Buffer.from([0x82, 5]), Buffer.from(rng.bytes(5))])],
    ['reservedOpcode', () => masked(rng.pick([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]), rng.bytes(rng.int(20)))],
    ['rsvBits', () => masked(2, rng.bytes(10), true, rng.range(1, 7))],
    ['truncatedFrame', () => masked(2, rng.bytes(rng.range(10, 100))).subarray(0, rng.range(1, 12))],
    ['lengthBeyondMax', () => masked(2, rng.bytes(16), true, 0, maxPayload + rng.range(1, 1_000_000))],
    ['length2^63', () => {
      const b = Buffer.alloc(14);
      b[0] = 0x82;
      b[1] = 0xff;
      b.writeBigUInt64BE(2n ** 63n - 1n, 2);
      return b;
    }],
    ['continuationFirst', () => masked(0, rng.bytes(10))],
    ['fragmentedForever', () => Buffer.concat([masked(2, rng.bytes(100), false), ...Array.from({ length: 20 }, () => masked(0, rng.bytes(100), false))])],
    ['fragmentsOverMax', () => Buffer.concat(Array.from({ length: Math.ceil(maxPayload / 1000) + 2 }, (_, i) => masked(i === 0 ? 2 : 0, rng.bytes(1000), false)))],
    ['controlTooLong', () => masked(rng.pick([8, 9, 0xa]), rng.bytes(126 + rng.int(100)))],
    ['fragmentedControl', () => masked(9, rng.bytes(4), false)],
    ['closeBadCode', () => masked(8, Buffer.from([rng.int(256), rng.int(256), ...rng.bytes(rng.int(8))]))],
    ['closeBadUtf8', () => masked(8, Buffer.from([0x03, 0xe8, 0xff, 0xfe]))],
    ['textBadUtf8', () => masked(1, Buffer.from([0xc3, 0x28, 0xa0, 0xa1]))],
    ['pingFlood', () => Buffer.concat(Array.from({ length: 200 }, () => masked(9, rng.bytes(4))))],
  ];
  const [kind, make] = rng.pick(kinds);
  return { kind, bytes: make() };
}

/** Upgrade request paths: malformed percent-encoding, huge, traversal, other groups' docs, garbage. */
export function upgradePath(rng: Rng): { kind: string; path: string } {
  const kinds: [string, () => string][] = [
    ['badPercentTruncated', () => '/yjs/%E0%A4%A'],
    ['badPercentZZ', () => '/yjs/%ZZ'],
    ['badPercentLone', () => `/yjs/groups/plast/${rng.pick(['%', '%E', '%C3', '%ED%A0%80', '%FF%FE'])}`],
    ['randomPercent', () => `/yjs/${Array.from({ length: rng.range(1, 20) }, () => `%${rng.pick(['', 'Z', 'E0', 'A', 'C3%', '0'])}${rng.string(1, 'G%0A9f')}`).join('')}`],
    ['veryLong', () => `/yjs/groups/plast/pages/${'a'.repeat(rng.pick([300, 5_000, 12_000]))}`],
    ['otherGroup', () => `/yjs/groups/${rng.pick(['annan', 'annan', 'saknas', 'admin', 'Plast'])}/${rng.pick(['notes', 'space', 'pages/abcdefgh123'])}`],
    ['traversal', () => `/yjs/${rng.pick(['../../etc/passwd', 'groups/plast/../annan/notes', '%2e%2e%2fgroups%2fannan%2fnotes', 'groups%2Fplast%2Fnotes%00'])}`],
    ['garbageName', () => `/yjs/${[...rng.bytes(rng.range(0, 40))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`],
    ['emptyName', () => rng.pick(['/yjs/', '/yjs//', '/yjs/groups//notes'])],
    ['query', () => `/yjs/groups/plast/notes?${rng.string(20)}#${rng.string(5)}`],
    ['notYjs', () => rng.pick(['/', '/api/groups', '/healthz', '/yjsx/groups/plast/notes', `/${rng.string(10)}`])],
  ];
  const [kind, make] = rng.pick(kinds);
  return { kind, path: make() };
}

/** Upgrade requests with broken headers (ws and our handler must answer, not throw). */
export function upgradeHeaders(rng: Rng, host: string, cookie: string): { kind: string; lines: string[] } {
  const key = Buffer.from(rng.bytes(16)).toString('base64');
  const base = ['Upgrade: websocket', 'Connection: Upgrade', `Host: ${host}`, `Cookie: ${cookie}`];
  const kinds: [string, () => string[]][] = [
    ['noKey', () => [...base, 'Sec-WebSocket-Version: 13']],
    ['badKey', () => [...base, `Sec-WebSocket-Key: ${rng.string(10)}`, 'Sec-WebSocket-Version: 13']],
    ['badVersion', () => [...base, `Sec-WebSocket-Key: ${key}`, `Sec-WebSocket-Version: ${rng.pick(['8', '99', 'x', ''])}`]],
    ['foreignOrigin', () => [...base, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', 'Origin: https://evil.example']],
    ['garbageCookie', () => ['Upgrade: websocket', 'Connection: Upgrade', `Host: ${host}`, `Cookie: samla_sid=${rng.string(40)}; ${rng.string(20)}`, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13']],
    ['badExtensions', () => [...base, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Extensions: ${rng.pick(['permessage-deflate; client_max_window_bits=99', ';;;', 'x'.repeat(2000)])}`]],
    ['badProtocol', () => [...base, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Protocol: ${rng.pick([',', 'a,,b', ' '])}`]],
  ];
  const [kind, make] = rng.pick(kinds);
  return { kind, lines: make() };
}

/** A JSON value with `__proto__`, `constructor` and `prototype` as own keys (as JSON.parse makes them). */
function pollutingObject(rng: Rng): unknown {
  return JSON.parse(
    rng.pick([
      '{"__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"groupId":"plast","__proto__":{"role":"facilitator"}}',
      '{"meetingId":"m","prototype":{"polluted":"yes"},"constructor":"x"}',
      '{"groupId":{"__proto__":{"toString":"boom"}}}',
    ]),
  );
}

function nested(depth: number, asArray: boolean): unknown {
  let v: unknown = 'botten';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A hostile Socket.IO payload: wrong types, huge strings, polluting keys, deep nesting, arrays. */
export function socketPayload(rng: Rng): { kind: string; value: unknown } {
  const kinds: [string, () => unknown][] = [
    ['undefined', () => undefined],
    ['null', () => null],
    ['number', () => rng.pick([0, -1, 1e308, Number.NaN, 2 ** 53])],
    ['string', () => rng.string(rng.range(0, 50))],
    ['hugeString', () => 'x'.repeat(rng.pick([100_000, 500_000]))],
    ['hugeField', () => ({ groupId: 'plast', meetingId: 'x'.repeat(200_000), text: 'ö'.repeat(100_000) })],
    ['array', () => [rng.string(5), { groupId: 'plast' }]],
    ['polluting', () => pollutingObject(rng)],
    ['deepObject', () => nested(rng.pick([100, 500]), false)],
    ['deepArray', () => nested(rng.pick([100, 500]), true)],
    ['wrongTypes', () => ({ groupId: rng.pick([1, true, [], {}, null]), meetingId: rng.pick([{}, [], 5]), confirm: 'yes', minutes: '5', delta: {} })],
    ['plausible', () => ({ groupId: rng.pick(['plast', 'annan', '']), meetingId: rng.string(12), itemId: rng.string(11), direction: rng.pick(['next', 'prev', 'sideways']), command: rng.pick(['start', 'pause', 'explode']), raised: rng.pick([true, 'true']) })],
    ['binary', () => Buffer.from(rng.bytes(rng.range(0, 5_000)))],
    ['manyKeys', () => Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))],
  ];
  const [kind, make] = rng.pick(kinds);
  return { kind, value: make() };
}

/**
 * A Socket.IO packet as the text the engine carries, for what socket.io-client would refuse or
 * overflow its own stack on: nesting thousands deep, broken JSON, bogus packet types and ack ids.
 */
export function rawSocketPacket(rng: Rng, event: string): { kind: string; text: string } {
  const ev = JSON.stringify(event);
  const kinds: [string, () => string][] = [
    ['rawDeepObject', () => { const d = rng.pick([2_000, 10_000, 50_000]); return `42[${ev},${'{"a":'.repeat(d)}1${'}'.repeat(d)}]`; }],
    ['rawDeepArray', () => { const d = rng.pick([2_000, 10_000, 50_000]); return `42[${ev},${'['.repeat(d)}${']'.repeat(d)}]`; }],
    ['rawBrokenJson', () => `42[${ev},${rng.pick(['{', '{"a":', '[[', '"\\u12', ''])}`],
    ['rawProtoKeys', () => `42${rng.int(1000)}[${ev},{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}]`],
    ['rawNotArray', () => `42${rng.pick(['{}', '"x"', '1', 'null', '[]', '[1]', '[null]'])}`],
    ['rawBadType', () => `4${rng.range(7, 9)}${rng.string(rng.int(30))}`],
    ['rawHugeAckId', () => `42${'9'.repeat(rng.pick([20, 400]))}[${ev},{}]`],
    ['rawBinaryLie', () => `45${rng.range(1, 1_000)}-[${ev},{"_placeholder":true,"num":${rng.int(5)}}]`],
    ['rawNamespace', () => `42/${rng.pick(['admin', 'x'.repeat(300), '%00', ''])},[${ev},{}]`],
    ['rawGarbage', () => rng.string(rng.range(1, 200))],
  ];
  const [kind, make] = rng.pick(kinds);
  return { kind, text: make() };
}

/** Every event of ClientToServerEvents, plus names the server does not know. */
export const socketEvents = [
  'presence:join', 'presence:leave', 'members:watch', 'members:unwatch',
  'meeting:join', 'meeting:leave', 'meeting:start', 'meeting:advance', 'meeting:timer', 'meeting:follow-target',
  'meeting:follow', 'meeting:hand', 'meeting:call-next', 'meeting:vote-open', 'meeting:vote', 'meeting:vote-reveal',
  'meeting:decision', 'meeting:action-item', 'meeting:hand-over', 'meeting:end',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknown:event', 'x'.repeat(5_000),
] as const;
