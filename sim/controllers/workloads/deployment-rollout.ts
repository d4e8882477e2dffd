/**
 * The Deployment controller's replica arithmetic, pure, after kubernetes `pkg/controller/deployment`
 * (`rolling.go`, `recreate.go`, `sync.go`) and `util/deployment_util.go`: surge and unavailability
 * fenceposts, how far the new ReplicaSet may grow, how far old ones may shrink, and proportional
 * scaling when `spec.replicas` changes mid-rollout.
 */
import { scaledValue } from './objects';

export interface RsView {
  name: string;
  /** creationTimestamp in ms (older first when sorting). */
  created: number;
  replicas: number;
  statusReplicas: number;
  available: number;
  /** `deployment.kubernetes.io/desired-replicas` and `max-replicas`, when set. */
  desiredAnnotation?: number;
  maxAnnotation?: number;
}

export interface DeploymentView {
  replicas: number;
  strategy: 'RollingUpdate' | 'Recreate';
  maxSurge?: unknown;
  maxUnavailable?: unknown;
  statusReplicas: number;
}

/** `ResolveFenceposts`: surge rounds up, unavailable rounds down, and both zero means one unavailable. */
function fenceposts(d: DeploymentView): { surge: number; unavailable: number } {
  const surge = scaledValue(d.maxSurge ?? '25%', d.replicas, true);
  let unavailable = scaledValue(d.maxUnavailable ?? '25%', d.replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: DeploymentView): number {
  return d.strategy === 'RollingUpdate' ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: DeploymentView): number {
  if (d.strategy !== 'RollingUpdate' || d.replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, d.replicas);
}

const sum = (rss: RsView[], f: (r: RsView) => number) => rss.reduce((n, r) => n + f(r), 0);
const byCreation = (a: RsView, b: RsView) => a.created - b.created || a.name.localeCompare(b.name);

/** `NewRSNewReplicas`: the new ReplicaSet grows until spec + maxSurge pods exist (Recreate: all at once). */
export function newRsReplicas(d: DeploymentView, all: RsView[], newRs: RsView | undefined): number {
  const current = newRs?.replicas ?? 0;
  if (d.strategy === 'Recreate') return d.replicas;
  const total = sum(all, (r) => r.replicas);
  const maxTotal = d.replicas + maxSurge(d);
  if (total >= maxTotal) return current;
  return current + Math.min(maxTotal - total, d.replicas - current);
}

/** `reconcileNewReplicaSet`: the new size of the new ReplicaSet, or undefined when it stays. */
export function reconcileNew(d: DeploymentView, all: RsView[], newRs: RsView): number | undefined {
  if (newRs.replicas === d.replicas) return undefined;
  if (newRs.replicas > d.replicas) return d.replicas;
  const n = newRsReplicas(d, all, newRs);
  return n === newRs.replicas ? undefined : n;
}

/**
 * `reconcileOldReplicaSets`: first shrink old ReplicaSets by their unavailable pods
 * (`cleanupUnhealthyReplicas`), then by as many as keep `replicas - maxUnavailable` available
 * (`scaleDownOldReplicaSetsForRollingUpdate`), oldest first. Returns the new sizes that changed.
 */
export function reconcileOld(d: DeploymentView, all: RsView[], oldRss: RsView[], newRs: RsView): Map<string, number> {
  const out = new Map<string, number>();
  if (sum(oldRss, (r) => r.replicas) === 0) return out;
  const minAvailable = d.replicas - maxUnavailable(d);
  const newUnavailable = newRs.replicas - newRs.available;
  const maxScaledDown = sum(all, (r) => r.replicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  const olds = [...oldRss].sort(byCreation).map((r) => ({ ...r }));
  let cleaned = 0;
  for (const r of olds) {
    if (cleaned >= maxScaledDown) break;
    if (r.replicas === 0 || r.replicas === r.available) continue;
    const down = Math.min(maxScaledDown - cleaned, r.replicas - r.available);
    r.replicas -= down;
    cleaned += down;
    out.set(r.name, r.replicas);
  }
  const available = sum(olds, (r) => r.available) + newRs.available;
  if (available <= minAvailable) return out;
  const total = available - minAvailable;
  let scaled = 0;
  for (const r of olds) {
    if (scaled >= total) break;
    if (r.replicas === 0) continue;
    const down = Math.min(r.replicas, total - scaled);
    r.replicas -= down;
    scaled += down;
    out.set(r.name, r.replicas);
  }
  return out;
}

/** `isScalingEvent`: an active ReplicaSet was sized for another `spec.replicas`. */
export function isScalingEvent(d: DeploymentView, rss: RsView[]): boolean {
  return rss.some((r) => r.replicas > 0 && r.desiredAnnotation !== undefined && r.desiredAnnotation !== d.replicas);
}

/**
 * `scale()` of sync.go: one active ReplicaSet takes the new size; a saturated new one lets the old
 * go to zero; otherwise the change is spread in proportion to each ReplicaSet's share
 * (`GetProportion`), leftovers to the first (largest) one. Returns the sizes to write.
 */
export function scaleDeployment(d: DeploymentView, newRs: RsView | undefined, oldRss: RsView[]): Map<string, number> {
  const out = new Map<string, number>();
  const olds = [...oldRss].sort((a, b) => byCreation(b, a));
  const active = [...olds, ...(newRs ? [newRs] : [])].filter((r) => r.replicas > 0);
  if (active.length <= 1) {
    const target = active[0] ?? newRs ?? olds[0];
    if (target && target.replicas !== d.replicas) out.set(target.name, d.replicas);
    return out;
  }
  if (newRs && newRs.replicas === d.replicas && newRs.desiredAnnotation === d.replicas && newRs.available === d.replicas) {
    for (const r of olds) if (r.replicas > 0) out.set(r.name, 0);
    return out;
  }
  if (d.strategy !== 'RollingUpdate') return out;
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - sum(active, (r) => r.replicas);
  // ReplicaSetsBySizeNewer for growth, BySizeOlder for shrinking: largest first either way.
  const ordered = [...active].sort((a, b) => b.replicas - a.replicas || (toAdd > 0 ? b.created - a.created : a.created - b.created));
  let added = 0;
  const sizes = new Map<string, number>();
  for (const r of ordered) {
    let proportion = 0;
    if (toAdd !== 0 && toAdd !== added && r.replicas !== 0) {
      const fraction = d.replicas === 0 ? -r.replicas : Math.round((r.replicas * (d.replicas + maxSurge(d))) / (r.maxAnnotation ?? d.statusReplicas)) - r.replicas;
      const allowedLeft = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, allowedLeft) : Math.max(fraction, allowedLeft);
    }
    sizes.set(r.name, r.replicas + proportion);
    added += proportion;
  }
  // Every active ReplicaSet is written (its size annotations move even when its size does not).
  ordered.forEach((r, i) => {
    let size = sizes.get(r.name)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    out.set(r.name, size);
  });
  return out;
}
