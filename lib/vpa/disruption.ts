/**
 * How many pods of one replica group the VPA updater may disrupt in a loop
 * (pkg/updater/restriction/pods_restriction_factory.go `singleGroupStats.isPodDisruptable`):
 * groups with fewer live pods than `minReplicas` (default 2, or the VPA's
 * `updatePolicy.minReplicas`) are left alone; otherwise up to `evictionTolerance` (default 50 % of
 * the configured replicas, truncated) pods go at once, and always one when every replica runs.
 */

export interface GroupStats {
  configured: number;
  running: number;
  pending: number;
  evictionTolerance: number;
  evicted: number;
  inPlaceUpdateInitiated: number;
}

export const DEFAULT_MIN_REPLICAS = 2;
export const DEFAULT_EVICTION_TOLERANCE = 0.5;

export function groupStats(configured: number, pods: readonly { pending: boolean }[], toleranceFraction = DEFAULT_EVICTION_TOLERANCE): GroupStats {
  const pending = pods.filter((p) => p.pending).length;
  return { configured, running: pods.length - pending, pending, evictionTolerance: Math.trunc(configured * toleranceFraction), evicted: 0, inPlaceUpdateInitiated: 0 };
}

export function isPodDisruptable(s: GroupStats): boolean {
  const shouldBeAlive = s.configured - s.evictionTolerance;
  const actuallyAlive = s.running - (s.evicted + s.inPlaceUpdateInitiated);
  return actuallyAlive > shouldBeAlive || (s.configured === s.running && s.evictionTolerance === 0 && s.evicted === 0 && s.inPlaceUpdateInitiated === 0);
}
