import type { Collection } from 'mongodb';
import type { AuditRecord, Store } from '../store.js';

export type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };

const toAudit = ({ _id, ...d }: AuditDoc): AuditRecord => ({ id: _id, ...d });

export function createMongoAudit(audit: Collection<AuditDoc>): Pick<Store, 'audit'> {
  return {
    audit: {
      async append({ id, ...e }) {
        await audit.insertOne({ _id: id, ...e });
      },
      async list(limit, after) {
        const filter = after ? { $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }] } : {};
        return (await audit.find(filter).sort({ at: -1, _id: -1 }).limit(limit).toArray()).map(toAudit);
      },
    },
  };
}
