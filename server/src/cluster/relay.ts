import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { RedisLink } from './redis.js';

/** What one instance tells the others about a document. Never sync steps: those are per connection. */
export type RelayMessage =
  /** Updates already durable in the store, under seqs `firstSeq` … `firstSeq + updates.length - 1`. */
  | { kind: 'updates'; firstSeq: number; updates: Uint8Array[] }
  /** An awareness update (cursors, names): ephemeral, never stored. */
  | { kind: 'awareness'; update: Uint8Array };

/** Why an instance ends a person's open connections; applied by every instance (see collab changeAccess). */
export interface AccessMessage {
  userId: string;
  groupId: string | null;
  change: 'revoke' | 'readOnly' | 'reconnect' | 'signedOut';
  session?: string | { except: string };
}

export interface Handover {
  docName: string;
  updates: Uint8Array[];
}

const KIND_UPDATES = 0;
const KIND_AWARENESS = 1;

export interface Relay {
  /** This instance's id in messages, so that it can skip its own. */
  readonly instanceId: string;
  /**
   * Starts listening to a document's channel. Resolves once Redis confirmed the subscription, so that
   * the store read that follows misses nothing published later; at once while Redis is away (the
   * subscription is made on reconnect, and the reconnect repair reads what was missed).
   */
  join(docName: string, onMessage: (message: RelayMessage) => void): Promise<void>;
  leave(docName: string): void;
  publish(docName: string, message: RelayMessage): void;
  publishAccess(message: AccessMessage): void;
  onAccess(fn: (message: AccessMessage) => void): void;
  /**
   * Shutdown during a store outage: leaves a document's updates that are not durable yet in Redis for
   * another instance to write (takeHandovers). Rejects when Redis is away too.
   */
  handOver(handover: Handover): Promise<void>;
  /** Up to `max` handed-over updates, each taken by exactly one instance. */
  takeHandovers(max: number): Promise<Handover[]>;
  /** Redis came back after an outage: messages published meanwhile are lost. */
  onReconnect(fn: () => void): void;
  close(): Promise<void>;
}

/**
 * The Yjs relay between instances: Redis PUB/SUB, one channel per document. PUB/SUB keeps nothing, and
 * needs not: every update is in the store before it is published, and a subscriber that notices a gap in
 * the seqs (or Redis was away) reads the missing ones back from the store.
 */
export function createRelay(redis: RedisLink, log: Logger): Relay {
  const instanceId = randomBytes(8).toString('hex');
  const listeners = new Map<string, (message: RelayMessage) => void>();
  const accessListeners: ((m: AccessMessage) => void)[] = [];
  const { client, subscriber } = redis;
  const DOC_CHANNEL_PREFIX = `${redis.prefix}doc:`;
  const ACCESS_CHANNEL = `${redis.prefix}access`;
  const HANDOVER_LIST = `${redis.prefix}handover`;

  subscriber.on('messageBuffer', (channelBuf: Buffer, payload: Buffer) => {
    const channel = channelBuf.toString();
    try {
      if (channel === ACCESS_CHANNEL) {
        const m = JSON.parse(payload.toString()) as AccessMessage & { from: string };
        if (m.from === instanceId) return;
        for (const fn of accessListeners) fn(m);
        return;
      }
      const listener = listeners.get(channel);
      if (!listener) return;
      const decoded = decode(payload);
      if (decoded.from !== instanceId) listener(decoded.message);
    } catch (err) {
      log.warn({ err, channel }, 'could not read a relay message; the store repairs what it carried');
    }
  });

  const send = (channel: string, payload: Buffer | string) => {
    // Fails at once while Redis is away (no offline queue): the others repair from the store.
    client.publish(channel, payload).catch((err: unknown) => log.debug({ err, channel }, 'relay publish failed'));
  };

  const subscribed = subscriber.subscribe(ACCESS_CHANNEL);

  return {
    instanceId,
    async join(docName, onMessage) {
      const channel = DOC_CHANNEL_PREFIX + docName;
      listeners.set(channel, onMessage);
      const done = subscriber.subscribe(channel);
      if (redis.up) await done;
      else done.catch(() => {});
    },
    leave(docName) {
      const channel = DOC_CHANNEL_PREFIX + docName;
      if (!listeners.delete(channel)) return;
      subscriber.unsubscribe(channel).catch(() => {});
    },
    publish(docName, message) {
      send(DOC_CHANNEL_PREFIX + docName, encode(instanceId, message));
    },
    publishAccess(message) {
      send(ACCESS_CHANNEL, JSON.stringify({ ...message, from: instanceId }));
    },
    onAccess: (fn) => void accessListeners.push(fn),
    async handOver(h) {
      await client.rpush(HANDOVER_LIST, encodeHandover(h));
    },
    async takeHandovers(max) {
      const taken = await client.lpopBuffer(HANDOVER_LIST, max);
      const found: Handover[] = [];
      for (const b of taken ?? []) {
        try {
          found.push(decodeHandover(b));
        } catch (err) {
          log.error({ err }, 'dropped an unreadable handover entry');
        }
      }
      return found;
    },
    onReconnect: (fn) => redis.onReconnect(fn),
    async close() {
      listeners.clear();
      await subscribed.catch(() => {});
    },
  };
}

function encodeHandover({ docName, updates }: Handover): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeVarUint(e, updates.length);
  for (const u of updates) encoding.writeVarUint8Array(e, u);
  return Buffer.from(encoding.toUint8Array(e));
}

function decodeHandover(payload: Uint8Array): Handover {
  const d = decoding.createDecoder(payload);
  const docName = decoding.readVarString(d);
  const updates: Uint8Array[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) updates.push(decoding.readVarUint8Array(d));
  return { docName, updates };
}

function encode(from: string, message: RelayMessage): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, from);
  if (message.kind === 'updates') {
    encoding.writeVarUint(e, KIND_UPDATES);
    encoding.writeVarUint(e, message.firstSeq);
    encoding.writeVarUint(e, message.updates.length);
    for (const u of message.updates) encoding.writeVarUint8Array(e, u);
  } else {
    encoding.writeVarUint(e, KIND_AWARENESS);
    encoding.writeVarUint8Array(e, message.update);
  }
  return Buffer.from(encoding.toUint8Array(e));
}

function decode(payload: Uint8Array): { from: string; message: RelayMessage } {
  const d = decoding.createDecoder(payload);
  const from = decoding.readVarString(d);
  const kind = decoding.readVarUint(d);
  if (kind === KIND_UPDATES) {
    const firstSeq = decoding.readVarUint(d);
    const updates: Uint8Array[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) updates.push(decoding.readVarUint8Array(d));
    return { from, message: { kind: 'updates', firstSeq, updates } };
  }
  if (kind === KIND_AWARENESS) return { from, message: { kind: 'awareness', update: decoding.readVarUint8Array(d) } };
  throw new Error(`unknown relay message kind ${kind}`);
}
