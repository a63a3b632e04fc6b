import { AppError, ErrorCode, type InvitationCreated, type InvitationInfo } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { hashPassword } from '../auth/passwords.js';
import type { AuthService } from '../auth/service.js';
import { newToken, sha256 } from '../lib/ids.js';
import type { Mailer } from '../lib/mailer.js';
import { DuplicateError, type OrganisationRecord, type Store, type TokenRecord, type UserRecord } from '../storage/store.js';

export interface InvitationDeps {
  store: Store;
  auth: AuthService;
  audit: Audit;
  mailer: Mailer;
  now: () => Date;
  invitationTtlMs: number;
  passwordResetTtlMs: number;
  /** A join request was made on the new person's behalf (members service: the members page reloads). */
  joinRequested?: (groupId: string) => void;
  /** Every session of the person ended (password reset): their open connections must end too. */
  signedOutEverywhere?: (userId: string) => void;
}

/** Client routes the links point at. */
export const INVITATION_PATH = '/invitation';
export const RESET_PATH = '/reset-password';
/** The account page; `?confirmEmail=<token>` there confirms a change of email (signed in as the same person). */
export const CONFIRM_EMAIL_PATH = '/account';

const emailTaken = () => new AppError(ErrorCode.emailTaken, 'this email already has an account');

const invalidToken = () => new AppError(ErrorCode.invalidToken, 'this link is not valid: it is unknown, expired or already used');

export type Invitations = ReturnType<typeof createInvitations>;

