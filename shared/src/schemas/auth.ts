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

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  /** Stable hue-based colour used for carets and avatars. */
  color: string;
  /** The member organisation the person belongs to (null for coordinators); see `GET /api/organisations/:id`. */
  organisationId?: string | null;
}
