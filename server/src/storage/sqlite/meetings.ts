import type Database from 'better-sqlite3';
import { type NewMeetingRecord, type VoteRecord, withFacilitatorHistory } from '../store.js';
import { freeSlot } from '../slots.js';
import { insertUnique, type SqliteRepositories } from './rows.js';

interface MeetingRow { data: string }
interface VoteRow { meeting_id: string; round: number; user_id: string; slot: number; sticky_id: string; cap_slot: number; at: number }

/** Sessions (one JSON record each, changed by compare-and-set on `version`) and their dot votes. */
export function createSqliteMeetings(db: Database.Database): SqliteRepositories<'meetings' | 'meetingVotes'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    meetingInsert: db.prepare('INSERT INTO meetings (id,group_id,starts_at,status,version,data) VALUES (?,?,?,?,?,?)'),
    meetingGet: db.prepare<[string], MeetingRow>('SELECT data FROM meetings WHERE id = ?'),
    meetingReplace: db.prepare(
      'UPDATE meetings SET group_id = ?, starts_at = ?, status = ?, version = ?, data = ? WHERE id = ? AND version = ?',
    ),
    votesOfUser: db.prepare<[string, number, string], VoteRow>(
      'SELECT * FROM meeting_votes WHERE meeting_id = ? AND round = ? AND user_id = ?',
    ),
    voteInsert: db.prepare(
      'INSERT INTO meeting_votes (meeting_id,round,user_id,slot,sticky_id,cap_slot,at) VALUES (?,?,?,?,?,?,?)',
    ),
    voteRetract: db.prepare(
      `DELETE FROM meeting_votes WHERE rowid = (SELECT rowid FROM meeting_votes
         WHERE meeting_id = ? AND round = ? AND user_id = ? AND sticky_id = ? ORDER BY cap_slot DESC LIMIT 1)`,
    ),
    votesOfRound: db.prepare<[string, number], VoteRow>(
      'SELECT * FROM meeting_votes WHERE meeting_id = ? AND round = ? ORDER BY at, rowid',
    ),
  });

  // Count and insert in one transaction (IMMEDIATE: the write lock is taken before the count).
  const castTx = db.transaction((v: VoteRecord, budget: number, cap: number | null): 'ok' | 'budget' | 'cap' => {
    const mine = s.votesOfUser.all(v.meetingId, v.round, v.userId);
    if (mine.length >= budget) return 'budget';
    const onSticky = mine.filter((r) => r.sticky_id === v.stickyId);
    if (cap !== null && onSticky.length >= cap) return 'cap';
    s.voteInsert.run(v.meetingId, v.round, v.userId, freeSlot(mine.map((r) => r.slot)), v.stickyId,
      freeSlot(onSticky.map((r) => r.cap_slot)), v.at.getTime());
    return 'ok';
  });

  return {
    repos: {
      meetings: {
        async create(m) {
          insertUnique('meeting', () => s.meetingInsert.run(m.id, m.groupId, m.startsAt, m.status, m.version, JSON.stringify(m)));
        },
        async get(id) {
          const r = s.meetingGet.get(id);
          return r ? withFacilitatorHistory(JSON.parse(r.data) as NewMeetingRecord) : null;
        },
        async list(groupIds, statuses) {
          if (groupIds.length === 0 || statuses.length === 0) return [];
          const rows = db
            .prepare<unknown[], MeetingRow>(
              `SELECT data FROM meetings WHERE group_id IN (${groupIds.map(() => '?').join(',')})
               AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY starts_at, id`,
            )
            .all(...groupIds, ...statuses);
          return rows.map((r) => withFacilitatorHistory(JSON.parse(r.data) as NewMeetingRecord));
        },
        async replace(m, expectedVersion) {
          if (m.version !== expectedVersion + 1) throw new Error('replace: next.version must be expectedVersion + 1');
          return s.meetingReplace.run(m.groupId, m.startsAt, m.status, m.version, JSON.stringify(m), m.id, expectedVersion).changes > 0;
        },
      },

      meetingVotes: {
        async cast(v, { budget, cap }) {
          return castTx.immediate(v, budget, cap);
        },
        async retract(meetingId, round, userId, stickyId) {
          return s.voteRetract.run(meetingId, round, userId, stickyId).changes > 0;
        },
        async list(meetingId, round) {
          return s.votesOfRound.all(meetingId, round).map((r) => ({
            meetingId: r.meeting_id,
            round: r.round,
            userId: r.user_id,
            stickyId: r.sticky_id,
            at: new Date(r.at),
          }));
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
