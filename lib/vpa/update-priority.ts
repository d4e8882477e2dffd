/**
 * Whether the VPA updater wants to update a pod, and how urgently (vertical-pod-autoscaler
 * pkg/updater/priority/{priority_processor,update_priority_calculator}.go).
 */

export interface PodRequests {
  /** Container name → requests in base units (cores, bytes). */
  [container: string]: Record<string, number>;
}

export interface RecommendationAmounts {
  /** Container name → target / lowerBound / upperBound in base units. */
  [container: string]: { target: Record<string, number>; lowerBound: Record<string, number>; upperBound: Record<string, number> };
}

export interface UpdatePriority {
  outsideRecommendedRange: boolean;
  scaleUp: boolean;
  resourceDiff: number;
}

/** Upstream defaults: `--in-recommendation-bounds-eviction-lifetime-threshold` 12 h, min change 10 %. */
export const POD_LIFETIME_UPDATE_THRESHOLD_MS = 12 * 3600_000;
export const MIN_CHANGE_PRIORITY = 0.1;

export function updatePriority(requests: PodRequests, rec: RecommendationAmounts): UpdatePriority {
  let outside = false;
  let scaleUp = false;
  const totalRec: Record<string, number> = {};
  const totalReq: Record<string, number> = {};
  for (const [container, r] of Object.entries(rec)) {
    const req = requests[container];
    if (!req) continue;
    for (const [resource, target] of Object.entries(r.target)) {
      totalRec[resource] = (totalRec[resource] ?? 0) + target;
      const request = req[resource];
      if (request === undefined) {
        // Upstream treats a missing request as 0: always a scale-up outside the range.
        scaleUp = true;
        outside = true;
        continue;
      }
      totalReq[resource] = (totalReq[resource] ?? 0) + request;
      if (target > request) scaleUp = true;
      const lo = r.lowerBound[resource];
      const hi = r.upperBound[resource];
      if ((lo !== undefined && request < lo) || (hi !== undefined && request > hi)) outside = true;
    }
  }
  let resourceDiff = 0;
  for (const [resource, rec] of Object.entries(totalRec)) {
    const req = Math.max(totalReq[resource] ?? 0, resource === 'cpu' ? 0.001 : 1);
    resourceDiff += Math.abs(req - rec) / req;
  }
  return { outsideRecommendedRange: outside, scaleUp, resourceDiff };
}

/**
 * The updater's admission of a pod into its update list: outside the recommended range, or a pod
 * older than 12 h whose requests differ from the target by at least 10 % in total.
 */
export function shouldUpdatePod(p: UpdatePriority, podStartedAt: number | undefined, now: number): boolean {
  if (p.outsideRecommendedRange) return true;
  if (podStartedAt === undefined) return false;
  if (now < podStartedAt + POD_LIFETIME_UPDATE_THRESHOLD_MS) return false;
  return p.resourceDiff >= MIN_CHANGE_PRIORITY;
}
