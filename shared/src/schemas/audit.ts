import { z } from 'zod';
import { groupRole, type GroupRole } from './groups.js';
import { namedRef } from './membership.js';

/**
 * Every action the server writes to the audit log. server/src/audit/log.ts takes only these, and the
 * client has a Swedish and an English label for each (a test checks both locale files).
 */
export const auditActions = [
  'application.submitted',
  'application.approved',
  'application.rejected',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'group.created',
  'group.edited',
  'group.archived',
  'group.unarchived',
  'membership.added',
  'membership.role_changed',
  'membership.removed',
  'membership.left',
  'join_request.created',
  'join_request.approved',
  'join_request.rejected',
  'account.name_changed',
  'account.email_change_requested',
  'account.email_changed',
  'account.password_changed',
  'account.deleted',
  'password.reset',
  'organisation.updated',
  'organisation.contact_changed',
  'organisation.imported',
  'organisation.merged',
  'organisation.left',
  'organisations.imported',
  'members.exported',
  'audit.exported',
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditAction = z.enum(auditActions);
const knownActions: ReadonlySet<string> = new Set(auditActions);
export const isAuditAction = (action: string): action is AuditAction => knownActions.has(action);

/** What an entry is about, by the first part of its `target` (`group:plast`, `network`). */
export const auditTargetKinds = ['group', 'user', 'organisation', 'application', 'network'] as const;
export type AuditTargetKind = (typeof auditTargetKinds)[number];

/**
 * The details the readable log shows, by the name it labels them with (each has a label in both
 * languages). The server turns an entry's stored details into these (server/src/audit/describe.ts).
 */
export const auditFieldKeys = [
  'name',
  'orgNumber',
  'street',
  'postalCode',
  'municipality',
  'website',
  'description',
  'email',
  'emailed',
  'resent',
  'person',
  'invitedBy',
  'role',
  'from',
  'to',
  'reason',
  'cause',
  'source',
  'organisation',
  'mergedInto',
  'groups',
  'people',
  'organisations',
  'entries',
  'otherSessionsEnded',
  'format',
  'created',
  'updated',
  'unchanged',
  'refused',
] as const;
export type AuditFieldKey = (typeof auditFieldKeys)[number];

/** Fixed words a detail can hold, translated when shown: why an account went, where a change came from. */
export const auditTerms = ['deleted_by_the_person', 'organisation_left', 'import'] as const;
export type AuditTerm = (typeof auditTerms)[number];

/** One detail's value, by what it is, so each side can show it in the reader's language. */
export const auditValue = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({ kind: z.literal('number'), value: z.number() }),
  z.strictObject({ kind: z.literal('flag'), value: z.boolean() }),
  z.strictObject({ kind: z.literal('role'), role: groupRole }),
  /** `FORMER_MEMBER` once the account is gone. */
  z.strictObject({ kind: z.literal('person'), name: z.string() }),
  z.strictObject({ kind: z.literal('list'), items: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('term'), term: z.enum(auditTerms) }),
  /** An edited field: `from` is left out when the old value was not recorded; null is empty. */
  z.strictObject({ kind: z.literal('change'), from: z.string().nullable().optional(), to: z.string().nullable() }),
]);
export type AuditValue = z.infer<typeof auditValue>;

/** The words a value is written with, in one language (the client's locale files, the server's CSV labels). */
export interface AuditWords {
  yes: string;
  no: string;
  /** For an empty old or new value of a change. */
  empty: string;
  role(role: GroupRole): string;
  term(term: AuditTerm): string;
  /** A person's name as shown: `FORMER_MEMBER` in the reader's language. */
  person(name: string): string;
}

/** A detail's value as text: "ja", "samtalsledare", "(tomt) → https://gron.se". */
export function auditValueText(value: AuditValue, words: AuditWords): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'number':
      return String(value.value);
    case 'flag':
      return value.value ? words.yes : words.no;
    case 'role':
      return words.role(value.role);
    case 'person':
      return words.person(value.name);
    case 'list':
      return value.items.join(', ');
    case 'term':
      return words.term(value.term);
    case 'change': {
      const to = value.to ?? words.empty;
      return value.from === undefined ? to : `${value.from ?? words.empty} → ${to}`;
    }
  }
}
export const auditField = z.strictObject({ key: z.enum(auditFieldKeys), value: auditValue });
export type AuditField = z.infer<typeof auditField>;

export const auditEntry = z.strictObject({
  id: z.string(),
  at: z.iso.datetime(),
  actorId: z.string().nullable(),
  /** Null for the system or a visitor (`actorId` null); `FORMER_MEMBER` once the account is gone. */
  actorName: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  /** The target's name (a person's is `FORMER_MEMBER` once gone); null for the whole network. */
  targetName: z.string().nullable(),
  /** The details worth reading, named and labelled. */
  fields: z.array(auditField),
  /** The details as stored. */
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** `actor=system`: what the system or a visitor did (an application, for one). */
export const AUDIT_SYSTEM_ACTOR = 'system';

/**
 * The filters of the log and of its CSV, each optional and all of them together: one action, one actor
 * (a person's id or `system`), one organisation (its record, its applications, its people and what
 * they did), and dates from and to (both included, in the network's time zone).
 */
export const auditFilterShape = {
  action: auditAction.optional(),
  actor: z.string().min(1).max(100).optional(),
  organisation: z.string().min(1).max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
};
const fromNotAfterTo = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const fromNotAfterToIssue = { message: 'to: must not be before from', path: ['to'] };

export const auditFilter = z.object(auditFilterShape).refine(fromNotAfterTo, fromNotAfterToIssue);
export type AuditFilterQuery = z.infer<typeof auditFilter>;

export const auditListQuery = z
  .object({
    ...auditFilterShape,
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    /** The `next` of the previous page: "<epoch ms>.<entry id>". */
    after: z.string().regex(/^\d{1,15}\.[\w-]{1,64}$/).optional(),
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const auditCsvQuery = z
  .object({ ...auditFilterShape, lang: z.string().optional() })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

/** `GET /api/audit`: one page of the log, newest first; `next` asks for the page after it (null at the end). */
export const auditPage = z.strictObject({
  entries: z.array(auditEntry),
  next: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** `GET /api/audit/filters`: the choices of the actor and organisation filters, by name. */
export const auditFilterChoices = z.strictObject({
  /** The people who did something in the log and still have an account, with their organisation's name. */
  actors: z.array(z.strictObject({ ...namedRef.shape, organisation: z.string().nullable() })),
  /** Every organisation on record, also those that have left. */
  organisations: z.array(z.strictObject({ ...namedRef.shape, left: z.boolean() })),
});
export type AuditFilterChoices = z.infer<typeof auditFilterChoices>;
