import { z } from 'zod';
import type { HistoryDto } from '@/lib/history/types';
import { clusterCache } from '@/server/cluster';
import { historyStore } from '@/server/history';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

const Query = z.object({ hours: z.coerce.number().min(0.1).max(24 * 14).default(6) });

/** Replicas and HPA bounds of a workload over the last `hours`, as the server recorded them. */
export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  const ref = await params;
  return handle(() => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', 'hours must be a number between 0.1 and 336.');
    const cache = clusterCache(contextOfRequest(req));
    const since = new Date(Date.now() - q.data.hours * 3_600_000).toISOString();
    const store = historyStore();
    const body: HistoryDto = {
      ref,
      samples: store.samples({ context: cache.context, ...ref }, since),
      retentionDays: store.retentionDays,
      generatedAt: new Date().toISOString(),
    };
    return json(body);
  });
}
