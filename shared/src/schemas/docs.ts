import { groupId } from './groups.js';

/**
 * Yjs documents are addressed as `groups/<groupId>/<name>`; today the one name is `notes`.
 * The WebSocket URL is `/yjs/` followed by the document name.
 */
export const docNamePattern = /^groups\/([a-z0-9][a-z0-9-]{0,62})\/(notes)$/;

export interface DocAddress {
  groupId: string;
  name: 'notes';
}

export function parseDocName(docName: string): DocAddress | null {
  const m = docNamePattern.exec(docName);
  if (!m || !groupId.safeParse(m[1]).success) return null;
  return { groupId: m[1]!, name: m[2] as 'notes' };
}

export const notesDocName = (id: string): string => `groups/${id}/notes`;
