import { WorkloadQuerySchema } from '@/lib/dto/workload-query';
import { queryWorkloads } from '@/lib/dto/workloads';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';
import { workloadRowsOf } from '@/server/views';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(() => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const query = WorkloadQuerySchema.safeParse(params);
    if (!query.success) return problem(400, 'Invalid query', query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const snapshot = clusterCache(contextOfRequest(req)).snapshot();
    return json(queryWorkloads(workloadRowsOf(snapshot), query.data, new Date().toISOString()));
  });
}
