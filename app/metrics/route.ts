import { exposition } from '@/lib/metrics';
import { handle } from '@/server/http/problem';
import { dashboardGauges } from '@/server/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus metrics of the dashboard (design §7). */
export function GET() {
  return handle(() => new Response(exposition(dashboardGauges()), { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } }));
}
