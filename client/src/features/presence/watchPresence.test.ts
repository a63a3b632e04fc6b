import { ErrorCode } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { connectedTab, okAck } from '../../realtime/fakeSocket';
import { watchPresence, type PresenceStatus } from './watchPresence';

describe('presence on the tab socket', () => {
  it('presence: joins on every connect, hears its group only, its membership news, and leaves on stop', async () => {
    const { tab, socket } = await connectedTab();
    const seen: PresenceStatus[] = [];
    const news: string[] = [];
    const stop = watchPresence(tab, 'plast', { status: (s) => seen.push(s), revoked: () => news.push('revoked'), changed: (r) => news.push(r) });
    expect(socket.log()).toEqual(['presence:join {"groupId":"plast"}']);
    socket.answer('presence:join', okAck({ groupId: 'plast', present: [{ userId: 'u1', name: 'Ulla', color: '#000' }] }));
    expect(seen.at(-1)).toMatchObject({ state: 'ready', present: [{ userId: 'u1' }] });

    socket.serverSends('presence:updated', { groupId: 'transporter', present: [] });
    expect(seen.at(-1)).toMatchObject({ state: 'ready', present: [{ userId: 'u1' }] });
    socket.serverSends('membership:changed', { groupId: 'transporter', role: 'member' });
    socket.serverSends('membership:changed', { groupId: 'plast', role: 'observer' });
    socket.serverSends('membership:revoked', { groupId: 'plast' });
    expect(news).toEqual(['observer', 'revoked']);

    socket.drop();
    expect(seen.at(-1)).toEqual({ state: 'connecting' });
    socket.accept();
    expect(socket.log(1)).toEqual(['presence:join {"groupId":"plast"}']);
    socket.answer('presence:join', { ok: false, error: { code: ErrorCode.forbidden, message: 'no' } });
    expect(seen.at(-1)).toEqual({ state: 'error', code: ErrorCode.forbidden });

    socket.refuse(ErrorCode.unauthenticated);
    expect(seen.at(-1)).toEqual({ state: 'error', code: ErrorCode.unauthenticated });
    socket.accept();
    stop();
    expect(socket.log().at(-1)).toBe('presence:leave {"groupId":"plast"}');
    socket.serverSends('presence:updated', { groupId: 'plast', present: [] });
    socket.serverSends('membership:revoked', { groupId: 'plast' });
    expect(news).toEqual(['observer', 'revoked']);
  });
});
