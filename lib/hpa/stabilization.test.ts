import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineProposals, boundsDecision, rescaleReason } from './desired';
import { EMPTY_HISTORY, normalizeWithBehavior, normalizeWithoutBehavior, recordScaleEvent, resolveBehavior, withInitialRecommendation, type HpaHistory } from './stabilization';
import { formatMilliQuantity, goLabelSelector, setCondition } from './status-format';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const s = (n: number) => n * 1000;
const WINDOW = s(300);

/** Runs syncs of a behavior-less HPA: each entry is the metrics' proposal at that second. */
function runLegacy(start: number, proposals: [number, number][], min = 1, max = 10) {
  let h: HpaHistory = withInitialRecommendation(EMPTY_HISTORY, start, T0);
  let current = start;
  const out: number[] = [];
  for (const [at, desired] of proposals) {
    const n = normalizeWithoutBehavior(h, T0 + s(at), current, desired, min, max, WINDOW);
    h = n.history;
    current = n.replicas;
    out.push(current);
  }
  return out;
}

describe('without behavior (legacy normalization)', () => {
  it('does not scale down before the 300 s window has passed, then follows the lower recommendation', () => {
    expect(runLegacy(5, [[15, 2], [150, 2], [299, 2], [301, 2], [316, 2]])).toEqual([5, 5, 5, 2, 2]);
  });

  it('scales up at once, limited to max(2 × current, 4) per sync', () => {
    expect(runLegacy(1, [[15, 9]], 1, 20)).toEqual([4]);
    expect(runLegacy(3, [[15, 9]], 1, 20)).toEqual([6]);
  });

  it('clamps to min and max and says which limit applied', () => {
    const h = withInitialRecommendation(EMPTY_HISTORY, 3, T0);
    const up = normalizeWithoutBehavior(h, T0 + s(15), 3, 9, 1, 5, WINDOW);
    expect(up.replicas).toBe(5);
    expect(up.conditions).toContainEqual({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    const low = normalizeWithoutBehavior(EMPTY_HISTORY, T0, 3, 1, 2, 5, WINDOW);
    expect(low.replicas).toBe(2);
    expect(low.conditions).toContainEqual({ type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
    const ok = normalizeWithoutBehavior(EMPTY_HISTORY, T0, 3, 4, 1, 5, WINDOW);
    expect(ok.conditions).toEqual([
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
      { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
    ]);
  });

  it('reports ScaleDownStabilized while an older, higher recommendation holds', () => {
    const h = withInitialRecommendation(EMPTY_HISTORY, 6, T0);
    expect(normalizeWithoutBehavior(h, T0 + s(60), 6, 3, 1, 10, WINDOW).conditions[0]).toEqual({ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
  });

  it('never leaves [min, max] and never goes below a recommendation of the window (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 5, max: 40 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 30 }), (min, max, steps) => {
      let h = withInitialRecommendation(EMPTY_HISTORY, min, T0);
      let current = min;
      let t = T0;
      const seen: [number, number][] = [[T0, min]];
      for (const [dt, desired] of steps) {
        t += s(dt);
        const n = normalizeWithoutBehavior(h, t, current, desired, min, max, WINDOW);
        const windowMax = Math.max(desired, ...seen.filter(([at]) => at >= t - WINDOW).map(([, r]) => r));
        expect(n.replicas).toBeGreaterThanOrEqual(min);
        expect(n.replicas).toBeLessThanOrEqual(max);
        if (windowMax <= max && windowMax >= min && windowMax <= Math.max(2 * current, 4)) expect(n.replicas).toBe(windowMax);
        seen.push([t, desired]);
        h = n.history;
        current = n.replicas;
      }
    }));
  });
});

describe('with behavior', () => {
  const defaults = resolveBehavior({}, 300)!;

  it('fills upstream defaults: up 4 pods or 100 % per 15 s (Max), down 100 % per 15 s after the controller window', () => {
    expect(defaults).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect(resolveBehavior(undefined, 300)).toBeUndefined();
  });

  it('limits a scale-up by the policies and remembers the events of the period', () => {
    const b = resolveBehavior({ scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } }, 300)!;
    let h = withInitialRecommendation(EMPTY_HISTORY, 2, T0);
    const first = normalizeWithBehavior(h, T0 + s(15), 2, 10, 1, 20, b);
    expect(first.replicas).toBe(4);
    expect(first.conditions[1]).toEqual({ type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    h = recordScaleEvent(first.history, b, 2, 4, T0 + s(15));
    // 2 pods were added 15 s ago within the 60 s period: the period started at 2, so no more yet
    expect(normalizeWithBehavior(h, T0 + s(30), 4, 10, 1, 20, b).replicas).toBe(4);
    // after the period, another 2
    expect(normalizeWithBehavior(h, T0 + s(76), 4, 10, 1, 20, b).replicas).toBe(6);
  });

  it('selectPolicy Min picks the smaller change, Disabled forbids the direction', () => {
    const min = resolveBehavior({ scaleUp: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } }, 300)!;
    expect(normalizeWithBehavior(EMPTY_HISTORY, T0, 4, 10, 1, 20, min).replicas).toBe(5);
    const max = resolveBehavior({ scaleUp: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } }, 300)!;
    expect(normalizeWithBehavior(EMPTY_HISTORY, T0, 4, 10, 1, 20, max).replicas).toBe(8);
    const off = resolveBehavior({ scaleDown: { selectPolicy: 'Disabled' } }, 0)!;
    expect(normalizeWithBehavior(EMPTY_HISTORY, T0, 4, 1, 1, 20, off).replicas).toBe(4);
  });

  it('scale-down percent policy truncates, and the down window stabilizes to the highest recommendation', () => {
    const b = resolveBehavior({ scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } }, 300)!;
    let h = withInitialRecommendation(EMPTY_HISTORY, 9, T0);
    const held = normalizeWithBehavior(h, T0 + s(30), 9, 1, 1, 20, b);
    expect(held.replicas).toBe(9);
    expect(held.conditions[0]!.reason).toBe('ScaleDownStabilized');
    h = held.history;
    const down = normalizeWithBehavior(h, T0 + s(61), 9, 1, 1, 20, b);
    // the initial 9 left the window; the 1 of t=30 is the highest now; 50 % of 9 → trunc(4.5) = 4
    expect(down.replicas).toBe(4);
    expect(down.conditions[1]!.reason).toBe('ScaleDownLimit');
  });

  it('the up window makes a scale-up wait for the lowest recent recommendation', () => {
    const b = resolveBehavior({ scaleUp: { stabilizationWindowSeconds: 60 } }, 300)!;
    const h = withInitialRecommendation(EMPTY_HISTORY, 2, T0);
    const n = normalizeWithBehavior(h, T0 + s(15), 2, 8, 1, 20, b);
    expect(n.replicas).toBe(2);
    expect(n.conditions[0]).toMatchObject({ reason: 'ScaleUpStabilized' });
  });
});

describe('combining metrics and bounds', () => {
  it('takes the highest proposal; a failure blocks only when everything failed or the rest would scale down', () => {
    expect(combineProposals(3, [{ ok: true, replicas: 2, metric: 'a' }, { ok: true, replicas: 5, metric: 'b' }])).toEqual({ ok: true, replicas: 5, metric: 'b' });
    const failed = { ok: false as const, error: 'boom', reason: 'FailedGetExternalMetric' };
    expect(combineProposals(3, [failed, { ok: true, replicas: 5, metric: 'b' }])).toEqual({ ok: true, replicas: 5, metric: 'b', partialError: 'invalid metrics (1 invalid out of 2), first error is: boom' });
    expect(combineProposals(3, [failed, { ok: true, replicas: 2, metric: 'b' }])).toMatchObject({ ok: false, reason: 'FailedGetExternalMetric' });
    expect(combineProposals(3, [failed])).toEqual({ ok: false, error: 'invalid metrics (1 invalid out of 1), first error is: boom', reason: 'FailedGetExternalMetric', failedError: 'boom' });
  });

  it('corrects out-of-bounds targets before metrics, and zero replicas disable scaling', () => {
    expect(boundsDecision(0, 1, 5)).toEqual({ kind: 'disabled' });
    expect(boundsDecision(7, 1, 5)).toEqual({ kind: 'rescale', desired: 5, reason: 'Current number of replicas above Spec.MaxReplicas' });
    expect(boundsDecision(1, 2, 5)).toEqual({ kind: 'rescale', desired: 2, reason: 'Current number of replicas below Spec.MinReplicas' });
    expect(boundsDecision(3, 2, 5)).toEqual({ kind: 'metrics' });
    expect(rescaleReason(4, 3, 'cpu resource utilization (percentage of request)')).toBe('cpu resource utilization (percentage of request) above target');
    expect(rescaleReason(2, 3, 'x')).toBe('All metrics below target');
  });
});

describe('status formatting', () => {
  it('sets conditions in first-use order and moves the transition time only on a status change', () => {
    let c = setCondition([], 'AbleToScale', 'True', 'SucceededGetScale', 'm', 't1');
    c = setCondition(c, 'ScalingActive', 'True', 'ValidMetricFound', 'm2', 't1');
    c = setCondition(c, 'AbleToScale', 'True', 'ReadyForNewScale', 'm3', 't2');
    expect(c).toEqual([
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'm3', lastTransitionTime: 't1' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'm2', lastTransitionTime: 't1' },
    ]);
    expect(setCondition(c, 'ScalingActive', 'False', 'AmbiguousSelector', 'x', 't3')[1]!.lastTransitionTime).toBe('t3');
  });

  it('formats milli-values as DecimalSI quantities and selectors as Go prints them', () => {
    expect([1500, 2000, 250, 3e9, 104857600000, 0].map(formatMilliQuantity)).toEqual(['1500m', '2', '250m', '3M', '104857600', '0']);
    expect(goLabelSelector({ matchLabels: { 'scaledobject.keda.sh/name': 'orders' } })).toBe('&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: orders,},MatchExpressions:[]LabelSelectorRequirement{},}');
    expect(goLabelSelector(undefined)).toBe('nil');
  });
});
