import { newId } from '../lib/ids.js';
import type { Store } from '../storage/store.js';

export type Audit = ReturnType<typeof createAudit>;

/** Every admin action is recorded: who (null for the public or the system), what, on what, with details. */
export function createAudit(store: Store, now: () => Date) {
  return (actorId: string | null, action: string, target: string, details: Record<string, unknown> = {}) =>
    store.audit.append({ id: newId(), at: now(), actorId, action, target, details });
}
