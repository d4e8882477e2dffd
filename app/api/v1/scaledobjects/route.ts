import { z } from 'zod';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { kedaView } from '@/server/keda';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

const Query = z.object({ namespace: z.string().max(253).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name').optional().or(z.literal('').transform(() => undefined)) });

/** Every ScaledObject and ScaledJob (optionally of one namespace), with KEDA's installation. */
export function GET(req: Request) {
  return handle(async () => {
    const q = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!q.success) return problem(400, 'Invalid query', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return json(await kedaView(clusterCache(contextOfRequest(req)), q.data.namespace));
  });
}
