import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { applicationRoutes } from './applications/routes.js';
import { createAudit } from './audit/log.js';
import { auditRoutes } from './audit/routes.js';
import { createAuditLog } from './audit/service.js';
import { accountRoutes } from './auth/account.js';
import { authRoutes, sessionCookieSetter } from './auth/routes.js';
import { createLimiters } from './auth/rateLimit.js';
import { createAuthService, sessionHashOfCookieHeader, toPublicUser } from './auth/service.js';
import { connectRedis, type RedisLink } from './cluster/redis.js';
import { createRelay } from './cluster/relay.js';
import { createCollabServer } from './collab/server.js';
import { fallbackOrigin, type Config } from './config.js';
import { directoryRoutes } from './directory/routes.js';
import { groupRoutes } from './groups/routes.js';
import { HistoryRecorder } from './history/recorder.js';
import { historyRoutes } from './history/routes.js';
import { joinAllGroups, seedEmptyStore } from './groups/seed.js';
import { errorHandler, linkOrigin, notFoundApi } from './http/errors.js';
import { sameOrigin, sessionMiddleware } from './http/session.js';
import { invitationRoutes } from './invitations/routes.js';
import { createInvitations } from './invitations/service.js';
import { StoreHealth } from './lib/health.js';
import { createMailer, type Mailer } from './lib/mailer.js';
import { registerMeetings } from './meetings/events.js';
import { meetingRoutes } from './meetings/routes.js';
import { archiveRoutes } from './meetings/archive.js';
import { trackerRoutes } from './meetings/tracker.js';
import { calendarRoutes } from './calendar/routes.js';
import { createMeetings } from './meetings/service.js';
import { memberRoutes } from './members/routes.js';
import { createMembers } from './members/service.js';
import { createOrganisations } from './organisations/service.js';
import { organisationRoutes } from './organisations/routes.js';
import { createPolicy } from './policy/policy.js';
import { SearchIndexer } from './search/indexer.js';
import { searchRoutes } from './search/routes.js';
import { exportRoutes } from './export/routes.js';
import { registerMembersWatch } from './members/events.js';
import { registerPresence } from './presence/events.js';
import { commandHandler, createIo, localSockets, onEveryInstance, type SamlaServer } from './realtime/io.js';
import { groupRoom, MEETING_ROOMS, meetingRoom as meetingRoomName, sessionRoom, userRoom } from './realtime/rooms.js';
import { createRoster } from './realtime/roster.js';
import type { DocSchema } from './storage/docSchema.js';
import type { MeetingRecord, Store } from './storage/store.js';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  now?: () => Date;
  /** The document layout to migrate to; tests pass a future one. Default: this build's. */
  docSchema?: DocSchema;
}

export interface App {
  /** Cluster mode's Redis (REDIS_URL), null for one process. */
  redis: RedisLink | null;
  httpServer: Server;
  /** The Express app behind httpServer (Socket.IO sits in front of it); tests read its routes. */
  http: express.Express;
  io: SamlaServer;
  collab: ReturnType<typeof createCollabServer>;
  /** The search index writer; `index()`/`unindex()` let other features add entries. */
  search: SearchIndexer;
  /** The one-time setup token when no coordinator exists yet; the caller prints the link. */
  setupToken: string | null;
  /** Outgoing mail; without SMTP_URL its outbox holds what would have been sent. */
  mailer: Mailer;
  /** Stops accepting, closes sockets, flushes pending Yjs writes, closes the store. */
  close(opts?: { handOverAfterMs?: number }): Promise<void>;
}

