import { z } from 'zod';
import { clusterCache } from '@/server/cluster';
import { cronHpasFor } from '@/server/cronhpa';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

const Query = z.object({ namespace: z.string().max(253).optional().transform((v) => v || undefined), context: z.string().optional() });

/** Every CronHPA with its jobs, next runs (ISO-8601), projection, retarget preview or KEDA triggers, and findings. */
export function GET(req: Request) {
  return handle(async () => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return json(await cronHpasFor(clusterCache(contextOfRequest(req)), q.data.namespace));
  });
}