/** Invitation links and password-reset links: random tokens, only their hash stored, expiring, used once. */
export function createInvitations(deps: InvitationDeps) {
  const { store, auth, audit, mailer, now } = deps;

  async function issue(fields: Omit<TokenRecord, 'hash' | 'createdAt' | 'expiresAt'>, ttlMs: number) {
    const token = newToken();
    const createdAt = now();
    const record: TokenRecord = { ...fields, hash: sha256(token), createdAt, expiresAt: new Date(createdAt.getTime() + ttlMs) };
    await store.tokens.create(record);
    return { token, record };
  }

  /** A still-valid token of `kind`, not used up. */
  async function valid(token: string, kind: TokenRecord['kind']): Promise<TokenRecord> {
    const record = await store.tokens.find(sha256(token), now());
    if (!record || record.kind !== kind) throw invalidToken();
    return record;
  }

  /**
   * Makes the invitation link of `email` into `org`, mails it (when SMTP is configured) and logs it. The
   * caller has checked that the address has no account and the organisation exists (the import, for a
   * whole file in one read).
   */
  async function issueInvitation(
    inviter: UserRecord | null,
    input: { email: string; name?: string | null },
    org: OrganisationRecord,
    origin: string,
  ): Promise<InvitationCreated> {
    const { token, record } = await issue(
      { kind: 'invitation', email: input.email, name: input.name ?? null, organisationId: org.id, userId: null, createdBy: inviter?.id ?? null },
      deps.invitationTtlMs,
    );
    const link = `${origin}${INVITATION_PATH}?token=${token}`;
    const emailed = await mailer.send({
      to: input.email,
      subject: `Inbjudan till Samla för ${org.name}`,
      text: `Hej${input.name ? ` ${input.name}` : ''}!\n\nDu är inbjuden att gå med i Samla för ${org.name}.\nSkapa ditt konto här (länken gäller till ${record.expiresAt.toISOString().slice(0, 10)} och kan användas en gång):\n${link}\n`,
    });
    await audit(inviter?.id ?? null, 'invitation.created', `organisation:${org.id}`, { email: input.email, emailed });
    return { link, expiresAt: record.expiresAt.toISOString(), emailed };
  }

  return {
    issueInvitation,

    /** Invites `email` into an organisation; the link is returned (and mailed when SMTP is configured). */
    async invite(
      inviter: UserRecord | null,
      input: { email: string; name?: string | null; organisationId: string },
      origin: string,
    ): Promise<InvitationCreated> {
      if (await store.users.findByEmail(input.email)) {
        throw emailTaken();
      }
      const org = await store.organisations.findById(input.organisationId);
      if (!org) throw new AppError(ErrorCode.notFound, 'no such organisation');
      return issueInvitation(inviter, input, org, origin);
    },

    async info(token: string): Promise<InvitationInfo> {
      const record = await valid(token, 'invitation');
      const org = record.organisationId ? await store.organisations.findById(record.organisationId) : null;
      return {
        email: record.email,
        name: record.name,
        organisation: org ? { id: org.id, name: org.name } : null,
        expiresAt: record.expiresAt.toISOString(),
      };
    },

    /**
     * Creates the account, tied to the organisation, and signs it in. The first person to join an
     * organisation without a contact becomes its contact (approval invites the applicant's contact
     * person first); the contact's arrival turns the groups the organisation chose into join requests.
     */
    async accept(input: { token: string; name: string; password: string }) {
      const pending = await valid(input.token, 'invitation');
      if (await store.users.findByEmail(pending.email)) throw emailTaken();
      const record = await store.tokens.consume(sha256(input.token), now());
      if (!record) throw invalidToken();
      const org = record.organisationId ? await store.organisations.findById(record.organisationId) : null;
      if (!org) throw invalidToken();
      let user: UserRecord;
      try {
        user = await auth.createUser({ email: record.email, name: input.name, password: input.password, role: 'member', organisationId: org.id });
      } catch (err) {
        if (err instanceof DuplicateError) throw emailTaken();
        throw err;
      }
      if (!org.contactUserId) {
        await store.organisations.update(org.id, { contactUserId: user.id });
        for (const groupId of org.groupIds) {
          const group = await store.groups.findById(groupId);
          if (!group || group.archivedAt) continue;
          const created = await store.joinRequests.create({ groupId, userId: user.id, createdAt: now() }).then(() => true, () => false);
          if (created) deps.joinRequested?.(groupId);
        }
      }
      await audit(user.id, 'invitation.accepted', `organisation:${org.id}`, { userId: user.id, invitedBy: record.createdBy });
      return { user, token: await auth.startSession(user.id) };
    },

    /** Always answers the same, whether or not the email has an account. */
    async requestReset(email: string, origin: string): Promise<void> {
      const user = await store.users.findByEmail(email);
      if (!user) return;
      const { token } = await issue(
        { kind: 'password_reset', email: user.email, name: null, organisationId: null, userId: user.id, createdBy: null },
        deps.passwordResetTtlMs,
      );
      await mailer.send({
        to: user.email,
        subject: 'Återställ ditt lösenord i Samla',
        text: `Hej ${user.name}!\n\nVälj ett nytt lösenord här (länken gäller en gång, i ${Math.round(deps.passwordResetTtlMs / 60_000)} minuter):\n${origin}${RESET_PATH}?token=${token}\n\nBad du inte om detta kan du strunta i mejlet.\n`,
      });
    },

    /** Sets the new password and signs the person out everywhere. */
    async confirmReset(input: { token: string; password: string }): Promise<void> {
      await valid(input.token, 'password_reset');
      const record = await store.tokens.consume(sha256(input.token), now());
      if (!record?.userId || !(await store.users.update(record.userId, { passwordHash: await hashPassword(input.password) }))) {
        throw invalidToken();
      }
      await store.sessions.deleteForUser(record.userId);
      deps.signedOutEverywhere?.(record.userId);
      await auth.clearThrottle(record.email);
      await audit(record.userId, 'password.reset', `user:${record.userId}`);
    },

    /**
     * Mails a one-time link to `email`, the person's new address (the caller has checked their password).
     * Without SMTP the mail, link included, is logged like a reset mail. Resolves whether it was mailed.
     */
    async requestEmailChange(user: UserRecord, email: string, origin: string): Promise<boolean> {
      if (email === user.email) throw new AppError(ErrorCode.invalidPayload, 'email: this is already your email');
      if (await store.users.findByEmail(email)) throw emailTaken();
      const { token } = await issue(
        { kind: 'email_change', email, name: null, organisationId: null, userId: user.id, createdBy: user.id },
        deps.passwordResetTtlMs,
      );
      const emailed = await mailer.send({
        to: email,
        subject: 'Bekräfta din nya e-postadress i Samla',
        text: `Hej ${user.name}!\n\nDu har bett om att byta e-postadress i Samla till ${email}.\nBekräfta bytet här (länken gäller en gång, i ${Math.round(deps.passwordResetTtlMs / 60_000)} minuter; logga in med din nuvarande adress om du blir ombedd):\n${origin}${CONFIRM_EMAIL_PATH}?confirmEmail=${token}\n\nBad du inte om detta kan du strunta i mejlet.\n`,
      });
      await audit(user.id, 'account.email_change_requested', `user:${user.id}`, { email, emailed });
      return emailed;
    },

    /**
     * Opens the link: the email becomes the new one, and the old address is told. Only the person who asked,
     * signed in, can use it; anyone else's answer is the same as for an unknown link, and leaves it unused.
     * An address another account took meanwhile is refused and the link stays unused.
     */
    async confirmEmailChange(user: UserRecord, token: string): Promise<UserRecord> {
      const pending = await valid(token, 'email_change');
      if (pending.userId !== user.id) throw invalidToken();
      if (await store.users.findByEmail(pending.email)) throw emailTaken();
      const record = await store.tokens.consume(sha256(token), now());
      if (!record) throw invalidToken();
      try {
        if (!(await store.users.update(user.id, { email: record.email }))) throw invalidToken();
      } catch (err) {
        if (err instanceof DuplicateError) throw emailTaken();
        throw err;
      }
      await mailer.send({
        to: user.email,
        subject: 'Din e-postadress i Samla har ändrats',
        text: `Hej ${user.name}!\n\nE-postadressen för ditt konto i Samla är nu ${record.email}. Du loggar in med den nya adressen.\n\nVar det inte du? Kontakta nätverkets koordinator genast.\n`,
      });
      await audit(user.id, 'account.email_changed', `user:${user.id}`, { from: user.email, to: record.email });
      return (await store.users.findById(user.id)) ?? { ...user, email: record.email };
    },
  };
}
