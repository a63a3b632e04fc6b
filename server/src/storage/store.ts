import type {
  ApplicationStatus,
  GroupRole,
  HighlightedText,
  MeetingLive,
  MeetingStatus,
  OrganisationDetails,
  SearchKind,
  UserRole,
} from '@samla/shared';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  createdAt: Date;
  /** The member organisation this person belongs to; null for coordinators and people without one. Stores return null when unset. */
  organisationId?: string | null;
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
  /** Set when a coordinator archived the group. Stores return null when unset. */
  archivedAt?: Date | null;
}

/** `orgNumber` is canonical NNNNNN-NNNN and unique among organisations; `groupIds` are the groups it said it is interested in. */
export interface OrganisationRecord extends OrganisationDetails {
  id: string;
  /** The contact person, once they accepted their invitation. */
  contactUserId: string | null;
  joinedAt: Date;
  /** What the organisation does, in its own words. Stores return '' when unset. */
  description?: string;
  /** 'left' once a coordinator marked it as having left the network (the record and its history stay). Stores return 'active' when unset. */
  status?: OrganisationStatus;
  /** When it left. Stores return null when unset. */
  leftAt?: Date | null;
}

export type OrganisationStatus = 'active' | 'left';
/** What a coordinator may change on an organisation record. */
export type OrganisationPatch = Partial<
  Pick<OrganisationRecord, 'contactUserId' | 'name' | 'street' | 'postalCode' | 'municipality' | 'website' | 'description' | 'status' | 'leftAt'>
>;

export interface ApplicationRecord extends OrganisationDetails {
  id: string;
  status: ApplicationStatus;
  contactName: string;
  contactEmail: string;
  createdAt: Date;
  /** sha256 of the applicant's status-link token. */
  statusTokenHash: string;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
  organisationId: string | null;
}

export type ApplicationDecision = Pick<ApplicationRecord, 'decidedAt' | 'decidedBy' | 'reason' | 'organisationId'> & {
  status: 'approved' | 'rejected';
};

export type TokenKind = 'invitation' | 'password_reset' | 'email_change';

/** A one-time link token. Only its hash is stored. */
export interface TokenRecord {
  /** sha256 of the token in the link. */
  hash: string;
  kind: TokenKind;
  email: string;
  name: string | null;
  /** Invitations: the organisation the new account joins. */
  organisationId: string | null;
  /** Password resets and email changes: whose account (`email` is then the new address). */
  userId: string | null;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  /** e.g. `application.approved`, `group.archived`, `membership.role_changed`. */
  action: string;
  /** What was acted on, e.g. `application:<id>`, `group:<id>`, `user:<id>`. */
  target: string;
  details: Record<string, unknown>;
}

/** Which entries `audit.list` returns; every part given must hold. */
export interface AuditFilter {
  action?: string;
  /** Whose actions: a person's id, or null for the system's and visitors'. */
  actorId?: string | null;
  /**
   * What concerns an organisation: an entry whose target is one of `targets`, whose actor is one of
   * `actorIds`, or whose `details.organisationId` is `organisationId`.
   */
  concerning?: { organisationId: string; targets: string[]; actorIds: string[] };
  /** From this instant on (included). */
  since?: Date;
  /** Before this instant (not included). */
  until?: Date;
}

