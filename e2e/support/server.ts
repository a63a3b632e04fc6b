import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../server/src/auth/passwords.js';
import type { Store } from '../../server/src/storage/store.js';
import { ADMIN, removeDir, startServer, type TestServer } from '../../server/src/test/harness.js';

export { ADMIN };

/** E2E_CLIENT_DIST lets parallel work on the client test its own build (`vite build --outDir …`). */
export const clientDist = process.env.E2E_CLIENT_DIST ?? fileURLToPath(new URL('../../client/dist', import.meta.url));

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** A second person for the two-person scenarios: a plain member of Plast. */
export const MEMBER: Person = { name: 'Bo Medlem', email: 'bo@example.se', password: 'bo-har-ett-langt-losenord' };

/**
 * The real server, in-process on a free port with a temp data dir (SQLite), serving the built
 * client. The coordinator `ADMIN` exists from the start and is facilitator of every group.
 */
export type AppServer = TestServer & { close(): Promise<void> };

export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  if (!existsSync(`${clientDist}/index.html`)) {
    throw new Error(`No built client in ${clientDist}: run \`npm run build -w client\` first (npm test does).`);
  }
  const server = await startServer({ env: { CLIENT_DIST: clientDist, ...env } });
  return {
    ...server,
    async close() {
      await server.stop();
      removeDir(server.dataDir);
    },
  };
}

/** Creates a user through the store and makes them a member of the given groups. */
export async function createMember(
  store: Store,
  person: Person,
  groups: { id: string; role: 'facilitator' | 'member' | 'observer' }[] = [{ id: 'plast', role: 'member' }],
): Promise<string> {
  const now = new Date();
  const id = randomUUID();
  await store.users.create({
    id,
    email: person.email,
    name: person.name,
    passwordHash: await hashPassword(person.password),
    role: 'member',
    createdAt: now,
  });
  for (const g of groups) {
    await store.memberships.upsert({ groupId: g.id, userId: id, role: g.role, createdAt: now });
  }
  return id;
}
