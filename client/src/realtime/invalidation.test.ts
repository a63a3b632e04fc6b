import { routes } from '@samla/shared';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { FakeSocket, fakeNetwork } from './fakeSocket';
import { invalidateOnNews, routeKey } from './invalidation';
import { createTabSocket } from './tabSocket';

const loaded = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A query cache holding answers a person has seen, and a tab socket that some feature keeps open. */
async function setup() {
  const sockets: FakeSocket[] = [];
  const tab = createTabSocket(async () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s.asSocket();
  }, fakeNetwork(true));
  const client = new QueryClient();
  const seen = {
    mine: routeKey(routes.groups.mine, {}, {}),
    plast: routeKey(routes.groups.get, { groupId: 'plast' }, {}),
    transport: routeKey(routes.groups.get, { groupId: 'transport' }, {}),
    plastMembers: routeKey(routes.groups.members, { groupId: 'plast' }, {}),
    minutes: routeKey(routes.meetings.minutes, { groupId: 'plast', meetingId: 'm1' }, {}),
    otherMinutes: routeKey(routes.meetings.minutes, { groupId: 'plast', meetingId: 'm2' }, {}),
  };
  for (const key of Object.values(seen)) client.setQueryData(key, { seen: true });
  const stop = invalidateOnNews(tab, client);
  const stale = () => Object.entries(seen).filter(([, key]) => client.getQueryState(key)?.isInvalidated).map(([name]) => name);
  return { tab, sockets, stale, stop };
}

describe('socket news and the query cache', () => {
  it('marks stale exactly the answers a membership change or a new session version alters', async () => {
    const { tab, sockets, stale } = await setup();
    tab.on('presence:updated', () => {});
    await loaded();
    sockets[0]!.accept();
    expect(stale()).toEqual([]);

    sockets[0]!.serverSends('membership:changed', { groupId: 'plast', role: 'facilitator' });
    expect(stale()).toEqual(['mine', 'plast', 'plastMembers']);

    sockets[0]!.serverSends('meeting:updated', { state: { id: 'm1', groupId: 'plast' }, serverNow: 0 });
    expect(stale()).toEqual(['mine', 'plast', 'plastMembers', 'minutes']);
  });

  it('listens without opening the socket, and stops when told', async () => {
    const { tab, sockets, stale, stop } = await setup();
    await loaded();
    expect(sockets).toHaveLength(0);
    stop();
    tab.on('presence:updated', () => {});
    await loaded();
    sockets[0]!.accept();
    sockets[0]!.serverSends('membership:revoked', { groupId: 'plast' });
    expect(stale()).toEqual([]);
  });
});
