import type Database from 'better-sqlite3';
import type { OrganisationRecord } from '../store.js';
import { insertUnique, ms, one, patchStatement, type SqliteRepositories } from './rows.js';

interface OrgRow {
  id: string; name: string; org_number: string; street: string; postal_code: string; municipality: string;
  website: string | null; group_ids: string; contact_user_id: string | null; joined_at: number;
  description: string; status: string; left_at: number | null;
}

const toOrg = (r: OrgRow): OrganisationRecord => ({
  id: r.id,
  name: r.name,
  orgNumber: r.org_number,
  street: r.street,
  postalCode: r.postal_code,
  municipality: r.municipality,
  website: r.website,
  groupIds: JSON.parse(r.group_ids) as string[],
  contactUserId: r.contact_user_id,
  joinedAt: new Date(r.joined_at),
  description: r.description,
  status: r.status === 'left' ? 'left' : 'active',
  leftAt: r.left_at === null ? null : new Date(r.left_at),
});
/** The organisation fields a patch may set, by their column. */
const organisationColumns = {
  contactUserId: 'contact_user_id', name: 'name', street: 'street', postalCode: 'postal_code', municipality: 'municipality',
  website: 'website', description: 'description', status: 'status', leftAt: 'left_at',
};

export function createSqliteOrganisations(db: Database.Database): SqliteRepositories<'organisations'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    orgInsert: db.prepare(
      `INSERT INTO organisations (id,name,org_number,street,postal_code,municipality,website,group_ids,contact_user_id,joined_at,
         description,status,left_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    orgById: db.prepare<[string], OrgRow>('SELECT * FROM organisations WHERE id = ?'),
    orgByNumber: db.prepare<[string], OrgRow>('SELECT * FROM organisations WHERE org_number = ?'),
    orgList: db.prepare<[], OrgRow>('SELECT * FROM organisations ORDER BY name, id'),
    orgDelete: db.prepare('DELETE FROM organisations WHERE id = ?'),
  });

  return {
    repos: {
      organisations: {
        async create(o) {
          insertUnique('organisation', () =>
            s.orgInsert.run(o.id, o.name, o.orgNumber, o.street, o.postalCode, o.municipality, o.website,
              JSON.stringify(o.groupIds), o.contactUserId, o.joinedAt.getTime(), o.description ?? '', o.status ?? 'active', ms(o.leftAt)),
          );
        },
        async findById(id) {
          return one(s.orgById.get(id), toOrg);
        },
        async findByOrgNumber(orgNumber) {
          return one(s.orgByNumber.get(orgNumber), toOrg);
        },
        async list() {
          return s.orgList.all().map(toOrg);
        },
        async update(id, patch) {
          return patchStatement(db, 'organisations', organisationColumns, patch, id);
        },
        async delete(id) {
          return s.orgDelete.run(id).changes > 0;
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
