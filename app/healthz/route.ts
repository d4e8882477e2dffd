export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. */
export function GET() {
  return new Response('ok\n', { headers: { 'Content-Type': 'text/plain' } });
}
