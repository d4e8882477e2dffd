import 'server-only';
/**
 * The CronHPA view of a context (`/cronhpa`, `GET /api/v1/cronhpas`): built from the informer
 * cache's snapshot and the findings of that snapshot (with the caller's access to each action), at
 * the current instant — next runs and projections are computed from now.
 */
import { buildCronHpa, buildCronHpas, type CronHpaDto, type CronHpasDto } from '@/lib/dto/cronhpa';
import type { FindingDto } from '@/lib/dto/findings';
import { indexOf } from '@/lib/snapshot-index';
import type { ClusterCache } from './cluster/cluster-cache';
import { findingsFor } from './findings';

/** How long a request waits for a new context's first list before answering with what it has. */
const FIRST_LIST_WAIT_MS = 5_000;

export type CronHpaPageDto = CronHpaDto<FindingDto>;
export type CronHpasPageDto = CronHpasDto<FindingDto>;

/** Every CronHPA, optionally of one namespace. */
export async function cronHpasFor(cache: ClusterCache, namespace?: string): Promise<CronHpasPageDto> {
  // A context chosen a moment ago is still listing: wait a little for its first list, not a blank page.
  await cache.whenSettled(FIRST_LIST_WAIT_MS);
  const snapshot = cache.snapshot();
  const findings = await findingsFor(cache, namespace ? { namespace } : {});
  const all = buildCronHpas(snapshot, Date.now(), findings.items);
  return namespace ? { ...all, items: all.items.filter((c) => c.namespace === namespace) } : all;
}

/** One CronHPA, or undefined when the cache does not hold it. */
export async function cronHpaFor(cache: ClusterCache, namespace: string, name: string): Promise<CronHpaPageDto | undefined> {
  await cache.whenSettled(FIRST_LIST_WAIT_MS);
  const snapshot = cache.snapshot();
  const cron = indexOf(snapshot).get('cronhpas', namespace, name);
  if (!cron) return undefined;
  const findings = await findingsFor(cache, {});
  return buildCronHpa(snapshot, cron, Date.now(), findings.items);
}
