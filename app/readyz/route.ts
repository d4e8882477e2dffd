import { clusterCache } from '@/server/cluster';

export const dynamic = 'force-dynamic';

/**
 * Readiness: the default context finished its first discovery and lists (or failed them, which the
 * pages then explain). 503 until then, so a load balancer or Playwright waits for real data.
 */
export async function GET() {
  const cache = clusterCache();
  await cache.whenSettled(2000);
  const s = cache.snapshot();
  const pending = Object.entries(s.kinds).filter(([, k]) => k.state === 'pending').map(([id]) => id);
  const ready = s.connection.state !== 'connecting' && pending.length === 0;
  const body = `${ready ? 'ok' : 'not ready'}: context ${s.context}, connection ${s.connection.state}${pending.length ? `, pending ${pending.join(', ')}` : ''}\n`;
  return new Response(body, { status: ready ? 200 : 503, headers: { 'Content-Type': 'text/plain' } });
}
