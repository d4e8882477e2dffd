import { clusterCache } from '@/server/cluster';
import { overviewOf } from '@/server/overview';
import { handle, json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(() => json(overviewOf(clusterCache(contextOfRequest(req)))));
}