/** A pending request to join a group; it is deleted when decided (the decision goes to the audit log). */
export interface JoinRequestRecord {
  groupId: string;
  userId: string;
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

export type SnapshotReason = 'auto' | 'named' | 'last-editor-left' | 'before-restore' | 'session-end';

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

/**
 * A facilitated session: its schedule, its live room state and, once ended, its minutes, in ONE record
 * changed only by compare-and-set on `version` (memory is only a cache). Times inside are epoch ms, so
 * the record is plain JSON in every store.
 */
export interface MeetingRecord extends MeetingLive {
  id: string;
  groupId: string;
  title: string;
  startsAt: number;
  endsAt: number;
  place: string | null;
  videoUrl: string | null;
  status: MeetingStatus;
  facilitatorId: string;
  /**
   * Everyone who has been the session's facilitator, oldest first, each from when (epoch ms); the last
   * is `facilitatorId`. A hand-over appends to it in the same compare-and-set write that changes
   * `facilitatorId`. Stores give a session saved before this was kept its facilitator as the one entry.
   */
  facilitators: FacilitatorTerm[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  minutes: MinutesRecord | null;
}

export interface FacilitatorTerm {
  userId: string;
  /** When they became the facilitator (epoch ms). */
  since: number;
}

/** What `meetings.create` takes: a record as stored before hand-overs were kept may lack the history. */
export type NewMeetingRecord = Omit<MeetingRecord, 'facilitators'> & { facilitators?: FacilitatorTerm[] };

/**
 * A meeting as read from a store: one stored without a hand-over history gets its facilitator as the
 * one entry, from the session's start (or its creation, if it never started).
 */
export function withFacilitatorHistory(m: NewMeetingRecord): MeetingRecord {
  if (m.facilitators && m.facilitators.length > 0) return m as MeetingRecord;
  return { ...m, facilitators: [{ userId: m.facilitatorId, since: m.startedAt ?? m.createdAt }] };
}

/** What ending adds: the frozen documents and the amendment trail. */
export interface MinutesRecord {
  /** agenda item id → snapshot id of its linked page or board, frozen at the end. */
  snapshots: Record<string, string>;
  amendments: { id: string; authorId: string; authorName: string; text: string; createdAt: number }[];
  amendableUntil: number;
  approvedAt: number | null;
  approvedBy: string | null;
}

/** A person's secret iCal feed of one group's sessions (`GET /api/calendar/<token>.ics`). Only the token's hash is stored. */
export interface CalendarFeedRecord {
  id: string;
  /** sha256 of the token in the URL; unique. */
  tokenHash: string;
  userId: string;
  groupId: string;
  createdAt: Date;
}

/** One dot of a dot vote. */
export interface VoteRecord {
  meetingId: string;
  round: number;
  userId: string;
  stickyId: string;
  at: Date;
}

export type CastOutcome = 'ok' | 'budget' | 'cap';

/**
 * One entry of the search index, keyed by (groupId, kind, itemId, subId): a page or the group notes
 * (subId ''), a board's title (subId '') or one sticky (subId = sticky id), and entries the meetings
 * feature adds (minutes, decisions, action items). `text` is plain text; `link` is the client path.
 */
export interface SearchEntry {
  groupId: string;
  kind: SearchKind;
  /** Page, board or meeting id; '' for the group notes. */
  itemId: string;
  subId: string;
  title: string;
  /** A sticky's section title, else null. */
  section: string | null;
  text: string;
  link: string;
  /** When the content last changed; an upsert with unchanged title, section and text keeps the old date. */
  updatedAt: Date;
  /**
   * Orders the writes of the entry across instances: when its source was read (ms, the indexer's clock). A write
   * read earlier than what the entry holds is left out, so a slow instance's stale read never overwrites a
   * newer one; equal versions are written. Title and content are ordered apart (see `titleVersion`).
   */
  version: number;
  /**
   * When `title` was read, if not at `version`: a page's or board's title comes from its group's space, read
   * separately from its content. Default `version`.
   */
  titleVersion?: number;
  /**
   * A copy frozen at a session's end (itemId: the version id): the live item's id, whose entry of the same
   * kind and subId it copies. Default null: a live entry.
   */
  origin?: string | null;
}

/** A frozen copy folded into the hit of its live item. */
export interface SearchCopy {
  itemId: string;
  link: string;
  date: Date;
}

/** What a query finds; the versions that order writes are the store's business. */
export interface SearchHit extends Omit<SearchEntry, 'version' | 'titleVersion'> {
  origin: string | null;
  /** A short plain-text excerpt of `text` around the matches, with the matched words as ranges. */
  snippet: HighlightedText;
  /** Frozen copies of this item that matched too, best first (only when the query folds them). */
  copies: SearchCopy[];
}

/** A live item (not a frozen copy) that has entries in the index, with its title (null when its entries disagree). */
export interface SearchItem {
  kind: SearchKind;
  itemId: string;
  title: string | null;
}

export interface SearchStoreQuery {
  /** What the person typed; analysed like the index (searchText.ts `queryTerms`), all terms must match. */
  text: string;
  /** Only entries of these groups; an empty list finds nothing. */
  groupIds: string[];
  kinds?: SearchKind[];
  limit: number;
  /** `all` (default): every term must match. `any`: one is enough, and entries matching more rank higher. */
  match?: 'all' | 'any';
  /** Leave out every entry of this item (the page or board whose related content is asked for). */
  excludeItem?: { groupId: string; kind: SearchKind; itemId: string };
  /** Default true: a live entry and its frozen copies are one hit (see searchText.ts `foldCopies`). */
  fold?: boolean;
}

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
    /** The accounts among `ids` that exist, in no particular order: one read for a whole list of people. */
    findByIds(ids: readonly string[]): Promise<UserRecord[]>;
    findByEmail(email: string): Promise<UserRecord | null>;
    countByRole(role: UserRole): Promise<number>;
    list(): Promise<UserRecord[]>;
    listByOrganisation(organisationId: string): Promise<UserRecord[]>;
    /** Returns false when there is no such user; rejects with `DuplicateError` when a new email is taken. */
    update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'email' | 'passwordHash' | 'organisationId'>>): Promise<boolean>;
    delete(id: string): Promise<boolean>;
  };

  sessions: {
    create(session: SessionRecord): Promise<void>;
    find(idHash: string): Promise<SessionRecord | null>;
    delete(idHash: string): Promise<void>;
    deleteExpired(now: Date): Promise<number>;
    /** Every session of the person but `exceptIdHash` (the one changing their password), when given. */
    deleteForUser(userId: string, exceptIdHash?: string): Promise<number>;
    list(): Promise<SessionRecord[]>;
  };

  groups: {
    /** Rejects with `DuplicateError` when the id is taken. */
    create(group: GroupRecord): Promise<void>;
    findById(id: string): Promise<GroupRecord | null>;
    list(): Promise<GroupRecord[]>;
    /** Returns false when there is no such group. */
    update(id: string, patch: Partial<Pick<GroupRecord, 'name' | 'description' | 'archivedAt'>>): Promise<boolean>;
  };

  memberships: {
    /** Insert or change the role of a (group, user) pair. */
    upsert(membership: MembershipRecord): Promise<void>;
    find(groupId: string, userId: string): Promise<MembershipRecord | null>;
    listForUser(userId: string): Promise<MembershipRecord[]>;
    listForGroup(groupId: string): Promise<MembershipRecord[]>;
    list(): Promise<MembershipRecord[]>;
    /** Returns false when there was no such membership. */
    delete(groupId: string, userId: string): Promise<boolean>;
    deleteForUser(userId: string): Promise<number>;
  };

  organisations: {
    /** Rejects with `DuplicateError` when the id or the organisation number is taken. */
    create(org: OrganisationRecord): Promise<void>;
    findById(id: string): Promise<OrganisationRecord | null>;
    findByOrgNumber(orgNumber: string): Promise<OrganisationRecord | null>;
    /** By name (Swedish collation is left to the caller), then id. */
    list(): Promise<OrganisationRecord[]>;
    update(id: string, patch: OrganisationPatch): Promise<boolean>;
    /** The organisation left the network; its number becomes free for a new application. */
    delete(id: string): Promise<boolean>;
  };

  applications: {
    /**
     * A pending application claims its organisation number. Rejects with `DuplicateError` when another
     * pending application holds it or an organisation has it. Decided applications are stored as they are
     * (used by migrate).
     */
    create(app: ApplicationRecord): Promise<void>;
    findById(id: string): Promise<ApplicationRecord | null>;
    findByStatusTokenHash(hash: string): Promise<ApplicationRecord | null>;
    /** Oldest first. */
    list(): Promise<ApplicationRecord[]>;
    /**
     * Moves a pending application to approved or rejected. Exactly one of several concurrent decisions
     * wins (true); the others get false. A rejection frees the organisation number; an approval leaves it
     * to the organisation, which the caller creates first.
     */
    decide(id: string, decision: ApplicationDecision): Promise<boolean>;
    /**
     * The contact's account is gone: every application whose contact email is `email` (in any case)
     * names `name` as its contact, with no address ('') any more. Returns how many changed.
     */
    pseudonymiseContact(email: string, name: string): Promise<number>;
  };

  tokens: {
    create(token: TokenRecord): Promise<void>;
    /** Read without using it up (to show what an invitation is for). Null when unknown or expired. */
    find(hash: string, now: Date): Promise<TokenRecord | null>;
    /** Uses the token up: exactly one caller gets the record, and only before it expires. */
    consume(hash: string, now: Date): Promise<TokenRecord | null>;
    deleteExpired(now: Date): Promise<number>;
    list(): Promise<TokenRecord[]>;
    /** Every token for `email` (in any case) stops working: invitations to it, reset links. Returns how many. */
    deleteForEmail(email: string): Promise<number>;
  };

  audit: {
    append(entry: AuditRecord): Promise<void>;
    /**
     * Newest first: by time, then by id. With `after`, only the entries that come after that one in
     * this order (the next page); with `filter`, only those it matches.
     */
    list(limit: number, after?: Pick<AuditRecord, 'at' | 'id'>, filter?: AuditFilter): Promise<AuditRecord[]>;
    /** Everyone who has an entry as its actor, each once (the system's entries left out). */
    actorIds(): Promise<string[]>;
    /**
     * Writes `replacement` in place of each of `values` (strings, in any case) wherever an entry's details
     * hold one, at any depth (storage/redact.ts); returns how many entries changed. The one rewrite of the
     * log: a deleted person's addresses. Cost: SQLite reads only the entries whose text contains a value,
     * Mongo the whole log once (FerretDB 1.x cannot query every field of a document).
     */
    redact(values: readonly string[], replacement: string): Promise<number>;
  };

  joinRequests: {
    /** Rejects with `DuplicateError` when the person already has a pending request for the group. */
    create(request: JoinRequestRecord): Promise<void>;
    find(groupId: string, userId: string): Promise<JoinRequestRecord | null>;
    listForGroup(groupId: string): Promise<JoinRequestRecord[]>;
    list(): Promise<JoinRequestRecord[]>;
    /** Decides (removes) a pending request; exactly one concurrent caller gets true. */
    delete(groupId: string, userId: string): Promise<boolean>;
    deleteForUser(userId: string): Promise<number>;
  };

  docs: {
    /** Append updates atomically and in order; returns the seq of the last one. */
    append(docName: string, updates: Uint8Array[]): Promise<number>;
    load(docName: string): Promise<StoredDoc>;
    /**
     * What was stored after `seq`, to repair a gap in what another instance relayed: the updates with a
     * higher seq, and the base too when a compaction moved it past `seq` (the updates it folded in are
     * gone). `load` is `updatesAfter(docName, -1)`.
     */
    updatesAfter(docName: string, seq: number): Promise<StoredDoc>;
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
    /** Every document's snapshots that list `userId` among their contributors, newest first, without the state. */
    listByContributor(userId: string): Promise<SnapshotInfo[]>;
    get(id: string): Promise<SnapshotRecord | null>;
  };

  meetings: {
    /** Rejects with `DuplicateError` when the id is taken. Stores the record as given. */
    create(meeting: NewMeetingRecord): Promise<void>;
    /** Reads through `withFacilitatorHistory`, as does `list`. */
    get(id: string): Promise<MeetingRecord | null>;
    /** The meetings of these groups with one of these statuses, by start time then id. */
    list(groupIds: string[], statuses: MeetingStatus[]): Promise<MeetingRecord[]>;
    /**
     * Compare-and-set: stores `next` (with `next.version === expectedVersion + 1`) only if the stored
     * version is still `expectedVersion`. Of concurrent writers from one version exactly one wins (true).
     */
    replace(next: MeetingRecord, expectedVersion: number): Promise<boolean>;
  };

  meetingVotes: {
    /**
     * Adds one vote of `userId` on `stickyId` in the round, unless that would put the person over
     * `budget` votes in the round ('budget') or over `cap` votes on the sticky ('cap'). Atomic: any
     * number of concurrent casts never exceed either limit.
     */
    cast(vote: VoteRecord, limits: { budget: number; cap: number | null }): Promise<CastOutcome>;
    /** Takes back one of the person's votes on the sticky; false when there is none. */
    retract(meetingId: string, round: number, userId: string, stickyId: string): Promise<boolean>;
    /** Every vote of the round, oldest first. */
    list(meetingId: string, round: number): Promise<VoteRecord[]>;
  };

  calendarFeeds: {
    /** Rejects with `DuplicateError` when the id or token hash is taken. */
    create(feed: CalendarFeedRecord): Promise<void>;
    findByTokenHash(tokenHash: string): Promise<CalendarFeedRecord | null>;
    /** Oldest first. */
    listForUser(userId: string): Promise<CalendarFeedRecord[]>;
    /** Oldest first (migrate). */
    list(): Promise<CalendarFeedRecord[]>;
    /** Revokes one feed of the person; false when they have no such feed. */
    delete(id: string, userId: string): Promise<boolean>;
    deleteForUser(userId: string): Promise<number>;
  };

  /**
   * The full-text index, with the Swedish analysis of searchText.ts. Best match first (SQLite: FTS5 bm25;
   * MongoDB: weighted term matches, see docs/api.md), newest first on ties. Not authoritative: it can be
   * rebuilt from the documents. Writes are ordered by the entries' versions (SearchEntry.version).
   */
  search: {
    /**
     * Analyses again every entry indexed under another ANALYSIS_VERSION (its stored text is kept), calling
     * `progress` after each batch; returns how many. Until then those entries are not found.
     */
    reindex(progress?: (done: number, total: number) => void): Promise<number>;
    upsert(entry: SearchEntry): Promise<void>;
    /**
     * Makes `entries` the item's only entries: upserts them and removes its other sub-ids, unless the item holds
     * an entry of a later version (then the whole replacement is stale and left out).
     */
    replaceItem(groupId: string, kind: SearchKind, itemId: string, entries: SearchEntry[]): Promise<void>;
    /**
     * Sets the title of every entry of the item whose title is not newer than `bare.version`; inserts `bare`
     * (empty text, whose content any later write replaces) when it has none.
     */
    setTitle(bare: SearchEntry): Promise<void>;
    /**
     * Removes one entry, or every entry of the item when `subId` is omitted; returns how many. With `upTo`, only
     * entries whose content and title were read no later (the item was seen gone by a read at `upTo`).
     */
    remove(groupId: string, kind: SearchKind, itemId: string, subId?: string, upTo?: number): Promise<number>;
    /** The group's live items of these kinds that have entries: what its space is compared with. */
    items(groupId: string, kinds: SearchKind[]): Promise<SearchItem[]>;
    query(q: SearchStoreQuery): Promise<SearchHit[]>;
  };

  /**
   * A version per person, bumped by every change of their access (removal, role change, deletion, sign-out
   * everywhere). In cluster mode each instance compares it with the version its open connections were
   * authorized at, so that an access change whose message it missed still takes effect.
   */
  access: {
    /** Returns the new version (the first bump gives 1). Atomic across processes. */
    bump(userId: string): Promise<number>;
    /** The versions of these people; 0 for one never bumped. */
    versions(userIds: readonly string[]): Promise<Map<string, number>>;
  };

  /** Small key-value facts such as the one-time setup token hash. */
  meta: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
    /** Stores `value` only when `key` has none; true when this call stored it. Atomic across processes. */
    setIfAbsent(key: string, value: string): Promise<boolean>;
    delete(key: string): Promise<void>;
    /**
     * Takes the lease `key` for `holder` until `until`, or renews it: true when it was free, expired at `now`, or
     * already `holder`'s. Atomic across processes: of concurrent acquirers exactly one gets it. One holder's
     * calls must not overlap (a renewal racing its own renewal may lose).
     */
    acquireLease(key: string, holder: string, until: Date, now: Date): Promise<boolean>;
    /** Gives the lease up if `holder` holds it, so the next acquirer need not wait for it to expire. */
    releaseLease(key: string, holder: string): Promise<void>;
  };
}

export class DuplicateError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}
