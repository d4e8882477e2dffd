import { actionsFor } from '@/server/actions';
import { mutating } from '@/server/actions/http';
import { json } from '@/server/http/problem';
import { contextOfRequest } from '@/server/session';

export const dynamic = 'force-dynamic';

/** Undoes every applied step in the background, last first: 202 with the migration. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return mutating(req, async () => json(await actionsFor(contextOfRequest(req)).rollback(id), 202));
}
