import 'server-only';
import { buildWorkloadDetail, type WorkloadDetailDto } from '@/lib/dto/workload-detail';
import type { FindingDto } from '@/lib/dto/findings';
import type { ClusterCache } from './cluster/cluster-cache';
import { findingsFor } from './findings';
import { graphOf } from './views';

export type WorkloadPageDto = WorkloadDetailDto & { findings: FindingDto[] };

/** One workload, what acts on it, and the findings that involve it. */
export async function workloadDetailFor(cache: ClusterCache, ref: { namespace: string; kind: string; name: string }): Promise<WorkloadPageDto | undefined> {
  const detail = buildWorkloadDetail(graphOf(cache.snapshot()), ref, new Date().toISOString());
  if (!detail) return undefined;
  const all = await findingsFor(cache, { namespace: ref.namespace });
  const findings = all.items.filter((f) => f.subjects.some((s) => s.kind === ref.kind && s.namespace === ref.namespace && s.name === ref.name));
  return { ...detail, findings };
}
