import { z } from 'zod';

/**
 * Path parameters that are record ids of the store (people, organisations, applications, feeds, action
 * items): any non-empty string up to 100 characters. Group, meeting and item ids have their own formats
 * (schemas/groups.ts, meetings.ts, docs.ts).
 */
export const recordId = z.string().min(1).max(100);

/** A token from a link (invitation, password reset, status link): checked against the stored hash. */
export const linkToken = z.string().min(1).max(200);

/** A path parameter read as it is; the route answers 404 for one it does not know (no 400 to tell formats apart). */
export const anyString = z.string();

/** `?lang=sv|en` of a download (else Accept-Language, else Swedish); any other value is ignored. */
export const languageQuery = z.object({ lang: z.string().optional() });
