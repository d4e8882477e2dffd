import { FindingsQuerySchema } from '@/lib/dto/findings';
import { clusterCache } from '@/server/cluster';
import { findingsFor } from '@/server/findings';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(async () => {
    const query = FindingsQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!query.success) return problem(400, 'Invalid query', query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return json(await findingsFor(clusterCache(contextOfRequest(req)), query.data));
  });
}
