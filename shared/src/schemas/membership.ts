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
export const organisationDetails = z.strictObject({
  name: z.string(),
  orgNumber: z.string(),
  street: z.string(),
  postalCode: z.string(),
  municipality: z.string(),
  website: z.string().nullable(),
  /** Working groups it is interested in. */
  groupIds: z.array(z.string()),
});
export type OrganisationDetails = z.infer<typeof organisationDetails>;

export const application = z.strictObject({
  ...organisationDetails.shape,
  id: z.string(),
  status: applicationStatus,
  contactName: z.string(),
  contactEmail: z.string(),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  /** Shown to the applicant when rejected. */
  reason: z.string().nullable(),
  organisationId: z.string().nullable(),
});
export type Application = z.infer<typeof application>;

/** What the applicant sees at their status link. */
export const applicationStatusView = application.pick({ id: true, status: true, name: true, createdAt: true, decidedAt: true, reason: true });
export type ApplicationStatusView = z.infer<typeof applicationStatusView>;

export const invitationRequest = z.object({ email, name: text(120).optional() }).strict();
export type InvitationRequest = z.infer<typeof invitationRequest>;

export const invitationCreated = z.strictObject({
  /** The link to hand to the invited person: `<origin>/invitation?token=…`. */
  link: z.string(),
  expiresAt: z.iso.datetime(),
  /** True when an email was sent (SMTP_URL is set). */
  emailed: z.boolean(),
});
export type InvitationCreated = z.infer<typeof invitationCreated>;

/** An id and a name: a group, an organisation, a person. */
export const namedRef = z.strictObject({ id: z.string(), name: z.string() });

export const invitationInfo = z.strictObject({
  email: z.string(),
  name: z.string().nullable(),
  organisation: namedRef.nullable(),
  expiresAt: z.iso.datetime(),
});
export type InvitationInfo = z.infer<typeof invitationInfo>;

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

export const joinRequest = z.strictObject({
  groupId: z.string(),
  userId: z.string(),
  name: z.string(),
  organisation: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type JoinRequest = z.infer<typeof joinRequest>;

export const groupMember = z.strictObject({
  userId: z.string(),
  name: z.string(),
  organisation: z.string().nullable(),
  role: groupRole,
  since: z.iso.datetime(),
  /** What the person reading the list may do to this membership, decided by the server's policy. */
  can: z.strictObject({ changeRole: z.boolean(), remove: z.boolean() }),
});
export type GroupMember = z.infer<typeof groupMember>;

export const organisation = z.strictObject({
  ...organisationDetails.shape,
  id: z.string(),
  contactUserId: z.string().nullable(),
  joinedAt: z.iso.datetime(),
  /** What the organisation does, in its own words ('' when unset). */
  description: z.string().optional(),
  /** 'left' once a coordinator marked it as having left the network. */
  status: z.enum(['active', 'left']).optional(),
  leftAt: z.iso.datetime().nullish(),
});
export type Organisation = z.infer<typeof organisation>;

/** One row of the public member directory. */
export const directoryEntry = z.strictObject({
  id: z.string(),
  name: z.string(),
  municipality: z.string(),
  website: z.string().nullable(),
  groups: z.array(namedRef),
  joinedAt: z.iso.datetime(),
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

export const directory = z.strictObject({
  /** Member organisations in the whole network. */
  total: z.number().int(),
  /** Those matching the filters, i.e. `members.length`. */
  count: z.number().int(),
  members: z.array(directoryEntry),
});
export type Directory = z.infer<typeof directory>;

export const directoryQuery = z.object({
  q: z.string().trim().max(100).optional(),
  municipality: z.string().trim().max(80).optional(),
  group: groupId.optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

/** The name the server gives a person whose account is gone (their contributions stay); clients translate it. */
export const FORMER_MEMBER = 'former member';
