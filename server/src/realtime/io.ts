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
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { toPublicUser, type AuthService } from '../auth/service.js';
import { describeIssue } from '../http/errors.js';
import { isOwnOrigin } from '../http/session.js';

export interface SocketData {
  /** Public fields only: socket data crosses instances through the adapter. */
  user: PublicUser;
  /**
   * Ids of the sessions this socket joined, so that its leaving can be announced after Socket.IO has
   * already taken it out of the rooms. An array, not a Set: the adapter serialises socket data.
   */
  meetings?: string[];
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

export function createIo(
  httpServer: HttpServer,
  deps: { auth: AuthService; log: Logger; publicUrl: string | undefined },
): SamlaServer {
  const io: SamlaServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || isOwnOrigin(origin, req.headers.host, deps.publicUrl));
    },
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
  return io;
}
