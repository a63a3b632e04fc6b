import type { Collection } from 'mongodb';
import { DuplicateError, type CalendarFeedRecord, type Store } from '../store.js';
import { isDuplicate } from './common.js';

export type FeedDoc = Omit<CalendarFeedRecord, 'id'> & { _id: string };
const toFeed = ({ _id, ...d }: FeedDoc): CalendarFeedRecord => ({ id: _id, tokenHash: d.tokenHash, userId: d.userId, groupId: d.groupId, createdAt: d.createdAt });

export function createMongoCalendarFeeds(feeds: Collection<FeedDoc>): Pick<Store, 'calendarFeeds'> {
  return {
    calendarFeeds: {
      async create({ id, ...f }) {
        try {
          await feeds.insertOne({ _id: id, ...f });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('calendar feed');
          throw err;
        }
      },
      async findByTokenHash(tokenHash) {
        const d = await feeds.findOne({ tokenHash });
        return d ? toFeed(d) : null;
      },
      async listForUser(userId) {
        return (await feeds.find({ userId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toFeed);
      },
      async list() {
        return (await feeds.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toFeed);
      },
      async delete(id, userId) {
        return (await feeds.deleteOne({ _id: id, userId })).deletedCount === 1;
      },
      async deleteForUser(userId) {
        return (await feeds.deleteMany({ userId })).deletedCount;
      },
    },
  };
}
