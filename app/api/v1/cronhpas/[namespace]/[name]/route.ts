import { clusterCache } from '@/server/cluster';
import { cronHpaFor } from '@/server/cronhpa';
import { handle, json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** One CronHPA, as an item of `GET /api/v1/cronhpas`. */
export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const p = await params;
  return handle(async () => {
    const dto = await cronHpaFor(clusterCache(contextOfRequest(req)), p.namespace, p.name);
    return dto ? json(dto) : problem(404, 'Not found', `CronHorizontalPodAutoscaler ${p.namespace}/${p.name} is not in this cluster (or not yet listed).`);
  });
}
