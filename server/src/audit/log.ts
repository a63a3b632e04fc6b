import type { AuditAction } from '@samla/shared';
import { newId } from '../lib/ids.js';
import type { Store } from '../storage/store.js';

export type Audit = ReturnType<typeof createAudit>;

/**
 * Every admin action is recorded: who (null for the public or the system), what, on what, with details.
 * Only the actions of the shared list, which the client has labels for (a new one goes there first).
 */
export function createAudit(store: Store, now: () => Date) {
  return (actorId: string | null, action: AuditAction, target: string, details: Record<string, unknown> = {}) =>
    store.audit.append({ id: newId(), at: now(), actorId, action, target, details });
}
