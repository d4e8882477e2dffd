import { clusterCache } from '@/server/cluster';
import { handle } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: one `snapshot` event per new snapshot version of the chosen context. Browsers
 * refetch what they show when it arrives; the heartbeat keeps proxies from closing an idle stream.
 */
export function GET(req: Request) {
  return handle(() => {
    const cache = clusterCache(contextOfRequest(req));
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try { controller.enqueue(encoder.encode(text)); } catch { cleanup(); }
        };
        const event = (version: number) => send(`event: snapshot\ndata: ${JSON.stringify({ context: cache.context, version })}\n\n`);
        send('retry: 2000\n\n');
        event(cache.snapshot().version);
        const unsubscribe = cache.subscribe(event);
        const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        req.signal.addEventListener('abort', () => {
          cleanup();
          try { controller.close(); } catch { /* already closed */ }
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    });
  });
}
