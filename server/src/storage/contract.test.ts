import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactDoc, mergeStoredDoc } from './docState.js';
import { backends, mongoUri } from './contractBackends.js';
import {
  DuplicateError,
  type ApplicationRecord,
  type CalendarFeedRecord,
  type GroupRecord,
  type MeetingRecord,
  type OrganisationRecord,
  type TokenRecord,
  type SnapshotRecord,
  type Store,
  type StoredDoc,
  type UserRecord,
} from './store.js';

/**
 * One behavioural contract for every Store (the backends: contractBackends.ts; search: searchContract.test.ts).
 */

if (process.env.CI === 'true' && !mongoUri) {
  describe('storage contract: mongo', () => {
    it('must run in CI', () => {
      throw new Error(
        'MONGODB_URI is not set, so the MongoDB store contract would be skipped. In CI it must run: ' +
          'source .ci/ferretdb.sh (or point MONGODB_URI at a MongoDB) before the tests.',
      );
    });
  });
}

const t0 = new Date('2025-03-01T09:00:00.123Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function user(id: string, over: Partial<UserRecord> = {}): UserRecord {
  return { id, email: `${id}@example.se`, name: `Namn ${id}`, passwordHash: `scrypt$hash-${id}`, role: 'member', createdAt: t0, organisationId: null, ...over };
}

function group(id: string, over: Partial<GroupRecord> = {}): GroupRecord {
  return { id, name: `Grupp ${id}`, description: `Om ${id}`, createdAt: t0, archivedAt: null, ...over };
}

function organisation(id: string, over: Partial<OrganisationRecord> = {}): OrganisationRecord {
  return {
    id,
    name: `Org ${id}`,
    orgNumber: '202100-5448',
    street: 'Storgatan 1',
    postalCode: '111 22',
    municipality: 'Solna',
    website: null,
    groupIds: ['plast'],
    contactUserId: null,
    joinedAt: t0,
    description: '',
    status: 'active',
    leftAt: null,
    ...over,
  };
}

function application(id: string, over: Partial<ApplicationRecord> = {}): ApplicationRecord {
  const { id: _, joinedAt: __, contactUserId: ___, description: _d, status: _s, leftAt: _l, ...org } = organisation(id);
  return {
    id,
    status: 'pending',
    ...org,
    contactName: 'Alex',
    contactEmail: 'alex@example.se',
    createdAt: t0,
    statusTokenHash: `status-${id}`,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    organisationId: null,
    ...over,
  };
}

function meeting(id: string, over: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    id, groupId: 'plast', title: `Möte ${id}`, startsAt: t0.getTime(), endsAt: t0.getTime() + 3_600_000,
    place: 'Rum "Å", plan 2', videoUrl: null,
    agenda: [{ id: 'a1', title: 'Läget', timeboxMinutes: 10, link: { kind: 'board', itemId: 'tavla-0001' }, spentMs: 0 }],
    status: 'scheduled', facilitatorId: 'kim', facilitators: [{ userId: 'kim', since: t0.getTime() }],
    createdBy: 'kim', createdAt: t0.getTime(), updatedAt: t0.getTime(), currentItem: null, currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [],
    speaking: null, vote: null, voteResults: [], decisions: [], actionItems: [], attendance: [],
    startedAt: null, endedAt: null, minutes: null, version: 1,
    ...over,
  };
}

function token(hash: string, over: Partial<TokenRecord> = {}): TokenRecord {
  return {
    hash,
    kind: 'invitation',
    email: 'ny@example.se',
    name: null,
    organisationId: 'org1',
    userId: null,
    createdBy: 'kim',
    createdAt: t0,
    expiresAt: at(60_000),
    ...over,
  };
}

/** A writer whose every local change becomes one update, like a y-websocket client. */
function writer() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  return {
    doc,
    updates,
    type(n: number, tag: string) {
      for (let i = 0; i < n; i++) {
        text.insert(text.length, `${tag}${i} `);
        // Deletions too: a compaction must carry the delete set, not only inserted content.
        if (i % 4 === 3) text.delete(0, 2);
      }
    },
  };
}

/** Applies a stored doc to a fresh Y.Doc: what a server hands to its first client. */
function materialise(stored: StoredDoc): { text: string; state: Uint8Array } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, mergeStoredDoc(stored));
  const out = { text: doc.getText('t').toString(), state: Y.encodeStateAsUpdate(doc) };
  doc.destroy();
  return out;
}

