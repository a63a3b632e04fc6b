import { ErrorCode } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { connectedTab, okAck } from '../../realtime/fakeSocket';
import { watchMembers } from './watchMembers';

describe('the members watch on the tab socket', () => {
  it('members: reads again when the watch starts (also when refused) and on changes to its group, and unwatches on stop', async () => {
    const { tab, socket } = await connectedTab();
    let reads = 0;
    const stop = watchMembers(tab, 'transporter', () => reads++);
    expect(socket.log()).toEqual(['members:watch {"groupId":"transporter"}']);
    socket.answer('members:watch', okAck(null));
    expect(reads).toBe(1);
    socket.serverSends('members:changed', { groupId: 'plast' });
    socket.serverSends('members:changed', { groupId: 'transporter' });
    expect(reads).toBe(2);
    socket.drop();
    socket.accept();
    socket.answer('members:watch', { ok: false, error: { code: ErrorCode.forbidden, message: 'no' } });
    expect(reads).toBe(3);
    stop();
    expect(socket.log()).toEqual(['members:watch {"groupId":"transporter"}', 'members:watch {"groupId":"transporter"}', 'members:unwatch {"groupId":"transporter"}']);
    socket.serverSends('members:changed', { groupId: 'transporter' });
    expect(reads).toBe(3);
  });
});
