import type { Collection } from 'mongodb';
import { DuplicateError, type GroupRecord, type Store } from '../store.js';
import { isDuplicate, patch } from './common.js';

export interface GroupDoc { _id: string; name: string; description: string; createdAt: Date; archivedAt?: Date | null }

const toGroup = (d: GroupDoc): GroupRecord => ({
  id: d._id,
  name: d.name,
  description: d.description,
  createdAt: d.createdAt,
  archivedAt: d.archivedAt ?? null,
});

export function createMongoGroups(groups: Collection<GroupDoc>): Pick<Store, 'groups'> {
  return {
    groups: {
      async create(g) {
        try {
          await groups.insertOne({
            _id: g.id,
            name: g.name,
            description: g.description,
            createdAt: g.createdAt,
            archivedAt: g.archivedAt ?? null,
          });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('group');
          throw err;
        }
      },
      async findById(id) {
        const d = await groups.findOne({ _id: id });
        return d ? toGroup(d) : null;
      },
      async list() {
        return (await groups.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toGroup);
      },
      async update(id, fields) {
        return patch(groups, id, fields);
      },
    },
  };
}
