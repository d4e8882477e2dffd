import { buildWorkloadDetail } from '@/lib/dto/workload-detail';
import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';
import { graphOf } from '@/server/views';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  const ref = await params;
  return handle(() => {
    const detail = buildWorkloadDetail(graphOf(clusterCache(contextOfRequest(req)).snapshot()), ref, new Date().toISOString());
    return detail ? json(detail) : problem(404, 'Not found', `${ref.kind} ${ref.namespace}/${ref.name} is not in this cluster (or not yet listed).`);
  });
}
