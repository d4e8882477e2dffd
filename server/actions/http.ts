import 'server-only';
/**
 * The write API's request parsing and error mapping, so the route handlers stay thin: zod schemas
 * with a human `detail` for a bad body, ActionError and API-server errors as problem documents.
 */
import { z } from 'zod';
import { ACTION_IDS } from '@/lib/actions';
import { VPA_UPDATE_MODES } from '@/lib/k8s/vpa';
import type { PlanOptions } from '@/lib/plans/types';
import { handle, problem } from '../http/problem';
import { ActionError } from './errors';
import { guardWrite } from './guard';
import { KubeError } from './kube';

const dnsName = (max: number) => z.string().min(1).max(max).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase DNS name (a-z, 0-9, "-", ".")');

export const PlanRequestSchema = z.object({
  type: z.enum(ACTION_IDS, { error: `must be one of ${ACTION_IDS.join(', ')}` }),
  target: z.object({
    namespace: dnsName(63),
    kind: z.string().min(1).max(63).regex(/^[A-Za-z]+$/, 'must be a kind such as Deployment'),
    name: dnsName(253),
  }).strict(),
  options: z.object({
    triggers: z.record(z.string().regex(/^\d+$/, 'keys are metric indexes'), z.json()).optional(),
    scaledObjectName: dnsName(253).optional(),
    updateMode: z.enum(VPA_UPDATE_MODES, { error: `must be one of ${VPA_UPDATE_MODES.join(', ')}` }).optional(),
  }).strict().optional(),
}).strict();

export const StartRequestSchema = z.object({ planId: z.string().regex(/^[a-z0-9]{4,40}$/, 'must be a plan id from POST /api/v1/plans') }).strict();
export const AdvanceRequestSchema = z.object({ confirm: z.string().max(253).optional() }).strict();

/** Parses a JSON body (an empty body is `{}`); a problem response when it is not what the schema says. */
export async function parseBody<T>(req: Request, schema: z.ZodType<T>, example: string): Promise<{ ok: true; data: T } | { ok: false; res: Response }> {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try { raw = JSON.parse(text); } catch { return { ok: false, res: problem(400, 'Invalid body', `The body is not JSON. Expected ${example}.`) }; }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const detail = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
  return { ok: false, res: problem(400, 'Invalid body', `${detail}. Expected ${example}.`) };
}

/** A mutating route: read-only and rate-limit guard, then the handler, with errors as problems. */
export function mutating(req: Request, fn: () => Promise<Response>): Promise<Response> {
  const refused = guardWrite(req);
  if (refused) return Promise.resolve(refused);
  return respond(fn);
}

/** Runs a handler, turning refusals of the pipeline and of the cluster into problem documents. */
export function respond(fn: () => Promise<Response>): Promise<Response> {
  return handle(async () => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ActionError) return problem(e.status, e.title, e.detail, e.extra);
      if (e instanceof KubeError) {
        if (e.status === 0) return problem(502, 'Cluster unreachable', e.message);
        return problem(e.status >= 400 && e.status < 600 ? e.status : 502, 'Refused by the cluster', e.message);
      }
      throw e;
    }
  });
}

/** Plan options as the planners take them. */
export function planOptions(o: z.infer<typeof PlanRequestSchema>['options']): PlanOptions {
  return { ...(o?.triggers ? { triggers: o.triggers as PlanOptions['triggers'] } : {}), ...(o?.scaledObjectName ? { scaledObjectName: o.scaledObjectName } : {}), ...(o?.updateMode ? { updateMode: o.updateMode } : {}) };
}
