import type { ServerToClientEvents } from '@samla/shared';
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useAuth } from '../features/auth/AuthContext';
import { createTabSocket, type SocketStatus, type TabSocket } from './tabSocket';

const TabSocketContext = createContext<TabSocket | null>(null);

/** Socket.IO and its client: a chunk of their own, loaded when a feature first needs the socket. */
const openSocket = () => import('./socket').then(({ createSocket }) => createSocket());

/**
 * The tab's one Socket.IO connection for the signed-in person (issue 15): made at sign-in, closed at
 * sign-out or when someone else signs in. Mounted once, around every route; the socket itself opens
 * when the first feature listens or joins (see `createTabSocket`).
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const [tab, setTab] = useState<TabSocket | null>(null);

  useEffect(() => {
    if (!userId) return;
    const next = createTabSocket(openSocket);
    setTab(next);
    return () => {
      next.close();
      setTab(null);
    };
  }, [userId]);

  return <TabSocketContext.Provider value={tab}>{children}</TabSocketContext.Provider>;
}

/** The tab's socket; null while nobody is signed in (and for the first render after sign-in). */
export function useSocket(): TabSocket | null {
  return useContext(TabSocketContext);
}

const NOT_CONNECTED: SocketStatus = { connected: false, offline: false, refused: null };
const noSubscription = () => () => {};

/** The tab socket's status, re-rendering on every change. */
export function useSocketStatus(): SocketStatus {
  const tab = useSocket();
  return useSyncExternalStore(tab ? tab.onStatus : noSubscription, () => tab?.status() ?? NOT_CONNECTED);
}

/** Calls the latest `handler` for every `event` the server sends while the component is mounted. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const tab = useSocket();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!tab) return;
    const call = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (latest.current as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args)) as ServerToClientEvents[E];
    return tab.on(event, call);
  }, [tab, event]);
}
