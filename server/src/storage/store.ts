import type { GroupRole, UserRole } from '@samla/shared';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  createdAt: Date;
}

export interface SessionRecord {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  idHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

export interface MembershipRecord {
  groupId: string;
  userId: string;
  role: GroupRole;
  createdAt: Date;
}

/** What is stored for one Yjs document: a compacted base plus the updates appended after it. */
export interface StoredDoc {
  /** Merged state of every update up to and including `baseSeq`, or null if never compacted. */
  base: Uint8Array | null;
  baseSeq: number;
  /** Updates with seq > baseSeq, in seq order. They may overlap `base`; Yjs updates are idempotent. */
  updates: { seq: number; data: Uint8Array }[];
}

export type SnapshotReason = 'auto' | 'named' | 'last-editor-left' | 'before-restore';

/** A frozen state of one Yjs document: version history, and later the frozen snapshots of sessions. */
export interface SnapshotRecord {
  id: string;
  docName: string;
  createdAt: Date;
  /** Set for named versions. */
  name: string | null;
  reason: SnapshotReason;
  /** Who changed the document since the previous snapshot. */
  contributorIds: string[];
  /** Y.encodeStateAsUpdate of the document. */
  state: Uint8Array;
}

export type SnapshotInfo = Omit<SnapshotRecord, 'state'>;

export interface DocStats {
  updateCount: number;
  updateBytes: number;
}

/**
 * The storage port. Every method is a single-document atomic operation on MongoDB
 * (no multi-document transactions, no change streams), so it runs on a standalone mongod,
 * a replica set and FerretDB alike. Times are `Date`s, binary data is `Uint8Array`.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  /** Create or migrate the schema. Idempotent. */
  init(): Promise<void>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;

  users: {
    /** Rejects with `DuplicateError` when the email is taken. */
    create(user: UserRecord): Promise<void>;
    findById(id: string): Promise<UserRecord | null>;
    findByEmail(email: string): Promise<UserRecord | null>;
    countByRole(role: UserRole): Promise<number>;
    list(): Promise<UserRecord[]>;
  };

  sessions: {
    create(session: SessionRecord): Promise<void>;
    find(idHash: string): Promise<SessionRecord | null>;
    delete(idHash: string): Promise<void>;
    deleteExpired(now: Date): Promise<number>;
    list(): Promise<SessionRecord[]>;
  };

  groups: {
    /** Rejects with `DuplicateError` when the id is taken. */
    create(group: GroupRecord): Promise<void>;
    findById(id: string): Promise<GroupRecord | null>;
    list(): Promise<GroupRecord[]>;
  };

  memberships: {
    /** Insert or change the role of a (group, user) pair. */
    upsert(membership: MembershipRecord): Promise<void>;
    find(groupId: string, userId: string): Promise<MembershipRecord | null>;
    listForUser(userId: string): Promise<MembershipRecord[]>;
    listForGroup(groupId: string): Promise<MembershipRecord[]>;
    list(): Promise<MembershipRecord[]>;
  };

  docs: {
    /** Append updates atomically and in order; returns the seq of the last one. */
    append(docName: string, updates: Uint8Array[]): Promise<number>;
    load(docName: string): Promise<StoredDoc>;
    /**
     * Fold `base` and every update up to `throughSeq` into a new base, then delete those
     * updates. Safe when two processes compact the same doc: the base only moves forward
     * (compare-and-set on baseSeq) and updates are deleted only after the new base is stored.
     * Returns false when another compaction won the race.
     */
    compact(docName: string, merged: Uint8Array, throughSeq: number, expectedBaseSeq: number): Promise<boolean>;
    stats(docName: string): Promise<DocStats>;
    listNames(): Promise<string[]>;
  };

  snapshots: {
    create(snapshot: SnapshotRecord): Promise<void>;
    /** Newest first, without the state. */
    list(docName: string): Promise<SnapshotInfo[]>;
    get(id: string): Promise<SnapshotRecord | null>;
  };

  /** Small key-value facts such as the one-time setup token hash. */
  meta: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
    delete(key: string): Promise<void>;
  };
}

export class DuplicateError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}
