import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { warmUpYjs } from './collab/warmup.js';
import { ConfigError, fallbackOrigin, loadConfig } from './config.js';
import { createLogger } from './lib/logger.js';
import { createStore } from './storage/index.js';

const SHUTDOWN_GRACE_MS = 15_000;
/** Time left after handing over for Redis to take the updates and for the sockets to close. */
const HANDOVER_MARGIN_MS = 5_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`samla: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  config.clientDist ??= fileURLToPath(new URL('../../client/dist', import.meta.url));
  const log = createLogger(config.logLevel);

  let store;
  let app;
  try {
    store = createStore(config);
    app = await createApp({ config, store, log });
  } catch (err) {
    // One readable line, not a stack trace: the usual causes are a wrong MONGODB_URI or an unreachable server.
    console.error(`samla: could not start: ${err instanceof Error ? err.message : String(err)}`);
    // Best effort on the way out: the reason is printed above, and a store that failed to open may fail to close.
    await store?.close().catch(() => {});
    process.exit(1);
  }

  // The first documents loaded after a deploy should not pay for V8 optimising Yjs.
  const warmUpStarted = performance.now();
  warmUpYjs();
  log.debug({ ms: Math.round(performance.now() - warmUpStarted) }, 'Yjs warmed up');

  await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://localhost:${port}`;
  log.info({ port, pid: process.pid, store: store.kind }, `Samla is listening on ${base}`);
  if (!config.publicUrl) {
    const links = fallbackOrigin(config.host, port);
    log.info({ allowedHosts: config.allowedHosts }, `PUBLIC_URL is unset: links in mails point to ${links} or to an ALLOWED_HOSTS host`);
  }
  if (app.setupToken) {
    // Printed once: only the hash is stored, so this link cannot be recovered later.
    console.log(`\nNo coordinator account yet. Create it here (one-time link):\n  ${base}/setup?token=${app.setupToken}\n`);
  }

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down; flushing pending writes');
    const force = setTimeout(() => {
      log.error('pending writes could not be flushed in time; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    // Cluster mode: what the store has not taken by then goes to another instance (collab close).
    app.close({ handOverAfterMs: SHUTDOWN_GRACE_MS - HANDOVER_MARGIN_MS }).then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
