import type { Collection, Filter } from 'mongodb';
import { redactedDetails } from '../redact.js';
import type { AuditFilter, AuditRecord, Store } from '../store.js';

export type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };

const toAudit = ({ _id, ...d }: AuditDoc): AuditRecord => ({ id: _id, ...d });

/** The query of a filtered page: every part in one `$and`, so the cursor's `$or` and the organisation's stay apart. */
function query(after: Pick<AuditRecord, 'at' | 'id'> | undefined, filter: AuditFilter): Filter<AuditDoc> {
  const parts: Filter<AuditDoc>[] = [];
  if (after) parts.push({ $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }] });
  if (filter.action !== undefined) parts.push({ action: filter.action });
  if (filter.actorId !== undefined) parts.push({ actorId: filter.actorId });
  if (filter.concerning) {
    const { targets, actorIds, organisationId } = filter.concerning;
    parts.push({ $or: [{ target: { $in: targets } }, { actorId: { $in: actorIds } }, { 'details.organisationId': organisationId }] });
  }
  if (filter.since || filter.until) {
    parts.push({ at: { ...(filter.since ? { $gte: filter.since } : {}), ...(filter.until ? { $lt: filter.until } : {}) } });
  }
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
}

export function createMongoAudit(audit: Collection<AuditDoc>): Pick<Store, 'audit'> {
  return {
    audit: {
      async append({ id, ...e }) {
        await audit.insertOne({ _id: id, ...e });
      },
      async list(limit, after, filter = {}) {
        return (await audit.find(query(after, filter)).sort({ at: -1, _id: -1 }).limit(limit).toArray()).map(toAudit);
      },
      async actorIds() {
        return (await audit.distinct('actorId', { actorId: { $ne: null } })).filter((id): id is string => typeof id === 'string');
      },
      async redact(values, replacement) {
        // The changes are gathered first: a cursor may meet a document again once it was rewritten.
        const changes: { _id: string; details: Record<string, unknown> }[] = [];
        for await (const d of audit.find({}, { projection: { details: 1 } })) {
          const details = redactedDetails(d.details, values, replacement);
          if (details) changes.push({ _id: d._id, details });
        }
        let changed = 0;
        for (const { _id, details } of changes) changed += (await audit.updateOne({ _id }, { $set: { details } })).modifiedCount;
        return changed;
      },
    },
  };
}
