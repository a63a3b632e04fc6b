import { ErrorCode, type MeetingJoined } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { connectedTab, okAck } from '../../realtime/fakeSocket';
import { roomEvents, state } from './roomTesting';
import { followMeetingRoom } from './roomSocket';

describe('the session room on the tab socket', () => {
  it('the session room: joins on every connect, hears its own room, is told of the connection, and leaves on stop', async () => {
    const { tab, socket, network } = await connectedTab();
    const { log, on } = roomEvents();
    const stop = followMeetingRoom(tab, 'm1', on);
    expect(log).toEqual(['connection up']);
    expect(socket.log()).toEqual(['meeting:join {"meetingId":"m1"}']);
    socket.answer('meeting:join', okAck({ state: state('m1', 1) } as MeetingJoined));
    socket.serverSends('meeting:updated', { state: state('m2', 5), serverNow: 0 });
    socket.serverSends('meeting:updated', { state: state('m1', 2), serverNow: 0 });
    socket.serverSends('meeting:participants', { meetingId: 'm2', present: [] });
    socket.serverSends('meeting:participants', { meetingId: 'm1', present: [] });
    expect(log.splice(0)).toEqual(['connection up', 'joined m1', 'state m1 v2', 'participants 0']);

    // The browser's offline event reaches the room at once; back online, the room is joined again.
    network.set(false);
    network.set(true);
    socket.accept();
    expect(log.splice(0)).toEqual(['connection down offline', 'connection down', 'connection up']);
    expect(socket.log(1)).toEqual(['meeting:join {"meetingId":"m1"}']);

    socket.refuse(ErrorCode.clientTooOld);
    expect(log.splice(0)).toEqual(['failed client_too_old']);
    stop();
    expect(socket.log().at(-1)).toBe('meeting:leave {"meetingId":"m1"}');
  });
});
