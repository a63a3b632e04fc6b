import type Database from 'better-sqlite3';
import type { CalendarFeedRecord } from '../store.js';
import { insertUnique, one, type SqliteRepositories } from './rows.js';

interface FeedRow {
  id: string;
  token_hash: string;
  user_id: string;
  group_id: string;
  created_at: number;
}

const toFeed = (r: FeedRow): CalendarFeedRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  groupId: r.group_id,
  createdAt: new Date(r.created_at),
});

export function createSqliteCalendarFeeds(db: Database.Database): SqliteRepositories<'calendarFeeds'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    feedInsert: db.prepare('INSERT INTO calendar_feeds (id,token_hash,user_id,group_id,created_at) VALUES (?,?,?,?,?)'),
    feedByHash: db.prepare<[string], FeedRow>('SELECT * FROM calendar_feeds WHERE token_hash = ?'),
    feedsOfUser: db.prepare<[string], FeedRow>('SELECT * FROM calendar_feeds WHERE user_id = ? ORDER BY created_at, id'),
    feedsAll: db.prepare<[], FeedRow>('SELECT * FROM calendar_feeds ORDER BY created_at, id'),
    feedDelete: db.prepare('DELETE FROM calendar_feeds WHERE id = ? AND user_id = ?'),
    feedDeleteForUser: db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?'),
  });

  return {
    repos: {
      calendarFeeds: {
        async create(f) {
          insertUnique('calendar feed', () => s.feedInsert.run(f.id, f.tokenHash, f.userId, f.groupId, f.createdAt.getTime()));
        },
        async findByTokenHash(hash) {
          return one(s.feedByHash.get(hash), toFeed);
        },
        async listForUser(userId) {
          return s.feedsOfUser.all(userId).map(toFeed);
        },
        async list() {
          return s.feedsAll.all().map(toFeed);
        },
        async delete(id, userId) {
          return s.feedDelete.run(id, userId).changes > 0;
        },
        async deleteForUser(userId) {
          return s.feedDeleteForUser.run(userId).changes;
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
