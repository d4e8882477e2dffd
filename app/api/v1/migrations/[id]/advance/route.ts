import { actionsFor } from '@/server/actions';
import { AdvanceRequestSchema, mutating, parseBody } from '@/server/actions/http';
import { json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** Runs the next step in the background: 202 with the migration; poll GET …/{id} for progress. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return mutating(req, async () => {
    const body = await parseBody(req, AdvanceRequestSchema, '{} or {"confirm": "<name the step asks for>"}');
    if (!body.ok) return body.res;
    return json(await actionsFor(contextOfRequest(req)).advance(id, body.data.confirm), 202);
  });
}
