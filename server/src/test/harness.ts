import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_PARAM, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@samla/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createApp, type App } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { createStore } from '../storage/index.js';
import type { DocSchema } from '../storage/docSchema.js';
import type { Store } from '../storage/store.js';

export const ADMIN = { email: 'koordinator@example.se', password: 'hemligt-lösenord-1', name: 'Kim Koordinator' };

export interface TestServer {
  app: App;
  store: Store;
  config: Config;
  url: string;
  wsUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The whole server on port 0. Uses MONGODB_URI from the environment when `mongo` is set
 * (with a fresh database name), otherwise SQLite in `dataDir` (a new temp dir by default).
 */
export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; mongoDb?: string; store?: Store; now?: () => Date; docSchema?: DocSchema } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'samla-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SAMLA_ADMIN_EMAIL: ADMIN.email,
    SAMLA_ADMIN_PASSWORD: ADMIN.password,
    SAMLA_ADMIN_NAME: ADMIN.name,
    ...(opts.mongoDb ? { MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: opts.mongoDb } : {}),
    ...opts.env,
  });
  const store = opts.store ?? createStore(config);
  const app = await createApp({ config, store, log: createLogger(config.logLevel), now: opts.now, docSchema: opts.docSchema });
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', r));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    app,
    store,
    config,
    dataDir,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    stop: () => app.close(),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const MEMBER_PASSWORD = 'ett-bra-lösenord';

/**
 * Creates a person (in the `plast` group with `role`, or in no group) and signs them in.
 * Returns their id and session cookie.
 */
export async function addPerson(s: TestServer, email: string, role?: 'facilitator' | 'member' | 'observer') {
  const id = `u-${email.split('@')[0]}`;
  await s.store.users.create({
    id,
    email,
    name: email.split('@')[0]!,
    passwordHash: await hashPassword(MEMBER_PASSWORD),
    role: 'member',
    createdAt: new Date(),
  });
  if (role) await s.store.memberships.upsert({ groupId: 'plast', userId: id, role, createdAt: new Date() });
  return { id, cookie: await signIn(s.url, email, MEMBER_PASSWORD) };
}

/** Signs in over HTTP and returns the session cookie header value. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** The URL a client of this build opens for `docName` (`wsUrl` is a TestServer's `ws://…/yjs`). */
export const docUrl = (wsUrl: string, docName: string): string => `${wsUrl}/${docName}?${PROTOCOL_PARAM}=${PROTOCOL_VERSION}`;

/** A y-websocket client in Node that syncs only through the server (no BroadcastChannel). */
export function connectDoc(wsUrl: string, docName: string, cookie: string | null, doc = new Y.Doc()) {
  const WS = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  };
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) },
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return { doc, provider };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function connectSocket(baseUrl: string, cookie: string | null): Socket<ServerToClientEvents, ClientToServerEvents> {
  return ioClient(baseUrl, {
    transports: ['websocket'],
    auth: { [PROTOCOL_PARAM]: PROTOCOL_VERSION },
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
}
