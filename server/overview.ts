import 'server-only';
import { countBySeverity } from '@/lib/dto/findings';
import { buildOverview, type OverviewDto } from '@/lib/dto/overview';
import type { ClusterCache } from './cluster/cluster-cache';
import { findingsOf } from './findings';

/** The overview of a context, with its findings counted. */
export function overviewOf(cache: ClusterCache): OverviewDto {
  const s = cache.snapshot();
  return buildOverview(s, new Date().toISOString(), countBySeverity(findingsOf(s)));
}
