/**
 * KEDA's own scaling decisions, pure: what the operator does to the scale target on each polling
 * interval (activation 0↔1, cooldown, idle and minimum replicas; pkg/scaling/executor/
 * scale_scaledobjects.go `RequestScale`, `scaleToZeroOrIdle`, `scaleFromZeroOrIdle`) and how many
 * Jobs a ScaledJob starts (scale_jobs.go with the default scaling strategy). Everything above one
 * replica is the HPA's business, not KEDA's.
 */

export const DEFAULT_POLLING_INTERVAL_S = 30;
export const DEFAULT_COOLDOWN_PERIOD_S = 300;
export const DEFAULT_INITIAL_COOLDOWN_PERIOD_S = 0;

export interface ScaleDecisionInput {
  /** Some trigger is active (value > activation threshold), or a cpu/memory trigger exists. */
  active: boolean;
  /** Some trigger failed this round. */
  error: boolean;
  current: number;
  /** `spec.minReplicaCount` as written (undefined: KEDA's default 0). */
  minReplicaCount?: number;
  idleReplicaCount?: number;
  fallbackReplicas?: number;
  hasFallback: boolean;
  /** ms since epoch, undefined when never active. */
  lastActiveTime?: number;
  creationTime: number;
  cooldownMs: number;
  initialCooldownMs: number;
  now: number;
}

export type ScaleDecision =
  /** Scale the target; `activated` from 0/idle, `deactivated` to 0/idle, `min` up to minReplicaCount. */
  | { kind: 'scale'; replicas: number; why: 'activated' | 'deactivated' | 'min' }
  /** Active and nothing to do: refresh `status.lastActiveTime`. */
  | { kind: 'keep-active' }
  /** Inactive but still inside the cooldown period. */
  | { kind: 'cooldown' }
  | { kind: 'partial-error' }
  | { kind: 'trigger-error' }
  | { kind: 'fallback-pending' }
  | { kind: 'none' };

export function decideScale(i: ScaleDecisionInput): ScaleDecision {
  const min = i.minReplicaCount ?? 0;
  if (i.active) {
    if ((i.idleReplicaCount !== undefined && i.current < min) || i.current === 0) {
      return { kind: 'scale', replicas: min > 0 ? min : 1, why: 'activated' };
    }
    return i.error ? { kind: 'partial-error' } : { kind: 'keep-active' };
  }
  if (i.error && i.hasFallback && (i.fallbackReplicas ?? 0) !== 0) return { kind: 'fallback-pending' };
  if (i.error && !i.hasFallback) return { kind: 'trigger-error' };
  if ((i.idleReplicaCount !== undefined && i.current > i.idleReplicaCount) || (i.current > 0 && min === 0)) {
    const cooled = i.lastActiveTime === undefined
      ? i.creationTime + i.initialCooldownMs < i.now
      : i.lastActiveTime + i.cooldownMs < i.now;
    if (!cooled) return { kind: 'cooldown' };
    return { kind: 'scale', replicas: i.idleReplicaCount ?? min, why: 'deactivated' };
  }
  if (i.current < min && i.idleReplicaCount === undefined) return { kind: 'scale', replicas: min, why: 'min' };
  return { kind: 'none' };
}

/**
 * Jobs to create this round for a ScaledJob with the default strategy: the queue asks for
 * ceil(queue / target) jobs (at most maxReplicaCount); running jobs are deducted.
 */
export function jobsToCreate(input: { queueLength: number; target: number; maxReplicaCount: number; minReplicaCount: number; running: number; active: boolean }): number {
  const { queueLength, target, maxReplicaCount, minReplicaCount, running, active } = input;
  const wanted = target > 0 ? Math.ceil(queueLength / target) : 0;
  const maxScale = Math.min(wanted, maxReplicaCount);
  let effectiveMax: number;
  let scaleTo: number;
  if (running < minReplicaCount) {
    scaleTo = minReplicaCount - running;
    effectiveMax = scaleTo;
  } else {
    effectiveMax = maxScale - (running - minReplicaCount);
    scaleTo = maxScale;
  }
  if (!active || effectiveMax <= 0) return 0;
  return Math.min(scaleTo, effectiveMax);
}
