/**
 * What the HPA controller does with the metrics' proposal before it scales, after
 * kubernetes/kubernetes `pkg/controller/podautoscaler/horizontal.go`: the scale-down stabilization
 * window (the highest recommendation of the last 5 minutes), min/max clamping, the legacy
 * scale-up limit when `behavior` is absent, and `behavior` (policies, select policy, windows).
 * Pure: the controller's memory of recommendations and scale events is a value passed in and
 * returned, and `now` is an argument.
 */

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: SelectPolicy;
  policies: ScalingPolicy[];
}

/** `spec.behavior` with every default filled in. */
export interface Behavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

export interface Recommendation {
  replicas: number;
  at: number;
}

export interface ScaleEvent {
  /** Absolute number of replicas added or removed. */
  change: number;
  at: number;
  outdated: boolean;
}

/** The per-HPA memory the controller keeps between syncs (lost on a controller restart, as upstream). */
export interface HpaHistory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export const EMPTY_HISTORY: HpaHistory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };

/** One condition the normalization sets (upstream `setCondition` calls). */
export interface ConditionUpdate {
  type: 'AbleToScale' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  replicas: number;
  history: HpaHistory;
  conditions: ConditionUpdate[];
}

/** `scaleUpLimitFactor` and `scaleUpLimitMinimum` of horizontal.go (no `behavior`). */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

const UP_DEFAULT: ScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DOWN_POLICIES: ScalingPolicy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

function rules(raw: unknown, fallback: ScalingRules): ScalingRules {
  if (typeof raw !== 'object' || raw === null) return fallback;
  const r = raw as Record<string, unknown>;
  const policies = Array.isArray(r.policies)
    ? r.policies.filter((p): p is ScalingPolicy => typeof p === 'object' && p !== null && (p.type === 'Pods' || p.type === 'Percent') && typeof p.value === 'number' && typeof p.periodSeconds === 'number')
    : fallback.policies;
  const select = r.selectPolicy === 'Min' || r.selectPolicy === 'Disabled' || r.selectPolicy === 'Max' ? r.selectPolicy : fallback.selectPolicy;
  const window = typeof r.stabilizationWindowSeconds === 'number' ? r.stabilizationWindowSeconds : fallback.stabilizationWindowSeconds;
  return { stabilizationWindowSeconds: window, selectPolicy: select, policies };
}

/**
 * `spec.behavior` with upstream's defaults (`pkg/apis/autoscaling/v2/defaults.go`) and the
 * controller's `--horizontal-pod-autoscaler-downscale-stabilization` for an unset scale-down
 * window (`maybeInitScaleDownStabilizationWindow`); undefined when the HPA has no behavior.
 */
export function resolveBehavior(behavior: unknown, downscaleWindowSeconds: number): Behavior | undefined {
  if (typeof behavior !== 'object' || behavior === null) return undefined;
  const b = behavior as Record<string, unknown>;
  return {
    scaleUp: rules(b.scaleUp, UP_DEFAULT),
    scaleDown: rules(b.scaleDown, { stabilizationWindowSeconds: downscaleWindowSeconds, selectPolicy: 'Max', policies: DOWN_POLICIES }),
  };
}

/** `recordInitialRecommendation`: the first sync remembers the current size as a recommendation. */
export function withInitialRecommendation(h: HpaHistory, currentReplicas: number, now: number): HpaHistory {
  return h.recommendations.length ? h : { ...h, recommendations: [{ replicas: currentReplicas, at: now }] };
}

/** Replaces the one sample `oldIndex` points at (upstream reuses the last outdated slot) or appends. */
function record(list: Recommendation[], oldIndex: number, rec: Recommendation): Recommendation[] {
  const out = [...list];
  if (oldIndex >= 0) out[oldIndex] = rec;
  else out.push(rec);
  return out;
}

/**
 * `normalizeDesiredReplicas` (no `behavior`): the highest recommendation of the last
 * `downscaleWindowMs`, then `convertDesiredReplicasWithRules` (min, max, and at most
 * max(2 × current, 4) in one step).
 */
export function normalizeWithoutBehavior(h: HpaHistory, now: number, currentReplicas: number, desired: number, minReplicas: number, maxReplicas: number, downscaleWindowMs: number): Normalized {
  let stabilized = desired;
  let oldIndex = -1;
  const cutoff = now - downscaleWindowMs;
  h.recommendations.forEach((r, i) => {
    if (r.at < cutoff) oldIndex = i;
    else if (r.replicas > stabilized) stabilized = r.replicas;
  });
  const history = { ...h, recommendations: record(h.recommendations, oldIndex, { replicas: desired, at: now }) };
  const conditions: ConditionUpdate[] = [stabilized !== desired
    ? { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
    : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }];

  const scaleUpLimit = Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
  let maximum: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximum = maxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  let replicas = stabilized;
  if (stabilized < minReplicas) {
    replicas = minReplicas;
    reason = 'TooFewReplicas';
    message = 'the desired replica count is less than the minimum replica count';
  } else if (stabilized > maximum) replicas = maximum;
  else {
    reason = 'DesiredWithinRange';
    message = 'the desired count is within the acceptable range';
  }
  conditions.push({ type: 'ScalingLimited', status: replicas === stabilized ? 'False' : 'True', reason, message });
  return { replicas, history, conditions };
}

/** Replicas changed within the last `periodSeconds` (`getReplicasChangePerPeriod`). */
function changeInPeriod(periodSeconds: number, events: ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.reduce((sum, e) => (e.at > cutoff ? sum + e.change : sum), 0);
}

