import { describe, expect, it } from 'vitest';
import { groupRoom, meetingRoom, meetingRoomsOf, membersRoom, sessionRoom, userRoom } from './rooms.js';

describe('room names', () => {
  it('puts every session room of a group under the group’s prefix, and no other group’s', () => {
    expect(meetingRoom({ groupId: 'plast', id: 'm1' }).startsWith(meetingRoomsOf('plast'))).toBe(true);
    expect(meetingRoom({ groupId: 'plast-2', id: 'm1' }).startsWith(meetingRoomsOf('plast'))).toBe(false);
  });

  it('keeps the kinds of room apart for the same id', () => {
    const names = [groupRoom('x'), userRoom('x'), sessionRoom('x'), membersRoom('x'), meetingRoom({ groupId: 'x', id: 'x' })];
    expect(new Set(names).size).toBe(names.length);
  });
});
