import type { Collection } from 'mongodb';
import { DuplicateError, type ApplicationRecord, type Store } from '../store.js';
import { anyCase, isDuplicate } from './common.js';
import type { OrgDoc } from './organisations.js';

export type ApplicationDoc = Omit<ApplicationRecord, 'id'> & { _id: string };
/** Inserted to win something exactly once: a unique `_id` is the one write FerretDB 1.x performs atomically. */
export interface ClaimDoc { _id: string; by: string }

const toApplication = ({ _id, ...d }: ApplicationDoc): ApplicationRecord => ({ id: _id, ...d });

/** Applications to join the network; a pending one claims its organisation number in `claims`. */
export function createMongoApplications({ applications, claims, organisations }: {
  applications: Collection<ApplicationDoc>;
  claims: Collection<ClaimDoc>;
  organisations: Collection<OrgDoc>;
}): Pick<Store, 'applications'> {
  async function claim(id: string, by: string): Promise<boolean> {
    try {
      await claims.insertOne({ _id: id, by });
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  return {
    applications: {
      /**
       * A pending application first claims `orgnr:<number>` (unique insert), then checks that no
       * organisation has the number. An organisation only comes into being by approving the pending
       * application that holds the claim, so the check cannot race with a new organisation.
       */
      async create({ id, ...a }) {
        const key = `orgnr:${a.orgNumber}`;
        if (a.status === 'pending') {
          if (!(await claim(key, id))) throw new DuplicateError('organisation number');
          if (await organisations.findOne({ orgNumber: a.orgNumber }, { projection: { _id: 1 } })) {
            await claims.deleteOne({ _id: key, by: id });
            throw new DuplicateError('organisation number');
          }
        }
        try {
          await applications.insertOne({ _id: id, ...a });
        } catch (err) {
          await claims.deleteOne({ _id: key, by: id });
          if (isDuplicate(err)) throw new DuplicateError('application');
          throw err;
        }
      },
      async findById(id) {
        const d = await applications.findOne({ _id: id });
        return d ? toApplication(d) : null;
      },
      async findByStatusTokenHash(statusTokenHash) {
        const d = await applications.findOne({ statusTokenHash });
        return d ? toApplication(d) : null;
      },
      async list() {
        return (await applications.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toApplication);
      },
      /** Wins by inserting `decision:<id>`; then records the decision and frees the number claim. */
      async decide(id, d) {
        const app = await applications.findOne({ _id: id }, { projection: { status: 1, orgNumber: 1 } });
        if (!app || app.status !== 'pending') return false;
        if (!(await claim(`decision:${id}`, id))) return false;
        await applications.updateOne({ _id: id }, { $set: { ...d } });
        await claims.deleteOne({ _id: `orgnr:${app.orgNumber}`, by: id });
        return true;
      },
      async pseudonymiseContact(email, name) {
        return (await applications.updateMany({ contactEmail: anyCase(email) }, { $set: { contactName: name, contactEmail: '' } })).modifiedCount;
      },
    },
  };
}
