import {
  AppError,
  ErrorCode,
  foldName,
  ORGANISATIONS_PAGE_SIZE,
  OUTSIDE_COUNTY_MESSAGE,
  postcodeInMunicipality,
  postcodeMismatchMessage,
  stockholmCountyMunicipality,
  type InvitationCreated,
  type OrganisationDetail,
  type OrganisationRecordView,
  type OrganisationsPage,
  type OrganisationSummary,
  type PendingInvitation,
} from '@samla/shared';
import type { Audit } from '../audit/log.js';
import type { AuditLog } from '../audit/service.js';
import type { Invitations } from '../invitations/service.js';
import type { Members } from '../members/service.js';
import type { OrganisationPatch, OrganisationRecord, Store, TokenRecord, UserRecord } from '../storage/store.js';

export interface OrganisationsDeps {
  store: Store;
  audit: Audit;
  auditLog: AuditLog;
  invitations: Invitations;
  members: Members;
  now: () => Date;
}

export type Organisations = ReturnType<typeof createOrganisations>;

export interface OrganisationFilter {
  q?: string;
  municipality?: string;
  group?: string;
  status: 'active' | 'left' | 'all';
  noContact: boolean;
  page: number;
}

/**
 * The canonical municipality and a postcode that belongs to it, or the 4xx a person understands:
 * 422 `outside_county` for a municipality outside Stockholm County, 400 `postcode_mismatch` (on the
 * postcode field) when the postcode is not one of the municipality's.
 */
export function checkAddress(postalCode: string, municipality: string): string {
  const canonical = stockholmCountyMunicipality(municipality);
  if (!canonical) throw new AppError(ErrorCode.outsideCounty, `${OUTSIDE_COUNTY_MESSAGE}; "${municipality}" is not`);
  if (!postcodeInMunicipality(postalCode, canonical)) {
    throw new AppError(ErrorCode.postcodeMismatch, postcodeMismatchMessage(postalCode, canonical));
  }
  return canonical;
}

const invitationId = (t: TokenRecord) => t.hash;

