import type Database from 'better-sqlite3';
import { DuplicateError, type ApplicationRecord } from '../store.js';
import { insertUnique, ms, one, type SqliteRepositories } from './rows.js';

interface ApplicationRow {
  id: string; status: string; name: string; org_number: string; street: string; postal_code: string; municipality: string;
  website: string | null; group_ids: string; contact_name: string; contact_email: string; created_at: number;
  status_token_hash: string; decided_at: number | null; decided_by: string | null; reason: string | null; organisation_id: string | null;
}

const toApplication = (r: ApplicationRow): ApplicationRecord => ({
  id: r.id,
  status: r.status as ApplicationRecord['status'],
  name: r.name,
  orgNumber: r.org_number,
  street: r.street,
  postalCode: r.postal_code,
  municipality: r.municipality,
  website: r.website,
  groupIds: JSON.parse(r.group_ids) as string[],
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  createdAt: new Date(r.created_at),
  statusTokenHash: r.status_token_hash,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  decidedBy: r.decided_by,
  reason: r.reason,
  organisationId: r.organisation_id,
});

/** Applications to join the network; a pending one is checked against the organisations' numbers. */
export function createSqliteApplications(db: Database.Database): SqliteRepositories<'applications'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    appInsert: db.prepare(
      `INSERT INTO applications (id,status,name,org_number,street,postal_code,municipality,website,group_ids,contact_name,
         contact_email,created_at,status_token_hash,decided_at,decided_by,reason,organisation_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    appById: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?'),
    appByToken: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE status_token_hash = ?'),
    appList: db.prepare<[], ApplicationRow>('SELECT * FROM applications ORDER BY created_at, id'),
    appDecide: db.prepare(
      `UPDATE applications SET status = ?, decided_at = ?, decided_by = ?, reason = ?, organisation_id = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    appPseudonymise: db.prepare("UPDATE applications SET contact_name = ?, contact_email = '' WHERE lower(contact_email) = lower(?)"),
    orgByNumber: db.prepare<[string], unknown>('SELECT * FROM organisations WHERE org_number = ?'),
  });

  const createApplicationTx = db.transaction((a: ApplicationRecord) => {
    if (a.status === 'pending' && s.orgByNumber.get(a.orgNumber)) throw new DuplicateError('organisation number');
    insertUnique('application', () =>
      s.appInsert.run(a.id, a.status, a.name, a.orgNumber, a.street, a.postalCode, a.municipality, a.website,
        JSON.stringify(a.groupIds), a.contactName, a.contactEmail, a.createdAt.getTime(), a.statusTokenHash,
        ms(a.decidedAt), a.decidedBy, a.reason, a.organisationId),
    );
  });

  return {
    repos: {
      applications: {
        async create(a) {
          // The partial unique index makes two pending applications for one number impossible.
          createApplicationTx(a);
        },
        async findById(id) {
          return one(s.appById.get(id), toApplication);
        },
        async findByStatusTokenHash(hash) {
          return one(s.appByToken.get(hash), toApplication);
        },
        async list() {
          return s.appList.all().map(toApplication);
        },
        async decide(id, d) {
          return s.appDecide.run(d.status, ms(d.decidedAt), d.decidedBy, d.reason, d.organisationId, id).changes > 0;
        },
        async pseudonymiseContact(email, name) {
          return s.appPseudonymise.run(name, email).changes;
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
