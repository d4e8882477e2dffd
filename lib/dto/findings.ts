/** `GET /api/v1/findings` (design §7) and the pure filtering and grouping the page shares. */
import { z } from 'zod';
import type { ObjectRef } from '../k8s/object';
import { ObjectRef as Ref } from '../k8s/object';
import type { Finding, Severity } from '../rules/types';

export interface ActionDto {
  id: string;
  label: string;
  allowed: boolean;
  reason?: string;
}

export interface FindingDto extends Omit<Finding, 'actions'> {
  /** The rule's short title. */
  title: string;
  actions: ActionDto[];
}

export interface FindingsDto {
  items: FindingDto[];
  generatedAt: string;
  /** Counts per severity before the severity filter, for the filter chips. */
  counts: Record<Severity, number>;
  /** Findings matching the filters (all pages). */
  total: number;
  /** The page: `items` are findings `offset` to `offset + items.length` of `total`. */
  offset: number;
}

export const FindingsQuerySchema = z.object({
  namespace: z.string().max(253).optional().transform((v) => v || undefined),
  severity: z.enum(['critical', 'warning', 'info']).optional().or(z.literal('').transform(() => undefined)),
  rule: z.string().max(100).optional().transform((v) => v || undefined),
  /** Paging, for people (the page shows 50 at a time); scripts get every finding without it. */
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export interface FindingsQuery {
  namespace?: string;
  severity?: Severity;
  rule?: string;
  offset?: number;
  limit?: number;
}

/** Findings per page of the findings view. */
export const FINDINGS_PAGE_SIZE = 50;

/** Whether a finding concerns a namespace: its first subject (the workload it is filed under) lives there. */
export function inNamespace(f: Pick<Finding, 'subjects'>, namespace: string): boolean {
  return (f.subjects[0]?.namespace ?? '') === namespace;
}

export function filterFindings<F extends Pick<Finding, 'subjects' | 'severity' | 'rule'>>(items: F[], q: FindingsQuery): F[] {
  return items.filter((f) => (!q.namespace || inNamespace(f, q.namespace)) && (!q.severity || f.severity === q.severity) && (!q.rule || f.rule === q.rule));
}

export function countBySeverity(items: Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of items) counts[f.severity]++;
  return counts;
}

export interface FindingGroup<F> {
  /** The object the findings are filed under (a workload, or the autoscaler when none exists). */
  subject: ObjectRef;
  key: string;
  findings: F[];
}

/** Groups ranked findings per first subject, keeping the rank order of each group's best finding. */
export function groupBySubject<F extends Pick<Finding, 'subjects'>>(items: F[]): FindingGroup<F>[] {
  const groups = new Map<string, FindingGroup<F>>();
  for (const f of items) {
    const subject = f.subjects[0];
    if (!subject) continue;
    const key = Ref.key(subject);
    const g = groups.get(key);
    if (g) g.findings.push(f);
    else groups.set(key, { subject, key, findings: [f] });
  }
  return [...groups.values()];
}
