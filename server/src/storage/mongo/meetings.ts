import type { Collection } from 'mongodb';
import { freeSlot } from '../slots.js';
import { DuplicateError, type MeetingRecord, type NewMeetingRecord, type Store, withFacilitatorHistory } from '../store.js';
import { isDuplicate, MAX_ATTEMPTS } from './common.js';

/** The record as JSON in `data`, with the fields that queries need beside it. */
export interface MeetingDoc { _id: string; groupId: string; startsAt: number; status: string; version: number; data: string }
/**
 * Version claims of meetings, `<meetingId>:<version>`, each holding the record it wrote: the unique `_id`
 * is the compare-and-set (see `meetings.replace`), and a claim whose write never landed is rolled forward.
 */
export interface MeetingVersionDoc { _id: string; data: string }
/** One dot; `_id` `<meeting>:<round>:<user>:<slot>` claims a budget slot, the unique (…, stickyId, capSlot) a cap slot. */
export interface VoteDoc { _id: string; meetingId: string; round: number; userId: string; slot: number; stickyId: string; capSlot: number; at: Date }

const meetingDoc = (m: NewMeetingRecord): MeetingDoc => ({
  _id: m.id,
  groupId: m.groupId,
  startsAt: m.startsAt,
  status: m.status,
  version: m.version,
  data: JSON.stringify(m),
});

/** Sessions (one JSON record each, changed by compare-and-set on `version`) and their dot votes. */
export function createMongoMeetings({ meetings, meetingVersions, votes }: {
  meetings: Collection<MeetingDoc>;
  meetingVersions: Collection<MeetingVersionDoc>;
  votes: Collection<VoteDoc>;
}): Pick<Store, 'meetings' | 'meetingVotes'> {
  /** Reads a meeting and rolls forward any claimed version whose write did not land (a crash between the two). */
  async function readMeeting(id: string): Promise<MeetingRecord | null> {
    for (let attempt = 1; ; attempt++) {
      const d = await meetings.findOne({ _id: id });
      if (!d) return null;
      const ahead = await meetingVersions.findOne({ _id: `${id}:${d.version + 1}` });
      if (!ahead) return withFacilitatorHistory(JSON.parse(d.data) as NewMeetingRecord);
      const next = JSON.parse(ahead.data) as MeetingRecord;
      await meetings.replaceOne({ _id: id, version: d.version }, meetingDoc(next));
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not read meeting ${id}: versions kept moving`);
    }
  }

  return {
    meetings: {
      async create(m) {
        try {
          await meetings.insertOne(meetingDoc(m));
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('meeting');
          throw err;
        }
      },
      get: readMeeting,
      async list(groupIds, statuses) {
        if (groupIds.length === 0 || statuses.length === 0) return [];
        const ids = (
          await meetings
            .find({ groupId: { $in: groupIds }, status: { $in: statuses } }, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id);
        // Read each through readMeeting, so a rolled-forward status is seen; filter and sort after.
        const all = (await Promise.all(ids.map(readMeeting))).filter(
          (m): m is MeetingRecord => m !== null && statuses.includes(m.status),
        );
        return all.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      },
      /**
       * Wins by inserting the claim `<id>:<version>` (a unique `_id`, the one write FerretDB performs
       * atomically), then writes the record. A reader that finds a claim ahead of the record rolls it forward.
       */
      async replace(m, expectedVersion) {
        if (m.version !== expectedVersion + 1) throw new Error('replace: next.version must be expectedVersion + 1');
        const current = await readMeeting(m.id);
        if (!current || current.version !== expectedVersion) return false;
        try {
          await meetingVersions.insertOne({ _id: `${m.id}:${m.version}`, data: JSON.stringify(m) });
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
        await meetings.replaceOne({ _id: m.id, version: expectedVersion }, meetingDoc(m));
        // Older claims are never read again.
        await meetingVersions.deleteOne({ _id: `${m.id}:${expectedVersion}` });
        return true;
      },
    },

    meetingVotes: {
      /**
       * Reads the person's votes, picks the lowest free budget slot and cap slot, and inserts: a unique
       * index refuses the insert if a concurrent cast took either slot, and then it reads again.
       */
      async cast(v, { budget, cap }) {
        for (let attempt = 1; ; attempt++) {
          const mine = await votes.find({ meetingId: v.meetingId, round: v.round, userId: v.userId }).toArray();
          if (mine.length >= budget) return 'budget';
          const onSticky = mine.filter((d) => d.stickyId === v.stickyId);
          if (cap !== null && onSticky.length >= cap) return 'cap';
          const slot = freeSlot(mine.map((d) => d.slot));
          try {
            await votes.insertOne({
              _id: `${v.meetingId}:${v.round}:${v.userId}:${slot}`,
              meetingId: v.meetingId,
              round: v.round,
              userId: v.userId,
              slot,
              stickyId: v.stickyId,
              capSlot: freeSlot(onSticky.map((d) => d.capSlot)),
              at: v.at,
            });
            return 'ok';
          } catch (err) {
            if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
          }
        }
      },
      async retract(meetingId, round, userId, stickyId) {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const top = await votes.find({ meetingId, round, userId, stickyId }).sort({ capSlot: -1 }).limit(1).next();
          if (!top) return false;
          // Whoever's delete removes it took it back; a concurrent retract of the same dot looks again.
          if ((await votes.deleteOne({ _id: top._id })).deletedCount === 1) return true;
        }
        return false;
      },
      async list(meetingId, round) {
        const rows = await votes.find({ meetingId, round }).sort({ at: 1, _id: 1 }).toArray();
        return rows.map((d) => ({ meetingId: d.meetingId, round: d.round, userId: d.userId, stickyId: d.stickyId, at: d.at }));
      },
    },
  };
}
