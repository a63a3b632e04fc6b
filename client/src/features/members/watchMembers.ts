import type { TabSocket } from '../../realtime/tabSocket';

/**
 * Watches one group's members and join requests over the tab's socket: `changed` runs whenever they
 * change elsewhere, and each time the watch starts (on every connect and reconnect), since a change
 * made before that moment or while the socket was down was not heard. Stopping unwatches this group
 * only; the tab's presence and session rooms stay.
 */
export function watchMembers(tab: TabSocket, groupId: string, changed: () => void): () => void {
  const stops = [
    tab.join(`members:${groupId}`, {
      enter: (socket) =>
        socket.emit('members:watch', { groupId }, () => {
          // Read again either way: once watching, for a change made before; when refused (the person lost
          // the right meanwhile), so that the page shows what the server says now.
          changed();
        }),
      leave: (socket) => socket.emit('members:unwatch', { groupId }, () => {}),
    }),
    tab.on('members:changed', (payload) => {
      if (payload.groupId === groupId) changed();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
