import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { toApiError } from './api';
import { invalidateOnNews } from './realtime/invalidation';
import { useAuth } from './features/auth/AuthContext';
import { useSocket } from './realtime/RealtimeProvider';

/** Failures worth a second try: the network or the server, not an answer such as 403 or 404. */
const transient = (err: unknown) => {
  const { status } = toApiError(err);
  return status === 0 || status >= 500;
};

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, err) => failures < 2 && transient(err),
        // The server says when something changed (the socket events below); a refetch on every focus
        // would only repeat reads.
        refetchOnWindowFocus: false,
      },
    },
  });
}

/**
 * The server's answers, cached per person: the cache starts empty at every sign-in, so nothing one
 * person read is shown to the next in the same tab. Inside AuthProvider and RealtimeProvider.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const [client] = useState(createQueryClient);
  useEffect(() => () => client.clear(), [client, userId]);
  return (
    <QueryClientProvider client={client}>
      <Invalidation />
      {children}
    </QueryClientProvider>
  );
}

/** Socket news marks the answers it changes stale while the tab's socket exists (see invalidation.ts). */
function Invalidation() {
  const tab = useSocket();
  const client = useQueryClient();
  useEffect(() => (tab ? invalidateOnNews(tab, client) : undefined), [tab, client]);
  return null;
}
