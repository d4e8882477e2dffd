import { z } from 'zod';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';
import { vpaFor } from '@/server/vpa';

export const dynamic = 'force-dynamic';

const Query = z.object({ days: z.coerce.number().min(0.01).max(365).optional() });

/** One VerticalPodAutoscaler with its full recorded resize history. */
export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  return handle(async () => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', 'days must be a number between 0.01 and 365.');
    const cache = clusterCache(contextOfRequest(req));
    const vpa = await vpaFor(cache, namespace, name, q.data.days);
    if (!vpa) return problem(404, 'Not found', `VerticalPodAutoscaler ${namespace}/${name} is not in context ${cache.context}.`);
    return json(vpa);
  });
}
