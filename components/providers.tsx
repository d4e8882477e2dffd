'use client';

import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { queryKeys } from '@/lib/query-keys';

type StreamState = 'connecting' | 'open' | 'lost';
const StreamStateContext = createContext<StreamState>('connecting');

/** Whether the browser currently hears the dashboard's change stream. */
export function useStreamState(): StreamState {
  return useContext(StreamStateContext);
}

export function Providers({ context, children }: { context: string; children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 60_000,
            // The change stream drives refreshes; polling is the fallback if it is lost.
            refetchInterval: 30_000,
            refetchOnWindowFocus: false,
            retry: 1,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <SnapshotStream context={context}>{children}</SnapshotStream>
    </QueryClientProvider>
  );
}

/** Listens to `/api/v1/stream` and invalidates the context's queries on every new snapshot. */
function SnapshotStream({ context, children }: { context: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    const source = new EventSource(`/api/v1/stream?context=${encodeURIComponent(context)}`);
    let first = true;
    source.addEventListener('snapshot', () => {
      setState('open');
      // The first event only confirms the version the page was rendered with.
      if (first) { first = false; return; }
      void queryClient.invalidateQueries({ queryKey: queryKeys.context(context) });
    });
    source.onopen = () => {
      setState((s) => {
        // Back after a loss: what we show may be old, refetch it.
        if (s === 'lost') void queryClient.invalidateQueries({ queryKey: queryKeys.context(context) });
        return 'open';
      });
    };
    source.onerror = () => setState('lost');
    return () => source.close();
  }, [context, queryClient]);
  return <StreamStateContext.Provider value={state}>{children}</StreamStateContext.Provider>;
}
