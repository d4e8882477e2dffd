import { actionsFor } from '@/server/actions';
import { respond } from '@/server/actions/http';
import { json, problem } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return respond(async () => {
    const m = await actionsFor(contextOfRequest(req)).get(id);
    return m ? json(m) : problem(404, 'Unknown migration', `No migration ${id} in this context.`);
  });
}
