import { z } from 'zod';
import { groupId } from './groups.js';
import { postalCode, website, type AuditEntry, type OrganisationDetails } from './membership.js';

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

export interface OrganisationSummary {
  id: string;
  name: string;
  orgNumber: string;
  municipality: string;
  status: OrganisationStatusValue;
  contact: { id: string; name: string } | null;
  /** No contact person: the last one was deleted or never accepted the invitation. */
  noContact: boolean;
  people: number;
  pendingInvitations: number;
  /** Working groups its people are members of. */
  groups: { id: string; name: string }[];
  joinedAt: string;
}

export interface OrganisationsPage {
  /** Every organisation record, whatever the filters. */
  total: number;
  /** Those matching the filters. */
  count: number;
  page: number;
  pageSize: number;
  organisations: OrganisationSummary[];
}

/** An invitation not yet used and not expired. Its link cannot be shown again (only its hash is stored): resending makes a new one. */
export interface PendingInvitation {
  /** Stable id for resend and revoke (the stored hash; it does not reveal the link). */
  id: string;
  email: string;
  name: string | null;
  organisationId: string;
  organisationName: string;
  createdAt: string;
  expiresAt: string;
}

export interface OrganisationRecordView extends Omit<OrganisationDetails, 'groupIds'> {
  id: string;
  description: string;
  status: OrganisationStatusValue;
  leftAt: string | null;
  joinedAt: string;
  contactUserId: string | null;
  noContact: boolean;
  /** Groups it said it was interested in when applying. */
  interestGroupIds: string[];
}

export interface OrganisationDetail {
  organisation: OrganisationRecordView;
  people: { id: string; name: string; email: string; isContact: boolean }[];
  /** Working groups its people are in, with how many of them. */
  groups: { id: string; name: string; people: number }[];
  invitations: PendingInvitation[];
  /** From the audit log, newest first. */
  history: AuditEntry[];
}

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
export type ImportProblem =
  | 'missing_name'
  | 'bad_org_number'
  | 'missing_address'
  | 'bad_postcode'
  | 'outside_county'
  | 'postcode_mismatch'
  | 'bad_website'
  | 'bad_email'
  | 'duplicate_org_number_in_file'
  | 'duplicate_name_in_file'
  | 'duplicate_name'
  | 'email_taken';

export type ImportOutcome = 'create' | 'update' | 'unchanged' | 'refuse';

export interface ImportRowResult {
  /** The row's line in the file: 2 is the first row under the header. */
  line: number;
  name: string;
  orgNumber: string;
  outcome: ImportOutcome;
  problems: ImportProblem[];
  /** For an update: which fields change. */
  changes: string[];
  organisationId: string | null;
}

export interface ImportReport {
  dryRun: boolean;
  format: 'csv' | 'xlsx';
  headers: string[];
  /** The mapping used (the one asked for, or the one guessed from the headers). */
  mapping: ImportMapping;
  counts: Record<ImportOutcome, number>;
  rows: ImportRowResult[];
  /** After a real import: the invitation of each created organisation's contact, to copy when not mailed. */
  invitations: { organisationId: string; organisationName: string; email: string; link: string; emailed: boolean }[];
}
