import { clusterCache } from '@/server/cluster';
import { handle, json, problem } from '@/server/http/problem';
import { scaledObjectDetail } from '@/server/keda';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** One ScaledObject: triggers explained with their current values, stale environment, actions. */
export async function GET(req: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  return handle(async () => {
    const detail = await scaledObjectDetail(clusterCache(contextOfRequest(req)), namespace, name);
    return detail ? json(detail) : problem(404, 'Not found', `ScaledObject ${namespace}/${name} is not in this cluster (or not yet listed).`);
  });
}
