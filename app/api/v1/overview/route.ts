import { buildOverview } from '@/lib/dto/overview';
import { clusterCache } from '@/server/cluster';
import { handle, json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(() => json(buildOverview(clusterCache(contextOfRequest(req)).snapshot(), new Date().toISOString())));
}
