import type { Server as HttpServer } from 'node:http';
import {
  AppError,
  checkProtocol,
  ErrorCode,
  fail,
  failWith,
  PROTOCOL_PARAM,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type PublicUser,
  type ServerToClientEvents,
} from '@samla/shared';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { toPublicUser, type AuthService } from '../auth/service.js';
import type { RedisLink } from '../cluster/redis.js';
import { describeIssue } from '../http/errors.js';
import { isOwnOrigin } from '../http/session.js';

export interface SocketData {
  /** Public fields only: socket data crosses instances through the adapter. */
  user: PublicUser;
}

export type SamlaServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SamlaSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type Handle = ReturnType<typeof commandHandler>;

/**
 * Wraps a command handler: validates the payload with its zod schema, answers exactly once
 * with the Ack shape, turns a thrown AppError into its error ack (the code HTTP would answer),
 * and any other thrown error into a logged `internal`, without killing the socket.
 */
export const commandHandler = (log: Logger) =>
  function handle<S extends z.ZodType, T>(schema: S, fn: (payload: z.infer<S>) => Promise<Ack<T>>) {
  return async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply(fail(ErrorCode.invalidPayload, describeIssue(parsed.error)));
    try {
      reply(await fn(parsed.data));
    } catch (err) {
      if (err instanceof AppError) return reply(failWith(err));
      log.error({ err }, 'socket handler failed');
      reply(fail(ErrorCode.internal, 'internal error'));
    }
  };
}

/**
 * Socket.IO across instances, on the stream `<prefix>io` and channels starting with it (`samla:<MONGODB_DB>:io`,
 * the deployment's prefix, see RedisLink). Broadcasts, room joins and leaves and disconnects go through one Redis
 * stream that each instance reads from its last offset, so a short Redis outage delays them instead of
 * losing them; serverSideEmit and fetchSockets use pub/sub.
 * - `maxLen`: the stream is trimmed (approximately) to 10 000 entries. Only a reader whose event loop
 *   stalls falls that far behind: at a few hundred broadcasts a second that is tens of seconds of slack,
 *   and Redis holds at most 10 000 session states of a few kB, tens of MB.
 * - `onlyPlaintext`: every event is JSON (Yjs binary has its own WebSocket), so the adapter need not scan
 *   each message for binary parts.
 */
const adapterOptions = (key: string) => ({ streamName: key, channelPrefix: key, maxLen: 10_000, onlyPlaintext: true });
const adapterKey = (redis: RedisLink) => `${redis.prefix}io`;

export async function createIo(
  httpServer: HttpServer,
  deps: { auth: AuthService; log: Logger; publicUrl: string | undefined; redis: RedisLink | null },
): Promise<SamlaServer> {
  const io: SamlaServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || isOwnOrigin(origin, req.headers.host, deps.publicUrl));
    },
    ...(deps.redis ? { adapter: createAdapter(deps.redis.adapterClient, adapterOptions(adapterKey(deps.redis))) } : {}),
  });
  io.use(async (socket, next) => {
    // Before the session: a tab of an old build must learn that it has to reload, signed in or not.
    const version = checkProtocol((socket.handshake.auth as Record<string, unknown> | undefined)?.[PROTOCOL_PARAM]);
    if (version !== 'ok') return next(new Error(version === 'clientTooOld' ? ErrorCode.clientTooOld : ErrorCode.serverTooOld));
    try {
      const user = await deps.auth.userFromCookieHeader(socket.request.headers.cookie);
      if (!user) return next(new Error(ErrorCode.unauthenticated));
      socket.data.user = toPublicUser(user);
      next();
    } catch (err) {
      next(err as Error);
    }
  });
  if (deps.redis) await subscribed(io, deps.redis);
  return io;
}

/**
 * Resolves once the adapter listens on its pub/sub channels: until then what the other instances send
 * this one (answers to its hello, server-side events) would be lost. The adapter subscribes in the
 * background; Redis counts the subscribers of its private channel (`<prefix>#<namespace>#<uid>#`).
 * Its stream reader starts at the same moment, after a connect of its own.
 */
async function subscribed(io: SamlaServer, redis: RedisLink): Promise<void> {
  const { uid } = io.sockets.adapter as unknown as { uid: string };
  const channel = `${adapterKey(redis)}#/#${uid}#`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [, count] = (await redis.adapterClient.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(count) > 0) return;
    if (Date.now() > deadline) throw new Error('Socket.IO’s Redis adapter did not subscribe within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** This instance's sockets in `room`, from the adapter's own map: no round trip to the other instances. */
export function localSockets(io: SamlaServer, room: string): SamlaSocket[] {
  const out: SamlaSocket[] = [];
  for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
    const socket = io.sockets.sockets.get(id);
    if (socket) out.push(socket);
  }
  return out;
}

/**
 * `apply` runs on every instance, here at once and on the others through serverSideEmit, for what the
 * adapter cannot do to another instance's sockets: change their data, or take them out of rooms known
 * only by a prefix. Without Redis it only runs here. The returned function answers what `apply` does
 * here; `apply` handles its own failures, as nobody awaits it on the other instances.
 */
export type OnEveryInstance = <E extends keyof InterServerEvents, R>(
  event: E,
  apply: (...args: Parameters<InterServerEvents[E]>) => R,
) => (...args: Parameters<InterServerEvents[E]>) => R;

export function onEveryInstance(io: SamlaServer, clustered: boolean): OnEveryInstance {
  return (event, apply) => {
    if (!clustered) return apply;
    (io.on as (ev: string, fn: typeof apply) => void)(event, apply);
    return (...args) => {
      (io.serverSideEmit as (ev: string, ...a: typeof args) => void)(event, ...args);
      return apply(...args);
    };
  };
}