/** `calculateScaleUpLimitWithScalingRules`. */
export function scaleUpLimit(currentReplicas: number, up: ScaleEvent[], down: ScaleEvent[], r: ScalingRules, now: number): number {
  if (r.selectPolicy === 'Disabled') return currentReplicas;
  const pick = r.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = r.selectPolicy === 'Min' ? 2 ** 31 - 1 : -(2 ** 31);
  for (const p of r.policies) {
    const periodStart = currentReplicas - changeInPeriod(p.periodSeconds, up, now) + changeInPeriod(p.periodSeconds, down, now);
    // Rounded up so that a small percentage still adds a pod (upstream comment).
    const proposed = p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** `calculateScaleDownLimitWithBehaviors`. */
export function scaleDownLimit(currentReplicas: number, up: ScaleEvent[], down: ScaleEvent[], r: ScalingRules, now: number): number {
  if (r.selectPolicy === 'Disabled') return currentReplicas;
  const pick = r.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = r.selectPolicy === 'Min' ? -(2 ** 31) : 2 ** 31 - 1;
  for (const p of r.policies) {
    const periodStart = currentReplicas - changeInPeriod(p.periodSeconds, up, now) + changeInPeriod(p.periodSeconds, down, now);
    const proposed = p.type === 'Pods' ? periodStart - p.value : Math.trunc(periodStart * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/**
 * `normalizeDesiredReplicasWithBehaviors`: stabilize within the up and down windows (lowest of
 * the up window, highest of the down window), then limit the rate by the policies, then min/max.
 */
export function normalizeWithBehavior(h: HpaHistory, now: number, currentReplicas: number, desired: number, minReplicas: number, maxReplicas: number, b: Behavior): Normalized {
  const upCutoff = now - b.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = now - b.scaleDown.stabilizationWindowSeconds * 1000;
  let upRec = desired;
  let downRec = desired;
  let oldIndex = -1;
  h.recommendations.forEach((r, i) => {
    if (r.at > upCutoff) upRec = Math.min(r.replicas, upRec);
    if (r.at > downCutoff) downRec = Math.max(r.replicas, downRec);
    if (r.at < upCutoff && r.at < downCutoff) oldIndex = i;
  });
  let stabilized = currentReplicas;
  if (stabilized < upRec) stabilized = upRec;
  if (stabilized > downRec) stabilized = downRec;
  const history = { ...h, recommendations: record(h.recommendations, oldIndex, { replicas: desired, at: now }) };
  const conditions: ConditionUpdate[] = [];
  if (stabilized !== desired) {
    conditions.push(desired >= currentReplicas
      ? { type: 'AbleToScale', status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
      : { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
  } else conditions.push({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });

  let replicas = stabilized;
  let reason = 'DesiredWithinRange';
  let message = 'the desired count is within the acceptable range';
  if (stabilized > currentReplicas) {
    const limit = Math.max(scaleUpLimit(currentReplicas, h.scaleUpEvents, h.scaleDownEvents, b.scaleUp, now), currentReplicas);
    const limited = maxReplicas > limit;
    const maximum = limited ? limit : maxReplicas;
    if (stabilized > maximum) {
      replicas = maximum;
      reason = limited ? 'ScaleUpLimit' : 'TooManyReplicas';
      message = limited ? 'the desired replica count is increasing faster than the maximum scale rate' : 'the desired replica count is more than the maximum replica count';
    }
  } else if (stabilized < currentReplicas) {
    const limit = Math.min(scaleDownLimit(currentReplicas, h.scaleUpEvents, h.scaleDownEvents, b.scaleDown, now), currentReplicas);
    const limited = minReplicas < limit;
    const minimum = limited ? limit : minReplicas;
    if (stabilized < minimum) {
      replicas = minimum;
      reason = limited ? 'ScaleDownLimit' : 'TooFewReplicas';
      message = limited ? 'the desired replica count is decreasing faster than the maximum scale rate' : 'the desired replica count is less than the minimum replica count';
    }
  }
  conditions.push({ type: 'ScalingLimited', status: replicas === stabilized ? 'False' : 'True', reason, message });
  return { replicas, history, conditions };
}

function longestPeriod(r: ScalingRules): number {
  return r.policies.reduce((m, p) => Math.max(m, p.periodSeconds), 0);
}

function storeEvent(events: ScaleEvent[], change: number, periodSeconds: number, now: number): ScaleEvent[] {
  const cutoff = now - periodSeconds * 1000;
  const marked = events.map((e) => (e.at < cutoff ? { ...e, outdated: true } : e));
  let oldIndex = -1;
  marked.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  const fresh = { change, at: now, outdated: false };
  if (oldIndex >= 0) marked[oldIndex] = fresh;
  else marked.push(fresh);
  return marked;
}

/** `storeScaleEvent`: remembers a rescale for the rate policies (only HPAs with `behavior` need it). */
export function recordScaleEvent(h: HpaHistory, b: Behavior | undefined, previous: number, next: number, now: number): HpaHistory {
  if (!b) return h;
  if (next > previous) return { ...h, scaleUpEvents: storeEvent(h.scaleUpEvents, next - previous, longestPeriod(b.scaleUp), now) };
  return { ...h, scaleDownEvents: storeEvent(h.scaleDownEvents, previous - next, longestPeriod(b.scaleDown), now) };
}
