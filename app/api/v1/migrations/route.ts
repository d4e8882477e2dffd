import { actionsFor } from '@/server/actions';
import { mutating, parseBody, respond, StartRequestSchema } from '@/server/actions/http';
import { json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** Migration candidates and migrations of the context, from the cache. */
export function GET(req: Request) {
  return respond(async () => json(await actionsFor(contextOfRequest(req)).list()));
}

/** Starts a migration from a plan: writes its record; steps then run one `advance` at a time. */
export function POST(req: Request) {
  return mutating(req, async () => {
    const body = await parseBody(req, StartRequestSchema, '{"planId": "<id from POST /api/v1/plans>"}');
    if (!body.ok) return body.res;
    return json(await actionsFor(contextOfRequest(req)).startMigration(body.data.planId), 201);
  });
}
