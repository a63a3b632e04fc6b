import { describe, expect, it } from 'vitest';
import { roomEvents, state } from '../features/meetings/roomTesting';
import { followMeetingRoom } from '../features/meetings/roomSocket';
import { watchMembers } from '../features/members/watchMembers';
import { watchPresence } from '../features/presence/watchPresence';
import { connectedTab } from './fakeSocket';

/** Issue 15: presence, the members watch and a session room share the tab's one socket. */
describe('three features on one socket', () => {
  it('all three on one socket: one reconnect joins them all again, and stopping one leaves only its room', async () => {
    const { tab, socket } = await connectedTab();
    const stopPresence = watchPresence(tab, 'plast', { status: () => {}, revoked: () => {}, changed: () => {} });
    const stopMembers = watchMembers(tab, 'transporter', () => {});
    const { log, on } = roomEvents();
    const stopRoom = followMeetingRoom(tab, 'm1', on);
    socket.drop();
    socket.accept();
    expect(socket.log(3)).toEqual(['presence:join {"groupId":"plast"}', 'members:watch {"groupId":"transporter"}', 'meeting:join {"meetingId":"m1"}']);

    stopMembers();
    expect(socket.log(6)).toEqual(['members:unwatch {"groupId":"transporter"}']);
    socket.drop();
    socket.accept();
    expect(socket.log(7)).toEqual(['presence:join {"groupId":"plast"}', 'meeting:join {"meetingId":"m1"}']);
    socket.serverSends('meeting:updated', { state: state('m1', 3), serverNow: 0 });
    expect(log.at(-1)).toBe('state m1 v3');

    stopPresence();
    stopRoom();
    expect(socket.log(9)).toEqual(['presence:leave {"groupId":"plast"}', 'meeting:leave {"meetingId":"m1"}']);
    expect(socket.disconnectCalls).toBe(0);
  });
});
