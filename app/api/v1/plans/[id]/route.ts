import { actionsFor } from '@/server/actions';
import { respond } from '@/server/actions/http';
import { json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** A plan made earlier by this process (plans live in memory until they expire). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return respond(async () => {
    const p = actionsFor(contextOfRequest(req)).storedPlan(id);
    if (p === 'expired') return problem(410, 'Plan expired', `Plan ${id} expired; plan again.`);
    return p ? json(p.dto) : problem(404, 'Unknown plan', `No plan ${id} in this dashboard process.`);
  });
}