/** Builds the whole server around an initialised-or-not store. Nothing global: tests start many. */
export async function createApp({ config, store, log, now = () => new Date(), docSchema }: AppDeps): Promise<App> {
  await store.init();
  await seedEmptyStore(store, now());
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log, `samla:${config.mongodbDb}:`) : null;
  const limiters = createLimiters(redis);
  const relay = redis ? createRelay(redis, log) : null;

  const health = new StoreHealth();
  const policy = createPolicy(store);
  const auth = createAuthService({
    store,
    log,
    now,
    sessionTtlMs: config.sessionTtlMs,
    limiters,
    onCoordinatorCreated: (user) => joinAllGroups(store, user, now()),
  });
  const setupToken = await auth.bootstrap(config.admin);

  const recorder = new HistoryRecorder(store, log, now, config.snapshotIntervalMs);
  // Keeps the search index in step with the documents; `search.index()` is the hook for other features' entries.
  const search = new SearchIndexer({
    store,
    log,
    now,
    loadedDoc: (name) => collab.loadedDocs().get(name)?.doc,
    // One index pass per document and delay across the cluster: each instance holds every change (the relay).
    claim: redis
      ? async (name, readAt, ms) => {
          const held = await redis.client.set(`${redis.prefix}search:${name}`, readAt, 'PX', ms, 'NX', 'GET');
          return held === null ? null : Number(held);
        }
      : undefined,
  });
  const collab = createCollabServer({
    store,
    relay,
    auth,
    policy,
    log,
    health,
    publicUrl: config.publicUrl,
    maxPayload: config.wsMaxPayload,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    maxDocBytes: config.maxDocBytes,
    unloadAfterMs: config.docUnloadAfterMs,
    pingIntervalMs: config.yjsPingIntervalMs,
    schema: docSchema,
    onLocalChange: (doc, userId) => {
      recorder.changed(doc, userId);
      search.changed(doc.name);
    },
    onLastClientLeft: (doc) => recorder.lastClientLeft(doc),
    onUnload: (doc) => search.unloading(doc.name, doc.doc),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config.publicUrl));
  const httpServer = createServer(app);
  const io = await createIo(httpServer, { auth, log, publicUrl: config.publicUrl, redis });
  const everyInstance = onEveryInstance(io, redis !== null);
  const roster = createRoster(io, {
    prefixes: [groupRoom(''), MEETING_ROOMS],
    clustered: redis !== null,
    heartbeatMs: config.clusterHeartbeatMs,
    log,
  });
  // Every instance puts the person's new name on its own sockets of theirs: a remote socket's data cannot be set.
  const userChanged = everyInstance('user:changed', (user) => {
    for (const socket of localSockets(io, userRoom(user.id))) {
      socket.data.user = user;
      roster.refresh(socket.rooms);
    }
  });
  const links = linkOrigin({
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    // Asked per link, not at start: with PORT=0 the port is known only once listening.
    fallback: () => {
      const address = httpServer.address();
      return fallbackOrigin(config.host, typeof address === 'object' && address ? address.port : config.port);
    },
  });
  const audit = createAudit(store, now);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log });
  const meetings = createMeetings({ store, collab, recorder, now, log, minutesAmendMs: config.minutesAmendMs, timeZone: config.timeZone, search });
  const members = createMembers({ store, policy, audit, io, onEveryInstance: everyInstance, collab, now, accountDeleted: (userId) => meetings.reindexNaming(userId) });
  /**
   * A session ended (sign-out), all of a person's (password reset), or all but `{ except }` (password
   * change): their live connections end with them.
   */
  const endLiveSessions = (userId: string, session?: string | { except: string }): void => {
    collab.changeAccess(userId, null, 'signedOut', session);
    const sockets =
      typeof session === 'string' ? io.in(sessionRoom(session))
      : session ? io.in(userRoom(userId)).except(sessionRoom(session.except))
      : io.in(userRoom(userId));
    sockets.disconnectSockets(true);
  };
  const invitations = createInvitations({
    store,
    auth,
    audit,
    mailer,
    now,
    invitationTtlMs: config.invitationTtlMs,
    passwordResetTtlMs: config.passwordResetTtlMs,
    joinRequested: members.listChanged,
    signedOutEverywhere: (userId) => endLiveSessions(userId),
  });
  const setCookie = sessionCookieSetter({ secure: config.cookieSecure, ttlMs: config.sessionTtlMs });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const reachable = await store.ping().then(
      () => true,
      () => false,
    );
    // Without Redis an instance still serves its own clients, but a load balancer should send new ones elsewhere.
    // A stopping instance is not ready: the proxy sends new clients elsewhere while it flushes.
    const ready = reachable && !health.degraded && (redis?.up ?? true) && !closing;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'degraded',
      store: { kind: store.kind, reachable, ...health.report() },
      ...(redis ? { redis: redis.report() } : {}),
    });
  });

  const api = express.Router();
  api.use(express.json({ limit: '100kb' }));
  api.use(sameOrigin(config.publicUrl));
  api.use(sessionMiddleware(auth));
  api.use(authRoutes(auth, setCookie, endLiveSessions));
  api.use(accountRoutes({
    store,
    auth,
    invitations,
    audit,
    mailer,
    linkOrigin: links,
    limiters,
    endOtherLiveSessions: (userId, keep) => endLiveSessions(userId, { except: keep }),
    // The person's open sockets carry the new name (presence, sessions) and email from now on.
    changed: (user) => userChanged(toPublicUser(user)),
  }));
  api.use(groupRoutes({ store, policy, members, audit, now }));
  api.use(applicationRoutes({
    store,
    policy,
    audit,
    mailer,
    invitations,
    now,
    linkOrigin: links,
    applyLimitPerHour: config.applyLimitPerHour,
    limiters,
  }));
  api.use(invitationRoutes({ invitations, policy, setCookie, linkOrigin: links, inviteLimitPerHour: config.inviteLimitPerHour, limiters }));
  api.use(directoryRoutes({ store, policy, audit, listWithoutContact: config.directoryListWithoutContact }));
  api.use(memberRoutes({ store, policy, members, loadedDoc: (name) => collab.loadedDocs().get(name)?.doc }));
  const auditLog = createAuditLog({ store, timeZone: config.timeZone });
  api.use(auditRoutes({ policy, auditLog, audit, timeZone: config.timeZone }));
  const organisations = createOrganisations({ store, audit, auditLog, invitations, members, now });
  api.use(organisationRoutes({ store, policy, audit, invitations, organisations, io, now, linkOrigin: links }));
  api.use(historyRoutes({ store, policy, collab, recorder }));
  api.use(searchRoutes({ store, policy, loadedDoc: (name) => collab.loadedDocs().get(name)?.doc }));
  api.use(exportRoutes({ store, policy, loadedDoc: (name) => collab.loadedDocs().get(name)?.doc }));
  const broadcastMeeting = async (m: MeetingRecord) => {
    io.to(meetingRoomName(m)).emit('meeting:updated', { state: await meetings.toState(m), serverNow: now().getTime() });
  };
  api.use(meetingRoutes({ store, policy, meetings, now, linkOrigin: links, broadcast: broadcastMeeting }));
  api.use(archiveRoutes({ store, policy, meetings, collab, now }));
  api.use(
    trackerRoutes({
      store,
      policy,
      meetings,
      now,
      broadcast: broadcastMeeting,
    }),
  );
  api.use(calendarRoutes({ store, policy, meetings, now, linkOrigin: links }));
  api.use(notFoundApi);
  app.use('/api', api);

  if (config.clientDist && existsSync(join(config.clientDist, 'index.html'))) {
    const dist = config.clientDist;
    // Gzip on the way out: the first screen's JavaScript is ~250 kB raw, ~80 kB gzipped, and a
    // self-hosted instance may have no proxy in front to do it.
    app.use(compression());
    // Vite names every built file by its content hash, so a browser may keep them for good.
    app.use('/assets', express.static(join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d' }));
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell, revalidated so a new release is seen at once.
    app.get(/^(?!\/(api|yjs|socket\.io)\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  }
  app.use(errorHandler(log));

  // Documents and sessions stored before search existed (or in a migrated store) are indexed in the background,
  // on one instance of a cluster (the backfill's lease covers the sessions too).
  search
    .backfill(() => meetings.backfillSearch())
    .catch((err: unknown) => log.warn({ err }, 'could not index the stored documents and sessions for search'));

  const handle = commandHandler(log);
  const presence = registerPresence(io, policy, handle, roster);
  const meetingRoom = registerMeetings({ io, policy, handle, meetings, store, now, roster, onEveryInstance: everyInstance });
  const membersWatch = registerMembersWatch(policy, handle);
  io.on('connection', (socket) => {
    try {
      const session = sessionHashOfCookieHeader(socket.request.headers.cookie);
      if (session) void socket.join(sessionRoom(session));
      presence(socket);
      meetingRoom(socket);
      membersWatch(socket);
    } catch (err) {
      log.error({ err }, 'socket connection setup failed');
      socket.disconnect(true);
    }
  });


  httpServer.on('upgrade', (req, socket, head) => {
    // An upgraded socket has no error listener of Node's: a reset by the client must not end the process.
    socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
    try {
      // Socket.IO registers its own upgrade listener; everything else that is not /yjs/ is refused.
      if (collab.handleUpgrade(req, socket, head)) return;
      if (!req.url?.startsWith('/socket.io/')) socket.destroy();
    } catch (err) {
      // The last line of defence: one bad request costs its own socket, never the process.
      log.error({ err, url: req.url }, 'upgrade failed');
      socket.destroy();
    }
  });

  const sweep = setInterval(() => {
    // Sign-in and links check expiry themselves: a failed sweep only leaves rows for the next one.
    void store.sessions.deleteExpired(now()).catch((err: unknown) => log.warn({ err }, 'could not delete expired sessions'));
    void store.tokens.deleteExpired(now()).catch((err: unknown) => log.warn({ err }, 'could not delete expired tokens'));
  }, 60 * 60_000);
  sweep.unref();

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    http: app,
    redis,
    io,
    collab,
    search,
    setupToken,
    mailer,
    close(opts) {
      closing ??= (async () => {
        clearInterval(sweep);
        const httpClosed = new Promise<void>((r) => httpServer.close(() => r()));
        await collab.close(opts);
        await search.close();
        roster.close();
        await io.close();
        httpServer.closeAllConnections();
        await httpClosed;
        await relay?.close();
        await redis?.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/**
 * helmet's defaults plus a Content-Security-Policy the built client passes: scripts only from this
 * origin (Vite emits no inline scripts), connections to this origin and its WebSocket endpoints (Yjs,
 * Socket.IO), inline style attributes (React style props, ProseMirror and Tiptap set them), data: images.
 */
function securityHeaders(publicUrl: string | undefined) {
  const sockets = (req: IncomingMessage) => {
    const host = publicUrl ? new URL(publicUrl).host : req.headers.host;
    return host ? `ws://${host} wss://${host}` : "'self'";
  };
  return helmet({
    contentSecurityPolicy: {
      directives: {
        connectSrc: ["'self'", sockets],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
}
