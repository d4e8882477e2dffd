import { z } from 'zod';
import type { SessionDto } from '@/lib/dto/session';
import { listContexts } from '@/server/cluster';
import { config } from '@/server/config';
import { handle, json, problem } from '@/server/http/problem';
import { CONTEXT_COOKIE, contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** The session: contexts and the chosen one. Also where scripts pick up the CSRF cookie. */
export function GET(req: Request) {
  return handle(() => {
    const view = listContexts();
    const body: SessionDto = {
      context: contextOfRequest(req) ?? view.defaultContext,
      defaultContext: view.defaultContext,
      contexts: view.contexts,
      kubeconfig: view.source,
      kubeconfigError: view.error,
      readOnly: config().readOnly,
    };
    return json(body);
  });
}

const SwitchContext = z.object({ context: z.string().min(1).max(253) });

/** Switches this browser's context (a cookie); CSRF-checked by proxy.ts like every POST. */
export async function POST(req: Request) {
  return handle(async () => {
    const parsed = SwitchContext.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) return problem(400, 'Invalid body', 'Expected JSON {"context": "<name>"}.');
    const view = listContexts();
    if (!view.contexts.some((c) => c.name === parsed.data.context)) {
      return problem(400, 'Unknown context', `Unknown context "${parsed.data.context}". Known contexts: ${view.contexts.map((c) => c.name).join(', ') || 'none'}.`);
    }
    const res = json({ context: parsed.data.context });
    res.headers.append('Set-Cookie', `${CONTEXT_COOKIE}=${encodeURIComponent(parsed.data.context)}; Path=/; SameSite=Strict`);
    return res;
  });
}
