import { actionsFor } from '@/server/actions';
import { mutating, parseBody, planOptions, PlanRequestSchema } from '@/server/actions/http';
import { json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** Plans an action or migration for the caller: preflight, YAML diffs, server dry-runs, access review. */
export function POST(req: Request) {
  return mutating(req, async () => {
    const body = await parseBody(req, PlanRequestSchema, '{"type": "hpa-to-scaledobject", "target": {"namespace": "shop", "kind": "Deployment", "name": "orders"}, "options": {}}');
    if (!body.ok) return body.res;
    const stored = await actionsFor(contextOfRequest(req)).plan(body.data.type, body.data.target, planOptions(body.data.options));
    return json(stored.dto, 201);
  });
}
