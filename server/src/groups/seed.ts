import type { Store, UserRecord } from '../storage/store.js';

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

/** On an empty store, create the working groups. Idempotent. */
export async function seedEmptyStore(store: Store, now: Date): Promise<void> {
  if ((await store.groups.list()).length > 0) return;
  for (const g of seedGroups) await store.groups.create({ ...g, createdAt: now });
}

/** A coordinator starts as facilitator of every group, so the network has someone to run each. */
export async function joinAllGroups(store: Store, user: UserRecord, now: Date): Promise<void> {
  for (const g of await store.groups.list()) {
    await store.memberships.upsert({ groupId: g.id, userId: user.id, role: 'facilitator', createdAt: now });
  }
}
