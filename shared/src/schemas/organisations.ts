import { z } from 'zod';
import { groupId } from './groups.js';
import { auditEntry } from './audit.js';
import { namedRef, organisationDetails, postalCode, website } from './membership.js';

/**
 * What a name is compared by when searching and looking for duplicates: lower case, accents and
 * diacritics dropped (å → a, ö → o, é → e), spacing collapsed. "akesson" finds "Åkesson".
 */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .toLocaleLowerCase('sv')
    .replace(/\s+/g, ' ')
    .trim();
}

export const organisationStatus = z.enum(['active', 'left']);
export type OrganisationStatusValue = z.infer<typeof organisationStatus>;

export const ORGANISATIONS_PAGE_SIZE = 50;

/** `GET /api/admin/organisations`: one page of the records matching every filter given. */
export const organisationsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    municipality: z.string().trim().max(80).optional(),
    group: groupId.optional(),
    /** `all` for both; default `active`. */
    status: z.enum(['active', 'left', 'all']).default('active'),
    /** Only those without a contact person. */
    noContact: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();
export type OrganisationsQuery = z.input<typeof organisationsQuery>;

export const organisationSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  orgNumber: z.string(),
  municipality: z.string(),
  status: organisationStatus,
  contact: namedRef.nullable(),
  /** No contact person: the last one was deleted or never accepted the invitation. */
  noContact: z.boolean(),
  people: z.number().int(),
  pendingInvitations: z.number().int(),
  /** Working groups its people are members of. */
  groups: z.array(namedRef),
  joinedAt: z.iso.datetime(),
});
export type OrganisationSummary = z.infer<typeof organisationSummary>;

export const organisationsPage = z.strictObject({
  /** Every organisation record, whatever the filters. */
  total: z.number().int(),
  /** Those matching the filters. */
  count: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  organisations: z.array(organisationSummary),
});
export type OrganisationsPage = z.infer<typeof organisationsPage>;

/** An invitation not yet used and not expired. Its link cannot be shown again (only its hash is stored): resending makes a new one. */
export const pendingInvitation = z.strictObject({
  /** Stable id for resend and revoke (the stored hash; it does not reveal the link). */
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  organisationId: z.string(),
  organisationName: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type PendingInvitation = z.infer<typeof pendingInvitation>;

export const organisationRecordView = z.strictObject({
  ...organisationDetails.omit({ groupIds: true }).shape,
  id: z.string(),
  description: z.string(),
  status: organisationStatus,
  leftAt: z.iso.datetime().nullable(),
  joinedAt: z.iso.datetime(),
  contactUserId: z.string().nullable(),
  noContact: z.boolean(),
  /** Groups it said it was interested in when applying. */
  interestGroupIds: z.array(z.string()),
});
export type OrganisationRecordView = z.infer<typeof organisationRecordView>;

export const organisationDetail = z.strictObject({
  organisation: organisationRecordView,
  people: z.array(z.strictObject({ id: z.string(), name: z.string(), email: z.string(), isContact: z.boolean() })),
  /** Working groups its people are in, with how many of them. */
  groups: z.array(z.strictObject({ id: z.string(), name: z.string(), people: z.number().int() })),
  invitations: z.array(pendingInvitation),
  /** From the audit log, newest first. */
  history: z.array(auditEntry),
});
export type OrganisationDetail = z.infer<typeof organisationDetail>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** `PATCH /api/admin/organisations/:id`: the details a coordinator edits; the postcode must match the municipality. */
export const updateOrganisationRequest = z
  .object({
    name: text(200).optional(),
    street: text(200).optional(),
    postalCode: postalCode.optional(),
    municipality: text(80).optional(),
    website: website.optional(),
    description: z.string().trim().max(2000).optional(),
  })
  .strict();
export type UpdateOrganisationRequest = z.input<typeof updateOrganisationRequest>;

/** `PUT /api/admin/organisations/:id/contact`: one of its people becomes the contact person. */
export const setContactRequest = z.object({ userId: z.string().min(1).max(100) }).strict();
export type SetContactRequest = z.infer<typeof setContactRequest>;

// ---- import of the existing member list ----

/** The record fields a column of an uploaded member list can be mapped to. */
export const importFields = [
  'name', 'orgNumber', 'street', 'postalCode', 'municipality', 'website', 'description', 'contactName', 'contactEmail',
] as const;
export type ImportField = (typeof importFields)[number];
export const requiredImportFields: readonly ImportField[] = ['name', 'orgNumber', 'street', 'postalCode', 'municipality'];

/** field → the column's header as it is in the file. */
export const importMapping = z.partialRecord(z.enum(importFields), z.string().max(200));
export type ImportMapping = z.infer<typeof importMapping>;

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/** Why a row is refused; each has its own translated message. */
export const importProblem = z.enum([
  'missing_name',
  'bad_org_number',
  'missing_address',
  'bad_postcode',
  'outside_county',
  'postcode_mismatch',
  'bad_website',
  'bad_email',
  'duplicate_org_number_in_file',
  'duplicate_name_in_file',
  'duplicate_name',
  'email_taken',
]);
export type ImportProblem = z.infer<typeof importProblem>;

export const importOutcome = z.enum(['create', 'update', 'unchanged', 'refuse']);
export type ImportOutcome = z.infer<typeof importOutcome>;

export const importRowResult = z.strictObject({
  /** The row's line in the file: 2 is the first row under the header. */
  line: z.number().int(),
  name: z.string(),
  orgNumber: z.string(),
  outcome: importOutcome,
  problems: z.array(importProblem),
  /** For an update: which fields change. */
  changes: z.array(z.string()),
  organisationId: z.string().nullable(),
});
export type ImportRowResult = z.infer<typeof importRowResult>;

export const importReport = z.strictObject({
  dryRun: z.boolean(),
  format: z.enum(['csv', 'xlsx']),
  headers: z.array(z.string()),
  /** The mapping used (the one asked for, or the one guessed from the headers). */
  mapping: importMapping,
  counts: z.record(importOutcome, z.number().int()),
  rows: z.array(importRowResult),
  /** After a real import: the invitation of each created organisation's contact, to copy when not mailed. */
  invitations: z.array(
    z.strictObject({ organisationId: z.string(), organisationName: z.string(), email: z.string(), link: z.string(), emailed: z.boolean() }),
  ),
});
export type ImportReport = z.infer<typeof importReport>;
