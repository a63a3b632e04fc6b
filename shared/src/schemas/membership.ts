import { z } from 'zod';
import { email, password } from './auth.js';
import { groupId, groupRole } from './groups.js';
import { STOCKHOLM_COUNTY } from '../data/stockholmCounty.js';

/** The 26 municipalities of Stockholm County (Stockholms län), by their stored short names, from the one data file. */
export const stockholmCountyMunicipalities: readonly string[] = STOCKHOLM_COUNTY.map((m) => m.name);
export type StockholmMunicipality = string;

const municipalityKey = (name: string) => name.normalize('NFC').trim().toLocaleLowerCase('sv').replace(/\s+/g, ' ');
// The short name and the official one ("Solna", "Solna kommun", "Solna stad") all name the municipality.
const byKey = new Map<string, StockholmMunicipality>(
  STOCKHOLM_COUNTY.flatMap((m) => [
    [municipalityKey(m.name), m.name],
    [municipalityKey(m.officialName), m.name],
    [municipalityKey(`${m.officialName.replace(/ kommun$/, '')} stad`), m.name],
  ]),
);

/** The canonical short name when `name` is a municipality of Stockholm County (short or official name, case and spacing ignored), else null. */
export function stockholmCountyMunicipality(name: string): StockholmMunicipality | null {
  return byKey.get(municipalityKey(name)) ?? null;
}

const byName = new Map(STOCKHOLM_COUNTY.map((m) => [m.name, m]));

/** How a municipality is shown: "Solna kommun", "Stockholms kommun"; an unknown name as it is. */
export function municipalityName(name: string): string {
  return byName.get(name)?.officialName ?? name;
}

/** The five digits of a Swedish postcode ("171 64", "17164"), or null. */
export function postcodeDigits(postalCode: string): string | null {
  const d = postalCode.replace(/\s/g, '');
  return /^\d{5}$/.test(d) ? d : null;
}

/**
 * Whether the postcode lies in the municipality (a stored short name), by the ranges in
 * data/stockholmCounty.ts. False for a malformed postcode or a municipality outside the county.
 */
export function postcodeInMunicipality(postalCode: string, municipality: string): boolean {
  const digits = postcodeDigits(postalCode);
  const m = byName.get(stockholmCountyMunicipality(municipality) ?? '');
  if (!digits || !m) return false;
  const prefix = Number(digits.slice(0, 3));
  return m.postcodes.some(([from, to]) => prefix >= from && prefix <= to);
}

/** "postalCode: …" so clients put it beside the postcode field (HTTP 400 `postcode_mismatch`). */
export const postcodeMismatchMessage = (postalCode: string, municipality: string) =>
  `postalCode: ${postalCode} is not a postcode of ${municipalityName(municipality)}`;

export const OUTSIDE_COUNTY_MESSAGE =
  'Membership is open to organisations with an address in Stockholm County; the municipality must be one of its 26 municipalities';

/**
 * A Swedish organisation number: 10 digits, optionally with a hyphen after the sixth, whose last digit
 * is the Luhn check digit of the first nine. Returns the canonical form NNNNNN-NNNN, or null.
 */
export function normaliseOrgNumber(input: string): string | null {
  const m = /^(\d{6})-?(\d{4})$/.exec(input.trim());
  if (!m) return null;
  const digits = m[1]! + m[2]!;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0 ? `${m[1]}-${m[2]}` : null;
}

export const orgNumber = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const n = normaliseOrgNumber(v);
    if (!n) {
      ctx.addIssue({ code: 'custom', message: 'not a valid Swedish organisation number (10 digits, Luhn-checked)' });
      return z.NEVER;
    }
    return n;
  });