/** The same, for a set of raw updates: the expected outcome. */
function expected(...updates: Uint8Array[][]): { text: string; state: Uint8Array } {
  return materialise({ base: null, baseSeq: 0, updates: updates.flat().map((data, i) => ({ seq: i + 1, data })) });
}

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends.map((b) => [b.name, b] as const))('storage contract: %s', (_name, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('lifecycle', () => {
    it('init is idempotent and keeps data; ping answers', async () => {
      await store.users.create(user('a'));
      await store.init();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.users.findById('a')).toEqual(user('a'));
    });
  });

  describe('users', () => {
    it('finds a created user by id and by email, with every field intact', async () => {
      const u = user('kim', { role: 'coordinator', name: 'Kim Åström' });
      await store.users.create(u);
      expect(await store.users.findById('kim')).toEqual(u);
      expect(await store.users.findByEmail('kim@example.se')).toEqual(u);
      expect((await store.users.findById('kim'))!.createdAt).toBeInstanceOf(Date);
    });

    it('returns null for unknown users', async () => {
      await store.users.create(user('kim'));
      expect(await store.users.findById('nobody')).toBeNull();
      expect(await store.users.findByEmail('nobody@example.se')).toBeNull();
    });

    it('rejects a taken email or id with DuplicateError and keeps the first account', async () => {
      await store.users.create(user('kim'));
      await expect(store.users.create(user('other', { email: 'kim@example.se' }))).rejects.toBeInstanceOf(DuplicateError);
      await expect(store.users.create(user('kim', { email: 'new@example.se' }))).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.users.list()).toEqual([user('kim')]);
    });

    it('counts by role and lists in creation order', async () => {
      await store.users.create(user('c', { createdAt: at(2000) }));
      await store.users.create(user('a', { createdAt: at(1000), role: 'coordinator' }));
      await store.users.create(user('b', { createdAt: at(2000) }));
      expect(await store.users.countByRole('coordinator')).toBe(1);
      expect(await store.users.countByRole('member')).toBe(2);
      expect((await store.users.list()).map((u) => u.id)).toEqual(['a', 'b', 'c']);
    });

    it('finds the existing accounts among a list of ids, whole, and nothing for an empty list', async () => {
      for (const id of ['a', 'b', 'c']) await store.users.create(user(id));
      const found = await store.users.findByIds(['c', 'gone', 'a', 'a']);
      expect(found.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([user('a'), user('c')]);
      expect(await store.users.findByIds([])).toEqual([]);
      expect(await store.users.findByIds(['gone'])).toEqual([]);
    });
  });

  describe('sessions', () => {
    const session = (idHash: string, expiresAt: Date) => ({ idHash, userId: 'kim', createdAt: t0, expiresAt });

    it('creates, finds and deletes a session', async () => {
      const s = session('h1', at(60_000));
      await store.sessions.create(s);
      expect(await store.sessions.find('h1')).toEqual(s);
      await store.sessions.delete('h1');
      expect(await store.sessions.find('h1')).toBeNull();
      await store.sessions.delete('h1');
      expect(await store.sessions.list()).toEqual([]);
    });

    it('deletes exactly the sessions expired at the given time and reports how many', async () => {
      await store.sessions.create(session('past', at(-1)));
      await store.sessions.create(session('now', at(0)));
      await store.sessions.create(session('future', at(1)));
      expect(await store.sessions.deleteExpired(t0)).toBe(2);
      expect((await store.sessions.list()).map((s) => s.idHash)).toEqual(['future']);
      expect(await store.sessions.deleteExpired(t0)).toBe(0);
    });
  });

  describe('groups', () => {
    it('creates, finds and lists groups; a taken id is a DuplicateError', async () => {
      await store.groups.create(group('transporter', { createdAt: at(1) }));
      await store.groups.create(group('plast'));
      await expect(store.groups.create(group('plast', { name: 'Annan' }))).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.groups.findById('plast')).toEqual(group('plast'));
      expect(await store.groups.findById('saknas')).toBeNull();
      expect((await store.groups.list()).map((g) => g.id)).toEqual(['plast', 'transporter']);
    });
  });

  describe('memberships', () => {
    it('upsert inserts, then changes only the role', async () => {
      await store.memberships.upsert({ groupId: 'plast', userId: 'kim', role: 'member', createdAt: t0 });
      await store.memberships.upsert({ groupId: 'plast', userId: 'kim', role: 'facilitator', createdAt: at(5000) });
      expect(await store.memberships.find('plast', 'kim')).toEqual({ groupId: 'plast', userId: 'kim', role: 'facilitator', createdAt: t0 });
      expect(await store.memberships.list()).toHaveLength(1);
      expect(await store.memberships.find('plast', 'nobody')).toBeNull();
    });

    it('lists by user, by group and overall', async () => {
      const m = (groupId: string, userId: string, ms: number) =>
        ({ groupId, userId, role: 'member', createdAt: at(ms) }) as const;
      await store.memberships.upsert(m('transporter', 'kim', 2));
      await store.memberships.upsert(m('plast', 'kim', 1));
      await store.memberships.upsert(m('plast', 'ali', 3));
      await store.memberships.upsert(m('cirkulart-byggande', 'ali', 3));
      expect(await store.memberships.listForUser('kim')).toEqual([m('plast', 'kim', 1), m('transporter', 'kim', 2)]);
      expect(await store.memberships.listForGroup('plast')).toEqual([m('plast', 'kim', 1), m('plast', 'ali', 3)]);
      expect(await store.memberships.listForUser('ali')).toEqual([m('cirkulart-byggande', 'ali', 3), m('plast', 'ali', 3)]);
      expect((await store.memberships.list()).map((x) => `${x.groupId}/${x.userId}`)).toEqual([
        'cirkulart-byggande/ali',
        'plast/ali',
        'plast/kim',
        'transporter/kim',
      ]);
      expect(await store.memberships.listForGroup('saknas')).toEqual([]);
    });
  });

  describe('account changes', () => {
    it('updates and deletes users and lists them by organisation', async () => {
      await store.users.create(user('a', { organisationId: 'org1' }));
      await store.users.create(user('b', { organisationId: 'org1', createdAt: at(1) }));
      await store.users.create(user('c'));
      expect((await store.users.listByOrganisation('org1')).map((u) => u.id)).toEqual(['a', 'b']);
      expect(await store.users.update('a', { name: 'Ny', passwordHash: 'scrypt$ny' })).toBe(true);
      expect(await store.users.findById('a')).toEqual(user('a', { organisationId: 'org1', name: 'Ny', passwordHash: 'scrypt$ny' }));
      expect(await store.users.update('c', { organisationId: 'org2' })).toBe(true);
      expect((await store.users.findById('c'))!.organisationId).toBe('org2');
      expect(await store.users.update('saknas', { name: 'x' })).toBe(false);
      expect(await store.users.delete('a')).toBe(true);
      expect(await store.users.delete('a')).toBe(false);
      expect(await store.users.findById('a')).toBeNull();
      // The email is free again.
      await store.users.create(user('a2', { email: 'a@example.se' }));
    });

    it('changes a person\'s email, and refuses one another account has', async () => {
      await store.users.create(user('a'));
      await store.users.create(user('b'));
      expect(await store.users.update('a', { email: 'ny@example.se' })).toBe(true);
      expect((await store.users.findByEmail('ny@example.se'))?.id).toBe('a');
      expect(await store.users.findByEmail('a@example.se')).toBeNull();
      await expect(store.users.update('b', { email: 'ny@example.se' })).rejects.toBeInstanceOf(DuplicateError);
      expect((await store.users.findById('b'))!.email).toBe('b@example.se');
    });

    it('deletes all of a person\'s sessions but the one kept', async () => {
      for (const [idHash, userId] of [['h1', 'kim'], ['h2', 'kim'], ['h3', 'kim'], ['h4', 'ali']] as const) {
        await store.sessions.create({ idHash, userId, createdAt: t0, expiresAt: at(1000) });
      }
      expect(await store.sessions.deleteForUser('kim', 'h2')).toBe(2);
      expect((await store.sessions.list()).map((x) => x.idHash).sort()).toEqual(['h2', 'h4']);
    });

    it('deletes a person\'s sessions, memberships and join requests, and nobody else\'s', async () => {
      await store.sessions.create({ idHash: 'h1', userId: 'kim', createdAt: t0, expiresAt: at(1000) });
      await store.sessions.create({ idHash: 'h2', userId: 'kim', createdAt: t0, expiresAt: at(1000) });
      await store.sessions.create({ idHash: 'h3', userId: 'ali', createdAt: t0, expiresAt: at(1000) });
      expect(await store.sessions.deleteForUser('kim')).toBe(2);
      expect((await store.sessions.list()).map((x) => x.idHash)).toEqual(['h3']);

      await store.memberships.upsert({ groupId: 'plast', userId: 'kim', role: 'member', createdAt: t0 });
      await store.memberships.upsert({ groupId: 'transporter', userId: 'kim', role: 'member', createdAt: t0 });
      await store.memberships.upsert({ groupId: 'plast', userId: 'ali', role: 'member', createdAt: t0 });
      expect(await store.memberships.delete('plast', 'kim')).toBe(true);
      expect(await store.memberships.delete('plast', 'kim')).toBe(false);
      expect(await store.memberships.deleteForUser('kim')).toBe(1);
      expect((await store.memberships.list()).map((m) => m.userId)).toEqual(['ali']);

      await store.joinRequests.create({ groupId: 'plast', userId: 'kim', createdAt: t0 });
      await store.joinRequests.create({ groupId: 'plast', userId: 'ali', createdAt: t0 });
      expect(await store.joinRequests.deleteForUser('kim')).toBe(1);
      expect((await store.joinRequests.list()).map((j) => j.userId)).toEqual(['ali']);
    });
  });

  describe('group changes', () => {
    it('edits and archives a group', async () => {
      await store.groups.create(group('plast'));
      expect(await store.groups.update('plast', { name: 'Plastfritt', archivedAt: at(5) })).toBe(true);
      expect(await store.groups.findById('plast')).toEqual(group('plast', { name: 'Plastfritt', archivedAt: at(5) }));
      expect(await store.groups.update('plast', { archivedAt: null })).toBe(true);
      expect((await store.groups.findById('plast'))!.archivedAt).toBeNull();
      expect(await store.groups.update('saknas', { name: 'x' })).toBe(false);
    });
  });

  describe('organisations', () => {
    it('creates, finds, lists by name, updates and deletes; a taken org number is a DuplicateError', async () => {
      await store.organisations.create(organisation('o2', { name: 'Beta', orgNumber: '212000-0142' }));
      await store.organisations.create(organisation('o1', { name: 'Alfa' }));
      await expect(store.organisations.create(organisation('o3'))).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.organisations.findById('o1')).toEqual(organisation('o1', { name: 'Alfa' }));
      expect((await store.organisations.findByOrgNumber('212000-0142'))!.id).toBe('o2');
      expect((await store.organisations.list()).map((o) => o.name)).toEqual(['Alfa', 'Beta']);
      expect(await store.organisations.update('o1', { contactUserId: 'kim' })).toBe(true);
      expect((await store.organisations.findById('o1'))!.contactUserId).toBe('kim');
      expect(await store.organisations.delete('o1')).toBe(true);
      expect(await store.organisations.findById('o1')).toBeNull();
      expect(await store.organisations.delete('o1')).toBe(false);
    });

    it('a coordinator edits details, describes it and marks it as left; the record stays', async () => {
      await store.organisations.create(organisation('o1'));
      const patch = {
        name: 'Åkessons Miljöförening', street: 'Nygatan 2', postalCode: '172 66', municipality: 'Sundbyberg',
        website: 'https://akesson.example.se', description: 'Vi odlar.', status: 'left' as const, leftAt: at(5),
      };
      expect(await store.organisations.update('o1', patch)).toBe(true);
      expect(await store.organisations.findById('o1')).toEqual(organisation('o1', patch));
      expect(await store.organisations.update('o1', { website: null, contactUserId: null })).toBe(true);
      expect((await store.organisations.findById('o1'))!.website).toBeNull();
      expect(await store.organisations.update('nobody', { name: 'X' })).toBe(false);
    });
  });

  describe('applications', () => {
    it('stores every field and finds by id and by status token', async () => {
      const a = application('a1', { website: 'https://gron.example.se', groupIds: ['plast', 'transporter'] });
      await store.applications.create(a);
      expect(await store.applications.findById('a1')).toEqual(a);
      expect(await store.applications.findByStatusTokenHash('status-a1')).toEqual(a);
      expect(await store.applications.findByStatusTokenHash('nope')).toBeNull();
    });

    it('refuses a second pending application or one for an existing organisation\'s number', async () => {
      await store.applications.create(application('a1'));
      await expect(store.applications.create(application('a2'))).rejects.toBeInstanceOf(DuplicateError);
      await store.organisations.create(organisation('o1', { orgNumber: '212000-0142' }));
      await expect(
        store.applications.create(application('a3', { orgNumber: '212000-0142' })),
      ).rejects.toBeInstanceOf(DuplicateError);
      expect((await store.applications.list()).map((a) => a.id)).toEqual(['a1']);
    });

    it('lets exactly one concurrent decision win; a rejection frees the number', async () => {
      await store.applications.create(application('a1'));
      const decision = { decidedAt: at(10), decidedBy: 'kim', reason: 'Adressen saknas', organisationId: null };
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.applications.decide('a1', { status: 'rejected', ...decision })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.applications.decide('a1', { status: 'approved', ...decision })).toBe(false);
      expect(await store.applications.findById('a1')).toEqual(application('a1', { status: 'rejected', ...decision }));
      await store.applications.create(application('a2', { createdAt: at(20) }));
      expect((await store.applications.list()).map((a) => a.id)).toEqual(['a1', 'a2']);
    });

    it('after approval the organisation holds the number, and when it leaves the number is free', async () => {
      await store.applications.create(application('a1'));
      await store.organisations.create(organisation('o1'));
      expect(
        await store.applications.decide('a1', { status: 'approved', decidedAt: at(1), decidedBy: 'kim', reason: null, organisationId: 'o1' }),
      ).toBe(true);
      await expect(store.applications.create(application('a2'))).rejects.toBeInstanceOf(DuplicateError);
      await store.organisations.delete('o1');
      await store.applications.create(application('a2'));
    });

    it('pseudonymises the contact of every application naming an address, in any case, and only those', async () => {
      await store.organisations.create(organisation('o1'));
      await store.applications.create(application('a1', { status: 'approved', decidedAt: at(1), decidedBy: 'kim', organisationId: 'o1' }));
      await store.applications.create(application('a2', { orgNumber: '212000-0142', contactEmail: 'Alex@Example.se', createdAt: at(2) }));
      await store.applications.create(application('a3', { orgNumber: '556036-0793', contactName: 'Sam', contactEmail: 'sam@example.se', createdAt: at(3) }));
      expect(await store.applications.pseudonymiseContact('alex@example.se', 'former member')).toBe(2);
      const contacts = (await store.applications.list()).map((a) => [a.id, a.contactName, a.contactEmail]);
      expect(contacts).toEqual([['a1', 'former member', ''], ['a2', 'former member', ''], ['a3', 'Sam', 'sam@example.se']]);
      // The rest of the record stays, and nothing names the address any more.
      expect(await store.applications.findById('a1')).toEqual(
        application('a1', { status: 'approved', decidedAt: at(1), decidedBy: 'kim', organisationId: 'o1', contactName: 'former member', contactEmail: '' }),
      );
      expect(await store.applications.pseudonymiseContact('alex@example.se', 'former member')).toBe(0);
    });

    it('stores decided applications as they are (migration)', async () => {
      await store.organisations.create(organisation('o1'));
      const a = application('a1', { status: 'approved', decidedAt: at(1), decidedBy: 'kim', organisationId: 'o1' });
      await store.applications.create(a);
      expect(await store.applications.findById('a1')).toEqual(a);
    });
  });

  describe('one-time tokens', () => {
    it('finds an unexpired token without using it up', async () => {
      await store.tokens.create(token('t1'));
      expect(await store.tokens.find('t1', t0)).toEqual(token('t1'));
      expect(await store.tokens.find('t1', at(60_000))).toBeNull();
      expect(await store.tokens.find('saknas', t0)).toBeNull();
    });

    it('can be consumed exactly once, even by concurrent callers', async () => {
      await store.tokens.create(token('t1', { kind: 'password_reset', userId: 'kim', organisationId: null }));
      const results = await Promise.all(Array.from({ length: 8 }, () => store.tokens.consume('t1', t0)));
      expect(results.filter((r) => r !== null)).toEqual([token('t1', { kind: 'password_reset', userId: 'kim', organisationId: null })]);
      expect(await store.tokens.consume('t1', t0)).toBeNull();
    });

    it('deletes every token for an address, in any case, and only those', async () => {
      await store.tokens.create(token('t1'));
      await store.tokens.create(token('t2', { email: 'Ny@Example.se', organisationId: 'org2' }));
      await store.tokens.create(token('t3', { kind: 'password_reset', userId: 'u-ny', organisationId: null }));
      await store.tokens.create(token('t4', { email: 'annan@example.se' }));
      expect(await store.tokens.deleteForEmail('ny@example.se')).toBe(3);
      expect((await store.tokens.list()).map((t) => t.hash)).toEqual(['t4']);
      expect(await store.tokens.find('t2', t0)).toBeNull();
      expect(await store.tokens.deleteForEmail('ny@example.se')).toBe(0);
    });

    it('cannot be consumed after it expires, and expired tokens are swept', async () => {
      await store.tokens.create(token('old', { expiresAt: at(10) }));
      await store.tokens.create(token('new', { expiresAt: at(100) }));
      expect(await store.tokens.consume('old', at(10))).toBeNull();
      expect(await store.tokens.deleteExpired(at(10))).toBe(1);
      expect((await store.tokens.list()).map((t) => t.hash)).toEqual(['new']);
    });
  });

  describe('calendar feeds', () => {
    const feed = (id: string, over: Partial<CalendarFeedRecord> = {}): CalendarFeedRecord => ({
      id, tokenHash: `hash-${id}`, userId: 'kim', groupId: 'plast', createdAt: at(Number(id.slice(1))), ...over,
    });

    it('finds a feed by its token hash only, lists a person\'s feeds oldest first, and refuses a taken hash', async () => {
      await store.calendarFeeds.create(feed('f2'));
      await store.calendarFeeds.create(feed('f1', { groupId: 'energi' }));
      await store.calendarFeeds.create(feed('f3', { userId: 'alex' }));
      await expect(store.calendarFeeds.create(feed('f4', { tokenHash: 'hash-f1' }))).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.calendarFeeds.findByTokenHash('hash-f1')).toEqual(feed('f1', { groupId: 'energi' }));
      expect(await store.calendarFeeds.findByTokenHash('hash-nope')).toBeNull();
      expect((await store.calendarFeeds.listForUser('kim')).map((f) => f.id)).toEqual(['f1', 'f2']);
      expect((await store.calendarFeeds.list()).map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
    });

    it('revokes only the owner\'s feed, and all of a person\'s feeds at once', async () => {
      await store.calendarFeeds.create(feed('f1'));
      await store.calendarFeeds.create(feed('f2'));
      await store.calendarFeeds.create(feed('f3', { userId: 'alex' }));
      expect(await store.calendarFeeds.delete('f3', 'kim')).toBe(false);
      expect(await store.calendarFeeds.delete('f1', 'kim')).toBe(true);
      expect(await store.calendarFeeds.delete('f1', 'kim')).toBe(false);
      expect(await store.calendarFeeds.findByTokenHash('hash-f1')).toBeNull();
      expect(await store.calendarFeeds.deleteForUser('kim')).toBe(1);
      expect((await store.calendarFeeds.list()).map((f) => f.id)).toEqual(['f3']);
    });
  });

  describe('audit log', () => {
    it('lists newest first, up to a limit, with details intact', async () => {
      for (let i = 0; i < 5; i++) {
        await store.audit.append({ id: `e${i}`, at: at(i), actorId: i === 0 ? null : 'kim', action: 'group.created', target: `group:g${i}`, details: { i, name: 'Å' } });
      }
      const entries = await store.audit.list(3);
      expect(entries.map((e) => e.id)).toEqual(['e4', 'e3', 'e2']);
      expect(entries[0]).toEqual({ id: 'e4', at: at(4), actorId: 'kim', action: 'group.created', target: 'group:g4', details: { i: 4, name: 'Å' } });
      expect((await store.audit.list(10))[4]!.actorId).toBeNull();
    });

    it('pages through entries in one order, also when several share a moment', async () => {
      // e1, e2 and e3 at the same instant: the id orders them.
      for (const [id, i] of [['e0', 0], ['e1', 1], ['e3', 1], ['e2', 1], ['e4', 2]] as const) {
        await store.audit.append({ id, at: at(i), actorId: 'kim', action: 'group.created', target: 'group:plast', details: {} });
      }
      const pages: string[][] = [];
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const page = await store.audit.list(2, after);
        if (page.length === 0) break;
        pages.push(page.map((e) => e.id));
        after = page.at(-1)!;
      }
      expect(pages).toEqual([['e4', 'e3'], ['e2', 'e1'], ['e0']]);
    });

    it('redacts a value wherever the details hold it, in any case and at any depth, and nothing else', async () => {
      const written: [string, Record<string, unknown>][] = [
        ['r1', { email: 'greta@example.se', emailed: false }],
        ['r2', { from: 'Greta@Example.se', to: 'ny@example.se' }],
        ['r3', { fields: ['website'], from: { website: 'greta@example.se' }, to: { website: null }, seen: ['x', 'greta@example.se'] }],
        // A longer address and a sentence that contains it are not it.
        ['r4', { email: 'greta@example.se.nu', note: 'greta@example.se och fler' }],
        ['r5', { name: 'Plast', n: 3, ok: true }],
        ['r6', { to: 'greta.ny@example.se' }],
      ];
      for (const [i, [id, details]] of written.entries()) {
        await store.audit.append({ id, at: at(i), actorId: 'kim', action: 'group.created', target: 'user:greta', details });
      }
      expect(await store.audit.redact(['greta@example.se', 'greta.ny@example.se'], 'former member')).toBe(4);
      const details = new Map((await store.audit.list(10)).map((e) => [e.id, e.details]));
      expect(Object.fromEntries(details)).toEqual({
        r1: { email: 'former member', emailed: false },
        r2: { from: 'former member', to: 'ny@example.se' },
        r3: { fields: ['website'], from: { website: 'former member' }, to: { website: null }, seen: ['x', 'former member'] },
        r4: written[3]![1],
        r5: written[4]![1],
        r6: { to: 'former member' },
      });
      expect(await store.audit.redact(['greta@example.se'], 'former member')).toBe(0);
      expect(await store.audit.redact([], 'former member')).toBe(0);
    });

    describe('filtered', () => {
      // e0…e7, one a millisecond: who, what and on what vary.
      const log = [
        ['e0', null, 'application.submitted', 'application:a1', { name: 'Grön' }],
        ['e1', 'kim', 'application.approved', 'application:a1', { organisationId: 'o1' }],
        ['e2', 'alex', 'invitation.accepted', 'organisation:o1', {}],
        ['e3', 'kim', 'group.created', 'group:plast', {}],
        ['e4', 'alex', 'join_request.created', 'group:plast', {}],
        ['e5', 'kim', 'membership.role_changed', 'group:plast', { userId: 'alex', organisationId: 7 }],
        ['e6', 'kim', 'organisation.merged', 'organisation:o2', { organisationId: 'o1' }],
        ['e7', 'kim', 'account.name_changed', 'user:sam', {}],
      ] as const;
      beforeEach(async () => {
        for (const [i, [id, actorId, action, target, details]] of log.entries()) {
          await store.audit.append({ id, at: at(i), actorId, action, target, details: { ...details } });
        }
      });
      const ids = async (filter: Parameters<Store['audit']['list']>[2], limit = 100) => (await store.audit.list(limit, undefined, filter)).map((e) => e.id);

      it('by action, by actor, and the system\'s entries by a null actor', async () => {
        expect(await ids({ action: 'group.created' })).toEqual(['e3']);
        expect(await ids({ actorId: 'alex' })).toEqual(['e4', 'e2']);
        expect(await ids({ actorId: null })).toEqual(['e0']);
        expect(await ids({ actorId: 'kim', action: 'application.approved' })).toEqual(['e1']);
        expect(await ids({ action: 'nothing.happened' })).toEqual([]);
        expect(await ids({})).toEqual(['e7', 'e6', 'e5', 'e4', 'e3', 'e2', 'e1', 'e0']);
      });

      it('by what concerns an organisation: its targets, its people\'s actions, or its id in the details', async () => {
        const o1 = { organisationId: 'o1', targets: ['organisation:o1', 'application:a1'], actorIds: ['alex'] };
        // e5's organisationId is a number, not the id; e7 concerns no one of o1.
        expect(await ids({ concerning: o1 })).toEqual(['e6', 'e4', 'e2', 'e1', 'e0']);
        expect(await ids({ concerning: { ...o1, actorIds: [] } })).toEqual(['e6', 'e2', 'e1', 'e0']);
        expect(await ids({ concerning: { organisationId: 'o9', targets: [], actorIds: [] } })).toEqual([]);
        expect(await ids({ concerning: o1, actorId: 'kim' })).toEqual(['e6', 'e1']);
      });

      it('by time, from an instant (included) until another (not included)', async () => {
        expect(await ids({ since: at(2), until: at(5) })).toEqual(['e4', 'e3', 'e2']);
        expect(await ids({ since: at(6) })).toEqual(['e7', 'e6']);
        expect(await ids({ until: at(1) })).toEqual(['e0']);
      });

      it('pages through the matching entries only', async () => {
        const pages: string[][] = [];
        let after: { at: Date; id: string } | undefined;
        for (;;) {
          const page = await store.audit.list(2, after, { actorId: 'kim', since: at(1) });
          if (page.length === 0) break;
          pages.push(page.map((e) => e.id));
          after = page.at(-1)!;
        }
        expect(pages).toEqual([['e7', 'e6'], ['e5', 'e3'], ['e1']]);
      });

      it('names each actor once, the system left out', async () => {
        expect((await store.audit.actorIds()).sort()).toEqual(['alex', 'kim']);
      });
    });
  });

  describe('join requests', () => {
    it('allows one pending request per person and group; exactly one decision removes it', async () => {
      const j = { groupId: 'plast', userId: 'kim', createdAt: t0 };
      await store.joinRequests.create(j);
      await expect(store.joinRequests.create({ ...j, createdAt: at(1) })).rejects.toBeInstanceOf(DuplicateError);
      await store.joinRequests.create({ groupId: 'transporter', userId: 'kim', createdAt: t0 });
      await store.joinRequests.create({ groupId: 'plast', userId: 'ali', createdAt: at(1) });
      expect(await store.joinRequests.find('plast', 'kim')).toEqual(j);
      expect((await store.joinRequests.listForGroup('plast')).map((x) => x.userId)).toEqual(['kim', 'ali']);
      const results = await Promise.all(Array.from({ length: 4 }, () => store.joinRequests.delete('plast', 'kim')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.joinRequests.find('plast', 'kim')).toBeNull();
      // A new request after the decision is allowed.
      await store.joinRequests.create(j);
    });
  });

  describe('meetings', () => {
    it('creates, gets and lists by groups and statuses, soonest first', async () => {
      await store.meetings.create(meeting('mote-0002', { startsAt: t0.getTime() + 2_000 }));
      await store.meetings.create(meeting('mote-0001', { startsAt: t0.getTime() + 1_000 }));
      await store.meetings.create(meeting('mote-0003', { groupId: 'energi', status: 'cancelled' }));
      await expect(store.meetings.create(meeting('mote-0001'))).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.meetings.get('mote-0001')).toEqual(meeting('mote-0001', { startsAt: t0.getTime() + 1_000 }));
      expect(await store.meetings.get('finns-inte')).toBeNull();
      const ids = async (groups: string[], statuses: MeetingRecord['status'][]) =>
        (await store.meetings.list(groups, statuses)).map((m) => m.id);
      expect(await ids(['plast', 'energi'], ['scheduled', 'live'])).toEqual(['mote-0001', 'mote-0002']);
      expect(await ids(['energi'], ['cancelled'])).toEqual(['mote-0003']);
      expect(await ids([], ['scheduled'])).toEqual([]);
    });

    it('replaces only from the expected version, and exactly one of concurrent writers wins', async () => {
      await store.meetings.create(meeting('mote-0001'));
      expect(await store.meetings.replace(meeting('mote-0001', { title: 'Gammal', version: 3 }), 2)).toBe(false);
      const writers = Array.from({ length: 10 }, (_, i) => meeting('mote-0001', { title: `Skrivare ${i}`, version: 2 }));
      const won = await Promise.all(writers.map((w) => store.meetings.replace(w, 1)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const stored = (await store.meetings.get('mote-0001'))!;
      expect(stored).toEqual(writers[won.indexOf(true)]);
      expect(await store.meetings.replace(meeting('mote-0001', { status: 'live', version: 3 }), 2)).toBe(true);
      expect((await store.meetings.list(['plast'], ['live'])).map((m) => m.version)).toEqual([3]);
      expect(await store.meetings.list(['plast'], ['scheduled'])).toEqual([]);
    });

    it('keeps the facilitator hand-over history with the record, written in the same compare-and-set', async () => {
      await store.meetings.create(meeting('mote-0001'));
      const facilitators = [{ userId: 'kim', since: t0.getTime() }, { userId: 'alex', since: t0.getTime() + 60_000 }];
      const handedOver = meeting('mote-0001', { status: 'live', facilitatorId: 'alex', facilitators, version: 2 });
      expect(await store.meetings.replace(handedOver, 1)).toBe(true);
      expect(await store.meetings.get('mote-0001')).toEqual(handedOver);
      expect((await store.meetings.list(['plast'], ['live']))[0]!.facilitators).toEqual(facilitators);
      // A competing write from the old version is refused, so it cannot drop the hand-over.
      expect(await store.meetings.replace(meeting('mote-0001', { version: 2 }), 1)).toBe(false);
      expect((await store.meetings.get('mote-0001'))!.facilitators).toEqual(facilitators);
    });

    it('loads a session stored before hand-overs were kept with its facilitator as the one entry', async () => {
      const { facilitators: _, ...old } = meeting('mote-0001', { status: 'ended', facilitatorId: 'alex', startedAt: t0.getTime() + 5_000 });
      const { facilitators: __, ...never } = meeting('mote-0002', { status: 'cancelled' });
      await store.meetings.create(old);
      await store.meetings.create(never);
      expect((await store.meetings.get('mote-0001'))!.facilitators).toEqual([{ userId: 'alex', since: t0.getTime() + 5_000 }]);
      const listed = await store.meetings.list(['plast'], ['ended', 'cancelled']);
      expect(listed.map((m) => m.facilitators)).toEqual([[{ userId: 'alex', since: t0.getTime() + 5_000 }], [{ userId: 'kim', since: t0.getTime() }]]);
    });
  });

  describe('meeting votes', () => {
    const vote = (userId: string, stickyId: string, ms = 0) => ({ meetingId: 'm1', round: 1, userId, stickyId, at: at(ms) });

    it('keeps each person within their budget and the per-sticky cap, and takes votes back', async () => {
      const limits = { budget: 3, cap: 2 };
      expect(await store.meetingVotes.cast(vote('ana', 's1', 1), limits)).toBe('ok');
      expect(await store.meetingVotes.cast(vote('ana', 's1', 2), limits)).toBe('ok');
      expect(await store.meetingVotes.cast(vote('ana', 's1', 3), limits)).toBe('cap');
      expect(await store.meetingVotes.cast(vote('ana', 's2', 4), limits)).toBe('ok');
      expect(await store.meetingVotes.cast(vote('ana', 's3', 5), limits)).toBe('budget');
      expect(await store.meetingVotes.cast(vote('bo', 's1', 6), limits)).toBe('ok');
      expect(await store.meetingVotes.cast({ ...vote('ana', 's1', 7), round: 2 }, limits)).toBe('ok');
      expect(await store.meetingVotes.retract('m1', 1, 'ana', 's1')).toBe(true);
      expect(await store.meetingVotes.retract('m1', 1, 'ana', 's9')).toBe(false);
      expect(await store.meetingVotes.cast(vote('ana', 's3', 8), limits)).toBe('ok');
      const list = await store.meetingVotes.list('m1', 1);
      expect(list.map((v) => `${v.userId}:${v.stickyId}`)).toEqual(['ana:s1', 'ana:s2', 'bo:s1', 'ana:s3']);
      expect(list[0]!.at).toEqual(at(1));
      expect(await store.meetingVotes.list('m1', 2)).toHaveLength(1);
    });

    it('never exceeds the budget or the cap under concurrent casts', async () => {
      const limits = { budget: 5, cap: 3 };
      const casts = Array.from({ length: 24 }, (_, i) => store.meetingVotes.cast(vote('ana', `s${i % 2}`, i), limits));
      const outcomes = await Promise.all(casts);
      const votes = await store.meetingVotes.list('m1', 1);
      expect(votes).toHaveLength(5);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
      for (const sticky of ['s0', 's1']) expect(votes.filter((v) => v.stickyId === sticky).length).toBeLessThanOrEqual(3);
    });
  });

  describe('access versions', () => {
    it('start at 0, grow by one per bump, per person, and never repeat under concurrent bumps', async () => {
      expect(await store.access.versions(['a', 'b'])).toEqual(new Map([['a', 0], ['b', 0]]));
      expect(await store.access.bump('a')).toBe(1);
      expect(await store.access.bump('a')).toBe(2);
      expect(await store.access.versions(['a', 'b', 'c'])).toEqual(new Map([['a', 2], ['b', 0], ['c', 0]]));
      expect(await store.access.versions([])).toEqual(new Map());
      // A bump that did not move the version would let another instance keep a revoked person's access.
      const bumps = await Promise.all(Array.from({ length: 20 }, () => store.access.bump('b')));
      // Numbers may be skipped (on MongoDB a bump that raced a newer one withdraws), never given twice.
      expect(new Set(bumps).size).toBe(20);
      expect(Math.min(...bumps)).toBeGreaterThan(0);
      expect((await store.access.versions(['b'])).get('b')).toBe(Math.max(...bumps));
    });
  });

  describe('meta', () => {
    it('gets, overwrites and deletes values', async () => {
      expect(await store.meta.get('setup')).toBeNull();
      await store.meta.set('setup', 'a');
      await store.meta.set('setup', 'b');
      await store.meta.set('other', 'c');
      expect(await store.meta.get('setup')).toBe('b');
      await store.meta.delete('setup');
      expect(await store.meta.get('setup')).toBeNull();
      expect(await store.meta.get('other')).toBe('c');
    });

    it('sets a value only when the key has none, and of concurrent callers exactly one wins', async () => {
      const values = ['a', 'b', 'c', 'd'];
      const won = await Promise.all(values.map((v) => store.meta.setIfAbsent('setup', v)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = values[won.indexOf(true)];
      expect(await store.meta.get('setup')).toBe(winner);
      expect(await store.meta.setIfAbsent('setup', 'e')).toBe(false);
      expect(await store.meta.get('setup')).toBe(winner);
      await store.meta.delete('setup');
      expect(await store.meta.setIfAbsent('setup', 'f')).toBe(true);
      expect(await store.meta.get('setup')).toBe('f');
    });

    describe('leases', () => {
      const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
      const take = (holder: string, now: number, until = now + 30) => store.meta.acquireLease('backfill', holder, t(until), t(now));

      it('is taken when free, refused to others while held, renewed by its holder, and free again once released', async () => {
        expect(await take('a', 0)).toBe(true);
        expect(await take('b', 10)).toBe(false);
        // Renewed: a still holds it after the first term would have ended.
        expect(await take('a', 20, 60)).toBe(true);
        expect(await take('b', 40)).toBe(false);
        // Releasing as someone else does nothing.
        await store.meta.releaseLease('backfill', 'b');
        expect(await take('b', 41)).toBe(false);
        await store.meta.releaseLease('backfill', 'a');
        expect(await take('b', 42)).toBe(true);
        expect(await take('a', 43)).toBe(false);
        // Another key is another lease.
        expect(await store.meta.acquireLease('reindex', 'a', t(73), t(43))).toBe(true);
      });

      it('is taken over once it expired, and its old holder then cannot renew it', async () => {
        expect(await take('crashed', 0)).toBe(true);
        expect(await take('b', 29)).toBe(false);
        expect(await take('b', 31)).toBe(true);
        expect(await take('crashed', 32)).toBe(false);
        // A holder whose lease expired unclaimed renews it.
        expect(await take('b', 70)).toBe(true);
      });

      it('goes to exactly one of concurrent acquirers, free or expired', async () => {
        const holders = ['a', 'b', 'c', 'd', 'e'];
        const first = await Promise.all(holders.map((h) => take(h, 0)));
        expect(first.filter(Boolean)).toHaveLength(1);
        const winner = holders[first.indexOf(true)]!;
        const others = holders.filter((h) => h !== winner);
        expect(await Promise.all(others.map((h) => take(h, 10)))).toEqual(others.map(() => false));
        const second = await Promise.all(others.map((h) => take(h, 31)));
        expect(second.filter(Boolean)).toHaveLength(1);
        expect(await take(winner, 32)).toBe(false);
      });
    });
  });

  describe('snapshots', () => {
    const snap = (id: string, docName: string, ms: number, over: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
      id,
      docName,
      createdAt: at(ms),
      name: null,
      reason: 'auto',
      contributorIds: ['a', 'b'],
      state: new Uint8Array([ms % 256, 1, 2, 3]),
      ...over,
    });

    it('lists a document\'s snapshots newest first without their state, and gets one whole', async () => {
      await store.snapshots.create(snap('s1', 'groups/plast/notes', 1_000));
      await store.snapshots.create(snap('s2', 'groups/plast/notes', 3_000, { name: 'Före mötet', reason: 'named' }));
      await store.snapshots.create(snap('s3', 'groups/plast/notes', 2_000, { contributorIds: [] }));
      await store.snapshots.create(snap('x1', 'groups/plast/space', 5_000));

      const listed = await store.snapshots.list('groups/plast/notes');
      expect(listed.map((x) => x.id)).toEqual(['s2', 's3', 's1']);
      expect(listed[0]).toEqual({
        id: 's2',
        docName: 'groups/plast/notes',
        createdAt: at(3_000),
        name: 'Före mötet',
        reason: 'named',
        contributorIds: ['a', 'b'],
      });
      expect(await store.snapshots.get('s3')).toEqual(snap('s3', 'groups/plast/notes', 2_000, { contributorIds: [] }));
      expect(await store.snapshots.get('missing')).toBeNull();
      expect(await store.snapshots.list('groups/transporter/notes')).toEqual([]);
    });

    it('lists a person\'s contributions across documents, newest first, without their state', async () => {
      await store.snapshots.create(snap('s1', 'groups/plast/notes', 1_000, { contributorIds: ['a'] }));
      await store.snapshots.create(snap('s2', 'groups/plast/pages/sida-0001', 3_000, { contributorIds: ['b', 'a'], name: 'Före mötet', reason: 'named' }));
      await store.snapshots.create(snap('s3', 'groups/plast/notes', 2_000, { contributorIds: ['b'] }));
      await store.snapshots.create(snap('s4', 'groups/transporter/notes', 4_000, { contributorIds: [] }));

      expect(await store.snapshots.listByContributor('a')).toEqual([
        { id: 's2', docName: 'groups/plast/pages/sida-0001', createdAt: at(3_000), name: 'Före mötet', reason: 'named', contributorIds: ['b', 'a'] },
        { id: 's1', docName: 'groups/plast/notes', createdAt: at(1_000), name: null, reason: 'auto', contributorIds: ['a'] },
      ]);
      expect((await store.snapshots.listByContributor('b')).map((x) => x.id)).toEqual(['s2', 's3']);
      expect(await store.snapshots.listByContributor('nobody')).toEqual([]);
      // Whole ids only: 'ab' is not 'a'.
      await store.snapshots.create(snap('s5', 'groups/plast/notes', 5_000, { contributorIds: ['ab'] }));
      expect((await store.snapshots.listByContributor('a')).map((x) => x.id)).toEqual(['s2', 's1']);
    });
  });

  describe('docs', () => {
    const DOC = 'groups/plast/notes';

    it('loads an unknown doc as empty', async () => {
      expect(await store.docs.load(DOC)).toEqual({ base: null, baseSeq: 0, updates: [] });
      expect(await store.docs.stats(DOC)).toEqual({ updateCount: 0, updateBytes: 0 });
      expect(await store.docs.listNames()).toEqual([]);
    });

    it('appends with increasing seqs and loads the updates back byte for byte, in order', async () => {
      const w = writer();
      w.type(5, 'a');
      const n = w.updates.length;
      const first = await store.docs.append(DOC, w.updates.slice(0, 3));
      const second = await store.docs.append(DOC, w.updates.slice(3));
      expect(second).toBeGreaterThan(first);
      const stored = await store.docs.load(DOC);
      expect(stored.base).toBeNull();
      expect(stored.updates.map((u) => u.data)).toEqual(w.updates);
      for (const u of stored.updates) expect(u.data).toBeInstanceOf(Uint8Array);
      const seqs = stored.updates.map((u) => u.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(n);
      expect(seqs[2]).toBe(first);
      expect(seqs[n - 1]).toBe(second);
      expect(stored.baseSeq).toBeLessThan(seqs[0]!);
      expect(materialise(stored).text).toBe(w.doc.getText('t').toString());
    });

    it('reports stats and names, and keeps docs apart', async () => {
      const a = writer();
      const b = writer();
      a.type(3, 'a');
      b.type(2, 'b');
      await store.docs.append('groups/plast/notes', a.updates);
      await store.docs.append('groups/plast/board', b.updates);
      expect(await store.docs.stats('groups/plast/notes')).toEqual({
        updateCount: a.updates.length,
        updateBytes: a.updates.reduce((n, u) => n + u.byteLength, 0),
      });
      expect(await store.docs.listNames()).toEqual(['groups/plast/board', 'groups/plast/notes']);
      expect(materialise(await store.docs.load('groups/plast/board')).text).toBe(b.doc.getText('t').toString());
    });

    it('appends to several docs started in the same tick each land whole in their own doc', async () => {
      // The collab server starts every doc's pending write in one turn; SQLite commits them together.
      const names = ['groups/plast/notes', 'groups/plast/board', 'groups/transporter/notes'];
      const writers = names.map(() => writer());
      writers.forEach((w, i) => w.type(3 + i, 'abc'[i]!));
      const seqs = await Promise.all(names.map((name, i) => store.docs.append(name, writers[i]!.updates)));
      for (const [i, name] of names.entries()) {
        const stored = await store.docs.load(name);
        expect(stored.updates.map((u) => u.data)).toEqual(writers[i]!.updates);
        expect(stored.updates.at(-1)!.seq).toBe(seqs[i]);
      }
    });

    it('compaction keeps the document identical and leaves only later updates in the log', async () => {
      const w = writer();
      w.type(40, 'x');
      await store.docs.append(DOC, w.updates.slice(0, 20));
      await store.docs.append(DOC, w.updates.slice(20));
      const before = materialise(await store.docs.load(DOC));
      expect(before).toEqual(expected(w.updates));

      expect(await compactDoc(store, DOC)).toBe(true);
      const compacted = await store.docs.load(DOC);
      expect(compacted.base).toBeInstanceOf(Uint8Array);
      expect(compacted.updates).toEqual([]);
      expect(compacted.baseSeq).toBeGreaterThan(0);
      expect(materialise(compacted)).toEqual(before);
      expect(await store.docs.stats(DOC)).toEqual({ updateCount: 0, updateBytes: 0 });
      // Nothing left to fold.
      expect(await compactDoc(store, DOC)).toBe(false);

      const n = w.updates.length;
      w.type(3, 'y');
      const last = await store.docs.append(DOC, w.updates.slice(n));
      expect(last).toBeGreaterThan(compacted.baseSeq);
      const after = await store.docs.load(DOC);
      expect(after.baseSeq).toBe(compacted.baseSeq);
      expect(after.base).toEqual(compacted.base);
      expect(after.updates.map((u) => u.data)).toEqual(w.updates.slice(n));
      expect(materialise(after)).toEqual(expected(w.updates));
      expect(await store.docs.listNames()).toEqual([DOC]);
    });

    it('reads back what came after a seq, with the base once a compaction folded that seq in', async () => {
      const w = writer();
      w.type(12, 'x');
      const first = await store.docs.append(DOC, w.updates.slice(0, 6));
      const last = await store.docs.append(DOC, w.updates.slice(6));
      const all = await store.docs.load(DOC);

      const tail = await store.docs.updatesAfter(DOC, first);
      expect(tail.base).toBeNull();
      expect(tail.updates).toEqual(all.updates.filter((u) => u.seq > first));
      expect(tail.updates.map((u) => u.data)).toEqual(w.updates.slice(6));
      expect(await store.docs.updatesAfter(DOC, last)).toEqual({ base: null, baseSeq: all.baseSeq, updates: [] });
      expect(await store.docs.updatesAfter('groups/plast/unknown', 0)).toEqual({ base: null, baseSeq: 0, updates: [] });

      // A repair asking from before the base gets the base: the updates it folded in are gone from the log.
      expect(await compactDoc(store, DOC)).toBe(true);
      const n = w.updates.length;
      w.type(2, 'y');
      await store.docs.append(DOC, w.updates.slice(n));
      const repaired = await store.docs.updatesAfter(DOC, first);
      expect(repaired.base).toBeInstanceOf(Uint8Array);
      expect(repaired.updates.map((u) => u.data)).toEqual(w.updates.slice(n));
      expect(materialise(repaired)).toEqual(expected(w.updates));
      // From the base on, only what came later.
      const later = await store.docs.updatesAfter(DOC, repaired.baseSeq);
      expect(later.base).toBeNull();
      expect(later.updates).toEqual(repaired.updates);
    });

    it('keeps an update appended between the load and the compaction it fed', async () => {
      const w = writer();
      w.type(10, 'x');
      const n = w.updates.length;
      await store.docs.append(DOC, w.updates);
      const snapshot = await store.docs.load(DOC);
      w.type(2, 'late');
      await store.docs.append(DOC, w.updates.slice(n));
      const through = snapshot.updates.at(-1)!.seq;
      expect(await store.docs.compact(DOC, mergeStoredDoc(snapshot), through, snapshot.baseSeq)).toBe(true);
      const after = await store.docs.load(DOC);
      expect(after.baseSeq).toBe(through);
      expect(after.updates.map((u) => u.data)).toEqual(w.updates.slice(n));
      expect(materialise(after)).toEqual(expected(w.updates));
    });

    it('refuses a compaction with a stale expectedBaseSeq and loses nothing', async () => {
      const w = writer();
      w.type(10, 'x');
      const n = w.updates.length;
      await store.docs.append(DOC, w.updates);
      const stale = await store.docs.load(DOC);
      expect(await compactDoc(store, DOC)).toBe(true);
      w.type(10, 'y');
      await store.docs.append(DOC, w.updates.slice(n));
      const won = await store.docs.load(DOC);

      const staleThrough = stale.updates.at(-1)!.seq;
      expect(await store.docs.compact(DOC, mergeStoredDoc(stale), staleThrough, stale.baseSeq)).toBe(false);
      // Even one reaching further than the winner, built from the stale (incomplete) state.
      const further = won.updates.at(-1)!.seq;
      expect(await store.docs.compact(DOC, mergeStoredDoc(stale), further, stale.baseSeq)).toBe(false);

      const after = await store.docs.load(DOC);
      expect(after.baseSeq).toBe(won.baseSeq);
      expect(materialise(after)).toEqual(expected(w.updates));
    });

    it('loses no update under concurrent compactions and appends from several writers', async () => {
      const rounds = 6;
      const writers = [writer(), writer(), writer()];
      writers.forEach((w, i) => w.type(40, `w${i}-`));
      const size = Math.ceil(writers[0]!.updates.length / rounds);
      const chunk = (w: ReturnType<typeof writer>, round: number) => w.updates.slice(round * size, (round + 1) * size);
      await Promise.all(writers.map((w) => store.docs.append(DOC, chunk(w, 0))));

      let won = 0;
      for (let round = 1; round < rounds; round++) {
        const [first, ...others] = writers.flatMap((w) => {
          const c = chunk(w, round);
          return [c.slice(0, 2), c.slice(2)];
        });
        // Something to compact in every round, so that one of the two compactions must win.
        await store.docs.append(DOC, first!);
        const results = await Promise.all([
          compactDoc(store, DOC),
          // Small batches, so that appends interleave with the compactions' reads and writes.
          ...others.map((batch) => store.docs.append(DOC, batch)),
          compactDoc(store, DOC),
        ]);
        won += [results[0], results.at(-1)].filter((r) => r === true).length;
        // After every round, a reader sees every update appended so far.
        const appended = writers.map((w) => w.updates.slice(0, (round + 1) * size));
        expect(materialise(await store.docs.load(DOC))).toEqual(expected(...appended));
      }
      expect(won).toBeGreaterThanOrEqual(rounds - 1);

      const last = writer();
      last.type(1, 'sist');
      await store.docs.append(DOC, last.updates);
      expect(await compactDoc(store, DOC)).toBe(true);
      const final = await store.docs.load(DOC);
      expect(final.updates).toEqual([]);
      expect(materialise(final)).toEqual(expected(...writers.map((w) => w.updates), last.updates));
    });
  });
});
