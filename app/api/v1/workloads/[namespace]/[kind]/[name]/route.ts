import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';
import { workloadDetailFor } from '@/server/workload';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  const ref = await params;
  return handle(async () => {
    const detail = await workloadDetailFor(clusterCache(contextOfRequest(req)), ref);
    return detail ? json(detail) : problem(404, 'Not found', `${ref.kind} ${ref.namespace}/${ref.name} is not in this cluster (or not yet listed).`);
  });
}
