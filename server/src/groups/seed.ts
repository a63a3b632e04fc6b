import { DuplicateError, type Store, type UserRecord } from '../storage/store.js';

/** The network's working groups as of the first release. Ids are stable URL slugs. */
export const seedGroups = [
  {
    id: 'plast',
    name: 'Plast',
    description:
      'Hur minskar vi plastanvändningen och ökar återvinningen? Gruppen delar erfarenheter av engångsplast, upphandling och cirkulära förpackningar.',
  },
  {
    id: 'transporter',
    name: 'Transporter',
    description:
      'Fossilfria transporter och smartare logistik: gruppen arbetar med samlastning, elektrifiering och hållbara resor i tjänsten.',
  },
  {
    id: 'cirkulart-byggande',
    name: 'Cirkulärt byggande',
    description:
      'Återbruk av byggmaterial, klimatdeklarationer och resurseffektiva byggprojekt: gruppen delar metoder och goda exempel.',
  },
] as const;

/**
 * On an empty store, create the working groups. Idempotent, also across instances starting at once:
 * a store holding only some of them is one whose seeding another process is doing (or a crash cut short),
 * so it is completed here too, and a group another process created first counts as created. Every
 * instance returns only once all of them exist, so a coordinator it creates next joins every group.
 */
export async function seedEmptyStore(store: Store, now: Date): Promise<void> {
  const existing = new Set((await store.groups.list()).map((g) => g.id));
  if ([...existing].some((id) => !seedGroups.some((g) => g.id === id))) return;
  for (const g of seedGroups.filter((g) => !existing.has(g.id))) {
    try {
      await store.groups.create({ ...g, createdAt: now });
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
    }
  }
}

/** A coordinator starts as facilitator of every group, so the network has someone to run each. */
export async function joinAllGroups(store: Store, user: UserRecord, now: Date): Promise<void> {
  for (const g of await store.groups.list()) {
    await store.memberships.upsert({ groupId: g.id, userId: user.id, role: 'facilitator', createdAt: now });
  }
}