const text = (max: number) => z.string().trim().min(1).max(max);
/** A website: 'gron.example.se' becomes 'https://gron.example.se'; '' is none (null). */
export const website = z
  .string()
  .trim()
  .max(300)
  .transform((v) => (v === '' ? null : /^https?:\/\//i.test(v) ? v : `https://${v}`))
  .pipe(z.url({ protocol: /^https?$/ }).nullable());

/** A Swedish postcode, stored as "NNN NN". */
export const postalCode = z
  .string()
  .trim()
  .regex(/^\d{3} ?\d{2}$/, 'a Swedish postal code has five digits')
  .transform((v) => `${v.replace(' ', '').slice(0, 3)} ${v.replace(' ', '').slice(3)}`);

/**
 * `POST /api/applications`. The municipality is any name here; the server refuses one outside
 * Stockholm County with `outside_county`, so that the applicant learns the rule rather than "invalid".
 */
export const applicationRequest = z
  .object({
    name: text(200),
    orgNumber,
    street: text(200),
    postalCode,
    municipality: text(80),
    website: website.optional().transform((v) => v ?? null),
    contactName: text(120),
    contactEmail: email,
    groupIds: z.array(groupId).max(50).default([]),
  })
  .strict();
export type ApplicationRequest = z.input<typeof applicationRequest>;
export type ApplicationInput = z.output<typeof applicationRequest>;

export const applicationStatus = z.enum(['pending', 'approved', 'rejected']);
export type ApplicationStatus = z.infer<typeof applicationStatus>;

export const rejectApplicationRequest = z.object({ reason: text(2000) }).strict();
export type RejectApplicationRequest = z.infer<typeof rejectApplicationRequest>;

/** What an organisation states about itself, in an application and as a member. */
export interface OrganisationDetails {
  name: string;
  orgNumber: string;
  street: string;
  postalCode: string;
  municipality: string;
  website: string | null;
  /** Working groups it is interested in. */
  groupIds: string[];
}

export interface Application extends OrganisationDetails {
  id: string;
  status: ApplicationStatus;
  contactName: string;
  contactEmail: string;
  createdAt: string;
  decidedAt: string | null;
  /** Shown to the applicant when rejected. */
  reason: string | null;
  organisationId: string | null;
}

/** What the applicant sees at their status link. */
export type ApplicationStatusView = Pick<Application, 'id' | 'status' | 'name' | 'createdAt' | 'decidedAt' | 'reason'>;

export const invitationRequest = z.object({ email, name: text(120).optional() }).strict();
export type InvitationRequest = z.infer<typeof invitationRequest>;

export interface InvitationCreated {
  /** The link to hand to the invited person: `<origin>/invitation?token=…`. */
  link: string;
  expiresAt: string;
  /** True when an email was sent (SMTP_URL is set). */
  emailed: boolean;
}

export interface InvitationInfo {
  email: string;
  name: string | null;
  organisation: { id: string; name: string } | null;
  expiresAt: string;
}

export const acceptInvitationRequest = z
  .object({ token: z.string().min(1).max(200), name: text(120), password })
  .strict();
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequest>;

export const passwordResetRequest = z.object({ email }).strict();
export const passwordResetConfirm = z.object({ token: z.string().min(1).max(200), password }).strict();
export type PasswordResetRequest = z.infer<typeof passwordResetRequest>;
export type PasswordResetConfirm = z.infer<typeof passwordResetConfirm>;

export const createGroupRequest = z
  .object({ id: groupId, name: text(120), description: z.string().trim().max(2000).default('') })
  .strict();
export const updateGroupRequest = z
  .object({ name: text(120).optional(), description: z.string().trim().max(2000).optional() })
  .strict();
export type CreateGroupRequest = z.input<typeof createGroupRequest>;
export type UpdateGroupRequest = z.infer<typeof updateGroupRequest>;

export const setRoleRequest = z.object({ role: groupRole }).strict();
export type SetRoleRequest = z.infer<typeof setRoleRequest>;

export interface JoinRequest {
  groupId: string;
  userId: string;
  name: string;
  organisation: string | null;
  createdAt: string;
}

export interface GroupMember {
  userId: string;
  name: string;
  organisation: string | null;
  role: z.infer<typeof groupRole>;
  since: string;
  /** What the person reading the list may do to this membership, decided by the server's policy. */
  can: { changeRole: boolean; remove: boolean };
}

export interface Organisation extends OrganisationDetails {
  id: string;
  contactUserId: string | null;
  joinedAt: string;
}

/** One row of the public member directory. */
export interface DirectoryEntry {
  id: string;
  name: string;
  municipality: string;
  website: string | null;
  groups: { id: string; name: string }[];
  joinedAt: string;
}

export interface Directory {
  /** Member organisations in the whole network. */
  total: number;
  /** Those matching the filters, i.e. `members.length`. */
  count: number;
  members: DirectoryEntry[];
}

export const directoryQuery = z.object({
  q: z.string().trim().max(100).optional(),
  municipality: z.string().trim().max(80).optional(),
  group: groupId.optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** `GET /api/audit`: one page of the log, newest first; `next` asks for the page after it (null at the end). */
export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

/** The name the server gives a person whose account is gone (their contributions stay); clients translate it. */
export const FORMER_MEMBER = 'former member';
