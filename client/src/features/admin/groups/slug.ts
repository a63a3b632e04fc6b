import { groupId } from '@samla/shared';

/** Whether `id` is a valid group id (the server's rule, from the shared schema). */
export const isGroupId = (id: string): boolean => groupId.safeParse(id).success;

/**
 * A suggested group id from its name: lowercase, Swedish letters folded (å, ä → a; ö → o), every
 * other run of characters a hyphen, at most 63 characters. "Mat & klimat" → "mat-klimat".
 */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
