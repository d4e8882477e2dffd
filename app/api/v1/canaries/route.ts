import { canariesOf } from '@/server/canaries';
import { clusterCache } from '@/server/cluster';
import { handle, json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(() => json(canariesOf(clusterCache(contextOfRequest(req)).snapshot())));
}