/** Coordinators' organisation records: search, details, contact person, invitations, leaving. */
export function createOrganisations({ store, audit, auditLog, invitations, members, now }: OrganisationsDeps) {
  const notFound = () => new AppError(ErrorCode.notFound, 'no such organisation');

  async function existing(id: string): Promise<OrganisationRecord> {
    const org = await store.organisations.findById(id);
    if (!org) throw notFound();
    return org;
  }

  async function pendingInvitations(): Promise<TokenRecord[]> {
    const at = now().getTime();
    return (await store.tokens.list()).filter(
      (t) => t.kind === 'invitation' && t.organisationId && t.expiresAt.getTime() > at,
    );
  }

  const toInvitation = (t: TokenRecord, orgName: string): PendingInvitation => ({
    id: invitationId(t),
    email: t.email,
    name: t.name,
    organisationId: t.organisationId!,
    organisationName: orgName,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
  });

  const toView = (o: OrganisationRecord): OrganisationRecordView => ({
    id: o.id,
    name: o.name,
    orgNumber: o.orgNumber,
    street: o.street,
    postalCode: o.postalCode,
    municipality: o.municipality,
    website: o.website,
    description: o.description ?? '',
    status: o.status ?? 'active',
    leftAt: o.leftAt?.toISOString() ?? null,
    joinedAt: o.joinedAt.toISOString(),
    contactUserId: o.contactUserId,
    noContact: !o.contactUserId,
    interestGroupIds: o.groupIds,
  });

  /** Who belongs to which organisation and which groups they are in. */
  async function network() {
    const [orgs, users, memberships, groups, tokens] = await Promise.all([
      store.organisations.list(),
      store.users.list(),
      store.memberships.list(),
      store.groups.list(),
      pendingInvitations(),
    ]);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const people = new Map<string, UserRecord[]>();
    for (const u of users) if (u.organisationId) people.set(u.organisationId, [...(people.get(u.organisationId) ?? []), u]);
    const orgOf = new Map(users.map((u) => [u.id, u.organisationId ?? null]));
    const groupsOf = new Map<string, Set<string>>();
    for (const m of memberships) {
      const org = orgOf.get(m.userId);
      if (!org) continue;
      if (!groupsOf.has(org)) groupsOf.set(org, new Set());
      groupsOf.get(org)!.add(m.groupId);
    }
    const invited = new Map<string, number>();
    for (const t of tokens) invited.set(t.organisationId!, (invited.get(t.organisationId!) ?? 0) + 1);
    return { orgs, people, groupsOf, groupName, invited, tokens };
  }

  return {
    async list(filter: OrganisationFilter): Promise<OrganisationsPage> {
      const { orgs, people, groupsOf, groupName, invited } = await network();
      const q = filter.q ? foldName(filter.q) : '';
      const municipality = filter.municipality ? (stockholmCountyMunicipality(filter.municipality) ?? filter.municipality) : undefined;
      const all: OrganisationSummary[] = orgs.map((o) => {
        const members = people.get(o.id) ?? [];
        const contact = members.find((p) => p.id === o.contactUserId);
        return {
          id: o.id,
          name: o.name,
          orgNumber: o.orgNumber,
          municipality: o.municipality,
          status: o.status ?? 'active',
          contact: contact ? { id: contact.id, name: contact.name } : null,
          noContact: !contact,
          people: members.length,
          pendingInvitations: invited.get(o.id) ?? 0,
          groups: [...(groupsOf.get(o.id) ?? [])]
            .map((id) => ({ id, name: groupName.get(id) ?? id }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
          joinedAt: o.joinedAt.toISOString(),
        };
      });
      const matching = all
        .filter(
          (o) =>
            (filter.status === 'all' || o.status === filter.status) &&
            // The name, or the organisation number with or without its hyphen.
            (!q || foldName(o.name).includes(q) || o.orgNumber.includes(q) || o.orgNumber.replace('-', '').includes(q)) &&
            (!municipality || o.municipality === municipality) &&
            (!filter.group || o.groups.some((g) => g.id === filter.group)) &&
            (!filter.noContact || o.noContact),
        )
        .sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.id.localeCompare(b.id));
      const start = (filter.page - 1) * ORGANISATIONS_PAGE_SIZE;
      return {
        total: all.length,
        count: matching.length,
        page: filter.page,
        pageSize: ORGANISATIONS_PAGE_SIZE,
        organisations: matching.slice(start, start + ORGANISATIONS_PAGE_SIZE),
      };
    },

    async detail(id: string): Promise<OrganisationDetail> {
      const org = await existing(id);
      const [people, memberships, groups, tokens, history] = await Promise.all([
        store.users.listByOrganisation(id),
        store.memberships.list(),
        store.groups.list(),
        pendingInvitations(),
        // The audit log's organisation filter: its application, its record, its people and what they did.
        auditLog.page({ organisation: id }, 200),
      ]);
      const ids = new Set(people.map((p) => p.id));
      const count = new Map<string, number>();
      for (const m of memberships) if (ids.has(m.userId)) count.set(m.groupId, (count.get(m.groupId) ?? 0) + 1);
      return {
        organisation: toView(org),
        people: people
          .map((p) => ({ id: p.id, name: p.name, email: p.email, isContact: p.id === org.contactUserId }))
          .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        groups: groups
          .filter((g) => count.has(g.id))
          .map((g) => ({ id: g.id, name: g.name, people: count.get(g.id)! }))
          .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        invitations: tokens.filter((t) => t.organisationId === id).map((t) => toInvitation(t, org.name)),
        history: history.entries,
      };
    },

    /** Edits details; the municipality (when given, or the stored one) must match the postcode. */
    async update(actor: UserRecord, id: string, input: Omit<OrganisationPatch, 'contactUserId' | 'status' | 'leftAt'>) {
      const org = await existing(id);
      const patch: OrganisationPatch = { ...input };
      if (input.postalCode !== undefined || input.municipality !== undefined) {
        patch.municipality = checkAddress(input.postalCode ?? org.postalCode, input.municipality ?? org.municipality);
      }
      const changed = Object.entries(patch).filter(
        ([k, v]) => v !== undefined && (org as unknown as Record<string, unknown>)[k] !== v,
      );
      if (changed.length === 0) return toView(org);
      await store.organisations.update(id, Object.fromEntries(changed));
      await audit(actor.id, 'organisation.updated', `organisation:${id}`, {
        fields: changed.map(([k]) => k),
        from: Object.fromEntries(changed.map(([k]) => [k, (org as unknown as Record<string, unknown>)[k] ?? null])),
        to: Object.fromEntries(changed),
      });
      return toView((await store.organisations.findById(id))!);
    },

    async setContact(actor: UserRecord, id: string, userId: string) {
      const org = await existing(id);
      const person = await store.users.findById(userId);
      if (!person || person.organisationId !== id) {
        throw new AppError(ErrorCode.invalidPayload, 'userId: the contact person must be one of the organisation\'s people');
      }
      if (org.contactUserId !== userId) {
        await store.organisations.update(id, { contactUserId: userId });
        await audit(actor.id, 'organisation.contact_changed', `organisation:${id}`, { from: org.contactUserId, to: userId });
      }
      return toView((await store.organisations.findById(id))!);
    },

    /** Every pending invitation of every organisation, newest first (the approved-applications list shows them). */
    async invitationsPending(): Promise<PendingInvitation[]> {
      const tokens = await pendingInvitations();
      const orgs = new Map((await store.organisations.list()).map((o) => [o.id, o.name]));
      return tokens
        .filter((t) => orgs.has(t.organisationId!))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map((t) => toInvitation(t, orgs.get(t.organisationId!)!));
    },

    /** The old link stops working and a new one is made (and mailed when SMTP is configured). */
    async resend(actor: UserRecord, invitation: string, origin: string): Promise<InvitationCreated> {
      const token = (await pendingInvitations()).find((t) => invitationId(t) === invitation);
      if (!token) throw new AppError(ErrorCode.notFound, 'no such pending invitation');
      await store.tokens.consume(token.hash, now());
      await audit(actor.id, 'invitation.revoked', `organisation:${token.organisationId}`, { email: token.email, resent: true });
      return invitations.invite(actor, { email: token.email, name: token.name, organisationId: token.organisationId! }, origin);
    },

    async revoke(actor: UserRecord, invitation: string): Promise<void> {
      const token = (await pendingInvitations()).find((t) => invitationId(t) === invitation);
      if (!token || !(await store.tokens.consume(token.hash, now()))) throw new AppError(ErrorCode.notFound, 'no such pending invitation');
      await audit(actor.id, 'invitation.revoked', `organisation:${token.organisationId}`, { email: token.email });
    },

    /**
     * `id` was a duplicate of `into`: its people move to `into` (with their groups, which follow them),
     * its contact person becomes `into`'s when `into` has none, its pending invitations stop working, and
     * its record stays, marked left, pointing at `into` in the audit log.
     */
    async merge(actor: UserRecord, id: string, into: string) {
      if (id === into) throw new AppError(ErrorCode.invalidPayload, 'into: an organisation cannot be merged into itself');
      const [from, target] = [await existing(id), await existing(into)];
      if (from.status === 'left' || target.status === 'left') throw new AppError(ErrorCode.conflict, 'an organisation that has left cannot be merged');
      const people = await store.users.listByOrganisation(id);
      for (const p of people) await store.users.update(p.id, { organisationId: into });
      if (!target.contactUserId && from.contactUserId) await store.organisations.update(into, { contactUserId: from.contactUserId });
      for (const t of await pendingInvitations()) if (t.organisationId === id) await store.tokens.consume(t.hash, now());
      await store.organisations.update(id, { status: 'left', leftAt: now(), contactUserId: null });
      await audit(actor.id, 'organisation.merged', `organisation:${id}`, { organisationId: into, name: from.name, into: target.name, people: people.length });
      return toView((await store.organisations.findById(into))!);
    },

    /**
     * The organisation has left the network: its people's accounts are deleted (what they wrote stays,
     * as "former member"), its pending invitations stop working, and the record stays, marked left.
     */
    async markLeft(actor: UserRecord, id: string) {
      const org = await existing(id);
      if (org.status === 'left') throw new AppError(ErrorCode.conflict, 'the organisation has already left');
      const people = await store.users.listByOrganisation(id);
      for (const p of people) await members.deleteAccount(p, actor.id, 'organisation left the network');
      for (const t of await pendingInvitations()) if (t.organisationId === id) await store.tokens.consume(t.hash, now());
      await store.organisations.update(id, { status: 'left', leftAt: now(), contactUserId: null });
      await audit(actor.id, 'organisation.left', `organisation:${id}`, { name: org.name, orgNumber: org.orgNumber, people: people.length });
      return toView((await store.organisations.findById(id))!);
    },
  };
}

