import type { Collection } from 'mongodb';
import { DuplicateError, type OrganisationPatch, type OrganisationRecord, type Store } from '../store.js';
import { isDuplicate, patch } from './common.js';

export type OrgDoc = Omit<OrganisationRecord, 'id'> & { _id: string };

const toOrg = ({ _id, ...d }: OrgDoc): OrganisationRecord => ({
  id: _id,
  ...d,
  description: d.description ?? '',
  status: d.status ?? 'active',
  leftAt: d.leftAt ?? null,
});
/** Only the fields a patch may set (a caller's object may carry more). */
const organisationPatch = (f: OrganisationPatch): OrganisationPatch => ({
  contactUserId: f.contactUserId, name: f.name, street: f.street, postalCode: f.postalCode, municipality: f.municipality,
  website: f.website, description: f.description, status: f.status, leftAt: f.leftAt,
});

export function createMongoOrganisations(organisations: Collection<OrgDoc>): Pick<Store, 'organisations'> {
  return {
    organisations: {
      async create({ id, ...o }) {
        try {
          await organisations.insertOne({ _id: id, ...o, description: o.description ?? '', status: o.status ?? 'active', leftAt: o.leftAt ?? null });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('organisation');
          throw err;
        }
      },
      async findById(id) {
        const d = await organisations.findOne({ _id: id });
        return d ? toOrg(d) : null;
      },
      async findByOrgNumber(orgNumber) {
        const d = await organisations.findOne({ orgNumber });
        return d ? toOrg(d) : null;
      },
      async list() {
        return (await organisations.find().sort({ name: 1, _id: 1 }).toArray()).map(toOrg);
      },
      async update(id, fields) {
        return patch(organisations, id, organisationPatch(fields));
      },
      async delete(id) {
        return (await organisations.deleteOne({ _id: id })).deletedCount > 0;
      },
    },
  };
}
