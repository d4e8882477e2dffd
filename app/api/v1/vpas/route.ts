import { z } from 'zod';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';
import { vpasFor } from '@/server/vpa';

export const dynamic = 'force-dynamic';

const Query = z.object({
  namespace: z.string().max(253).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).optional(),
  days: z.coerce.number().min(0.01).max(365).optional(),
});

/** Every VerticalPodAutoscaler with its recommendation per container and its recorded resize history. */
export function GET(req: Request) {
  return handle(async () => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return json(await vpasFor(clusterCache(contextOfRequest(req)), q.data));
  });
}
