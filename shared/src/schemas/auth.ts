import { z } from 'zod';

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** Long passphrases are welcome; the upper bound only keeps scrypt input bounded. */
export const password = z.string().min(10).max(256);

export const loginRequest = z.object({ email, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof loginRequest>;

export const setupRequest = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(120),
  email,
  password,
});
export type SetupRequest = z.infer<typeof setupRequest>;

export const userRole = z.enum(['coordinator', 'member']);
export type UserRole = z.infer<typeof userRole>;

export const publicUser = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: userRole,
  /** Stable hue-based colour used for carets and avatars. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  /** The member organisation the person belongs to (null for coordinators); see `GET /api/organisations/:id`. */
  organisationId: z.string().nullish(),
  /** What the person may do across the network, decided by the server's policy: `administer` opens the coordinators' pages. */
  can: z.strictObject({ administer: z.boolean() }),
});
export type PublicUser = z.infer<typeof publicUser>;

/** A person's display name: trimmed, 1–120 characters. */
export const displayName = z.string().trim().min(1).max(120);
/** The current password a signed-in person types to prove it is them; only ever compared, never stored. */
const currentPassword = z.string().min(1).max(256);

/** PATCH /api/me: the person changes their own display name. */
export const profileUpdateRequest = z.object({ name: displayName }).strict();
export type ProfileUpdateRequest = z.infer<typeof profileUpdateRequest>;

/** POST /api/me/email: a confirmation link goes to the new address; the email changes once it is opened. */
export const emailChangeRequest = z.object({ email, currentPassword }).strict();
export type EmailChangeRequest = z.infer<typeof emailChangeRequest>;

/** POST /api/me/email/confirm: the token from that link, sent by the same person signed in. */
export const emailChangeConfirm = z.object({ token: z.string().min(1).max(200) }).strict();
export type EmailChangeConfirm = z.infer<typeof emailChangeConfirm>;

/** PUT /api/me/password: the person's other sessions end; this one stays signed in. */
export const passwordChangeRequest = z.object({ currentPassword, newPassword: password }).strict();
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequest>;
