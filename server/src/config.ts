import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().default('samla'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis://host:port or rediss://…').optional(),
  CLUSTER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v) => (/^\d+$/.test(v.trim()) ? Number(v) : v.split(',').map((s) => s.trim()).filter(Boolean)))
    .pipe(z.union([z.number().int().min(0).max(10), z.array(z.string().regex(/^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i, 'expected loopback, linklocal, uniquelocal, addresses or CIDR ranges, or a hop count')).min(1)])),
  PUBLIC_URL: z.url().optional(),
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/, 'expected host[:port], comma-separated'))),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SAMLA_ADMIN_EMAIL: z.string().optional(),
  SAMLA_ADMIN_PASSWORD: z.string().optional(),
  SAMLA_ADMIN_NAME: z.string().default('Koordinator'),
  COOKIE_SECURE: bool.optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WS_MAX_PAYLOAD: z.coerce.number().int().min(1024).default(1024 * 1024),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(2).default(500),
  COMPACT_AFTER_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  DOC_UNLOAD_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
  YJS_PING_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  // 8 MiB keeps a whole document, and so its compacted base and snapshots, inside MongoDB's 16 MB document limit.
  MAX_DOC_BYTES: z.coerce.number().int().min(1024).max(12 * 1024 * 1024).default(8 * 1024 * 1024),
  SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(1000).default(10 * 60_000),
  CLIENT_DIST: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Samla <no-reply@samla.invalid>'),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  APPLY_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(10),
  DIRECTORY_LIST_WITHOUT_CONTACT: bool.default(false),
  INVITE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(30),
  TIME_ZONE: z
    .string()
    .default('Europe/Stockholm')
    .refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Stockholm'),
  MINUTES_AMEND_HOURS: z.coerce.number().min(0).max(24 * 90).default(48),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri: string | undefined;
  mongodbDb: string;
  /**
   * Cluster mode: several instances share one MongoDB and fan out through this Redis (Socket.IO rooms,
   * the Yjs relay, access changes, rate limits). Unset: one process, as without it.
   */
  redisUrl: string | undefined;
  /**
   * In cluster mode, how often an instance repeats to the others who is in its presence and session
   * rooms; they forget its people three of these after they last heard it (a killed instance).
   */
  clusterHeartbeatMs: number;
  /**
   * Which proxies' X-Forwarded-For is believed (Express `trust proxy`): the client address that rate limits
   * count by. Default loopback; behind a proxy on a private network (docker compose), `uniquelocal`.
   */
  trustProxy: number | string[];
  /** The origin browsers use; when unset, the origin check compares with the Host header of each request. */
  publicUrl: string | undefined;
  /** Without PUBLIC_URL: Host values (host[:port], lower case) that links in mails may point to. */
  allowedHosts: string[];
  logLevel: string;
  admin: { email: string; password: string; name: string } | undefined;
  cookieSecure: boolean;
  sessionTtlMs: number;
  wsMaxPayload: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  docUnloadAfterMs: number;
  yjsPingIntervalMs: number;
  maxDocBytes: number;
  /** An automatic version is taken at most this often while a document is being edited. */
  snapshotIntervalMs: number;
  /** Built client to serve at `/`; unset serves the API only. */
  clientDist: string | undefined;
  /** nodemailer transport URL; unset means links are logged instead of mailed. */
  smtpUrl: string | undefined;
  mailFrom: string;
  invitationTtlMs: number;
  passwordResetTtlMs: number;
  /** Applications per client address, and invitations per person, per hour. */
  applyLimitPerHour: number;
  /** List organisations without a contact person in the public directory too (default: they leave it until one exists). */
  directoryListWithoutContact: boolean;
  inviteLimitPerHour: number;
  /** How long after a session ends its attendees may amend the minutes (unless approved earlier). */
  minutesAmendMs: number;
  /** The network's time zone: minutes and exports give times in it. */
  timeZone: string;
};

export class ConfigError extends Error {}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.SAMLA_ADMIN_EMAIL) !== Boolean(e.SAMLA_ADMIN_PASSWORD)) {
    throw new ConfigError('invalid configuration: set both SAMLA_ADMIN_EMAIL and SAMLA_ADMIN_PASSWORD, or neither');
  }
  if (e.REDIS_URL && !e.MONGODB_URI) {
    // Instances must share their state: the embedded SQLite store belongs to one process (it locks its file).
    throw new ConfigError('invalid configuration: REDIS_URL (cluster mode) needs MONGODB_URI, a store all instances share');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    mongodbUri: e.MONGODB_URI || undefined,
    mongodbDb: e.MONGODB_DB,
    redisUrl: e.REDIS_URL || undefined,
    trustProxy: e.TRUST_PROXY,
    clusterHeartbeatMs: e.CLUSTER_HEARTBEAT_MS,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    allowedHosts: e.ALLOWED_HOSTS,
    logLevel: e.LOG_LEVEL,
    admin: e.SAMLA_ADMIN_EMAIL
      ? { email: e.SAMLA_ADMIN_EMAIL, password: e.SAMLA_ADMIN_PASSWORD!, name: e.SAMLA_ADMIN_NAME }
      : undefined,
    cookieSecure: e.COOKIE_SECURE ?? (e.PUBLIC_URL?.startsWith('https:') ?? false),
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
    wsMaxPayload: e.WS_MAX_PAYLOAD,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    compactAfterBytes: e.COMPACT_AFTER_BYTES,
    docUnloadAfterMs: e.DOC_UNLOAD_AFTER_MS,
    yjsPingIntervalMs: e.YJS_PING_INTERVAL_MS,
    maxDocBytes: e.MAX_DOC_BYTES,
    snapshotIntervalMs: e.SNAPSHOT_INTERVAL_MS,
    clientDist: e.CLIENT_DIST,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    invitationTtlMs: e.INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000,
    passwordResetTtlMs: e.PASSWORD_RESET_TTL_MINUTES * 60 * 1000,
    applyLimitPerHour: e.APPLY_LIMIT_PER_HOUR,
    directoryListWithoutContact: e.DIRECTORY_LIST_WITHOUT_CONTACT,
    inviteLimitPerHour: e.INVITE_LIMIT_PER_HOUR,
    minutesAmendMs: e.MINUTES_AMEND_HOURS * 60 * 60 * 1000,
    timeZone: e.TIME_ZONE,
  };
}

/**
 * Where links point when PUBLIC_URL is unset and the request's Host is not in ALLOWED_HOSTS: this
 * server as HOST and PORT name it, a wildcard address read as `localhost`. `port` is the listening one
 * (PORT may be 0).
 */
export function fallbackOrigin(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
