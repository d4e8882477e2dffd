import { z } from 'zod';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { scaledObjectTimeline } from '@/server/keda';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

const Query = z.object({ hours: z.coerce.number().min(0.1).max(24 * 14).default(6) });

/** A ScaledObject's replica timeline: its workload's replicas and bounds, and KEDA's activity. */
export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  return handle(() => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', 'hours must be a number between 0.1 and 336.');
    const timeline = scaledObjectTimeline(clusterCache(contextOfRequest(req)), namespace, name, q.data.hours);
    return timeline ? json(timeline) : problem(404, 'Not found', `ScaledObject ${namespace}/${name} is not in this cluster (or not yet listed).`);
  });
}
