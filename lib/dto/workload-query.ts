/** The workloads list's query string, shared by the API and the page so links round-trip. */
import { z } from 'zod';
import type { WorkloadQuery } from './workloads';

export const WorkloadQuerySchema = z.object({
  namespace: z.string().max(253).optional().transform((v) => v || undefined),
  q: z.string().max(200).optional().transform((v) => v || undefined),
  sort: z.enum(['name', 'namespace', 'kind', 'replicas', 'autoscalers', 'age']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export type WorkloadQueryInput = z.input<typeof WorkloadQuerySchema>;

/** Parses query parameters leniently: an invalid value is dropped rather than failing the page. */
export function parseWorkloadQuery(params: Record<string, string | string[] | undefined>): WorkloadQuery {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') flat[k] = v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(WorkloadQuerySchema.shape) as (keyof typeof WorkloadQuerySchema.shape)[]) {
    const r = WorkloadQuerySchema.shape[key].safeParse(flat[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out;
}

/** `?namespace=shop&q=orders` for a query; defaults are left out so URLs stay short. */
export function workloadQueryString(q: WorkloadQuery): string {
  const params = new URLSearchParams();
  if (q.namespace) params.set('namespace', q.namespace);
  if (q.q) params.set('q', q.q);
  if (q.sort) params.set('sort', q.sort);
  if (q.dir) params.set('dir', q.dir);
  if (q.offset) params.set('offset', String(q.offset));
  if (q.limit) params.set('limit', String(q.limit));
  const s = params.toString();
  return s ? `?${s}` : '';
}
