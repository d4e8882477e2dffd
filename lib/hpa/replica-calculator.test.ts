import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALCULATOR_OPTIONS, perPodValueReplicas, plainMetricReplicas, resourceUtilizationReplicas, usageRatioReplicas, type PodMetric, type PodSample } from './replica-calculator';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const opts = { ...DEFAULT_CALCULATOR_OPTIONS, now: NOW };
const LONG_AGO = NOW - 60 * 60_000;

/** A Running, Ready pod that started an hour ago, with one container requesting `cpu` millicores. */
function pod(name: string, cpu = 1000, extra: Partial<PodSample> = {}): PodSample {
  return { name, phase: 'Running', deleting: false, ready: { status: 'True', lastTransitionTime: LONG_AGO + 5000 }, startTime: LONG_AGO, containers: [{ name: 'app', requests: { cpu, memory: 512 * 2 ** 20 * 1000 } }], ...extra };
}
const metric = (value: number, timestamp = NOW): PodMetric => ({ value, timestamp, windowMs: 15_000 });
const metrics = (entries: [string, number][]): Map<string, PodMetric> => new Map(entries.map(([n, v]) => [n, metric(v)]));

describe('resource utilization (GetResourceReplicas)', () => {
  const three = [pod('a'), pod('b'), pod('c')];

  it('keeps the count within the 0.1 tolerance: ratio 1.05', () => {
    // 525m of 1000m = 52 % (truncated as upstream), target 50 % → ratio 1.04
    const r = resourceUtilizationReplicas(3, 50, 'cpu', '', three, metrics([['a', 525], ['b', 525], ['c', 525]]), opts);
    expect(r).toEqual({ ok: true, replicas: 3, utilization: 52, rawAverage: 525 });
  });

  it('scales when the ratio leaves the tolerance: ratio 1.2 → ceil(1.2 × 3) = 4', () => {
    const r = resourceUtilizationReplicas(3, 50, 'cpu', '', three, metrics([['a', 600], ['b', 600], ['c', 600]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 4, utilization: 60 });
  });

  it('scales down with ceil: 20 % of a 50 % target on 4 pods → 2', () => {
    const four = [...three, pod('d')];
    const r = resourceUtilizationReplicas(4, 50, 'cpu', '', four, metrics([['a', 200], ['b', 200], ['c', 200], ['d', 200]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 2, utilization: 20 });
  });

  it('treats pending pods as unready and counts them as 0 on a scale-up', () => {
    const pods = [pod('a'), pod('b'), pod('p', 1000, { phase: 'Pending', ready: undefined, startTime: undefined })];
    // ready pods at 100 % of a 50 % target: ratio 2; with the pending pod at 0: (2000/3000 → 66 %) ratio 1.32 → ceil(1.32 × 3) = 4
    const r = resourceUtilizationReplicas(3, 50, 'cpu', '', pods, metrics([['a', 1000], ['b', 1000]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 4, utilization: 100 });
  });

  it('ignores CPU samples of a pod that became ready less than one metric window ago', () => {
    const fresh = pod('c', 1000, { startTime: NOW - 20_000, ready: { status: 'True', lastTransitionTime: NOW - 5000 } });
    const r = resourceUtilizationReplicas(3, 50, 'cpu', '', [pod('a'), pod('b'), fresh], metrics([['a', 1000], ['b', 1000], ['c', 1000]]), opts);
    // c counts as 0 on the scale-up: 2000/3000 = 66 % → ratio 1.32 → 4, not ceil(2 × 3) = 6
    expect(r).toMatchObject({ ok: true, replicas: 4 });
  });

  it('does not distrust memory samples of starting pods', () => {
    const fresh = pod('c', 1000, { startTime: NOW - 20_000, ready: { status: 'True', lastTransitionTime: NOW - 5000 } });
    const mem = 512 * 2 ** 20 * 1000;
    const r = resourceUtilizationReplicas(3, 50, 'memory', '', [pod('a'), pod('b'), fresh], metrics([['a', mem], ['b', mem], ['c', mem]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 6, utilization: 100 });
  });

  it('counts pods without metrics as using their request on a scale-down, and stays put if that flips the direction', () => {
    // a, b at 10 %; c has no metric → counted at 100 %: 1200/3000 = 40 % of 50 → ratio 0.8 → ceil(0.8 × 3) = 3 = current
    const r = resourceUtilizationReplicas(3, 50, 'cpu', '', three, metrics([['a', 100], ['b', 100]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 3, utilization: 10 });
  });

  it('ignores failed and deleting pods', () => {
    const pods = [pod('a'), pod('b'), pod('f', 1000, { phase: 'Failed' }), pod('d', 1000, { deleting: true })];
    const r = resourceUtilizationReplicas(2, 50, 'cpu', '', pods, metrics([['a', 1000], ['b', 1000], ['f', 0], ['d', 0]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 4 });
  });

  it('reports the upstream errors', () => {
    expect(resourceUtilizationReplicas(1, 50, 'cpu', '', [], new Map(), opts)).toEqual({ ok: false, error: 'no pods returned by selector while calculating replica count' });
    expect(resourceUtilizationReplicas(1, 50, 'cpu', '', [pod('a', 1000, { phase: 'Pending' })], metrics([['a', 1]]), opts)).toEqual({ ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' });
    const noRequest = pod('a', 1000, { containers: [{ name: 'app', requests: {} }] });
    expect(resourceUtilizationReplicas(1, 50, 'cpu', '', [noRequest], metrics([['a', 1]]), opts)).toEqual({ ok: false, error: 'missing request for cpu in container app of Pod a' });
  });

  it('with a container name, only that container counts', () => {
    const two = pod('a', 0, { containers: [{ name: 'app', requests: { cpu: 1000 } }, { name: 'sidecar', requests: {} }] });
    const r = resourceUtilizationReplicas(1, 50, 'cpu', 'app', [two], metrics([['a', 1000]]), opts);
    expect(r).toMatchObject({ ok: true, replicas: 2, utilization: 100 });
  });
});

describe('plain metrics (calcPlainMetricReplicas)', () => {
  it('averages per pod against the per-pod target, with tolerance', () => {
    const pods = [pod('a'), pod('b')];
    expect(plainMetricReplicas(2, 10_000, 'x', pods, metrics([['a', 10_500], ['b', 10_500]]), opts)).toEqual({ ok: true, replicas: 2, usage: 10_500 });
    expect(plainMetricReplicas(2, 10_000, 'x', pods, metrics([['a', 30_000], ['b', 30_000]]), opts)).toEqual({ ok: true, replicas: 6, usage: 30_000 });
  });

  it('counts missing pods at exactly the target on a scale-down', () => {
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    // a, b at 20 % of target; c, d missing → counted at target: (2+2+10+10)/4 = 6 of 10 → 0.6 → ceil(0.6 × 4) = 3
    expect(plainMetricReplicas(4, 10_000, 'x', pods, metrics([['a', 2000], ['b', 2000]]), opts)).toMatchObject({ ok: true, replicas: 3 });
  });
});

describe('object and external metrics', () => {
  const pods = [pod('a'), pod('b')];

  it('Value targets: ratio × ready pods, tolerance, and from zero the ratio alone', () => {
    expect(usageRatioReplicas(2, 1.05, pods, 0.1)).toEqual({ ok: true, replicas: 2 });
    expect(usageRatioReplicas(2, 2.5, pods, 0.1)).toEqual({ ok: true, replicas: 5 });
    expect(usageRatioReplicas(0, 2.5, [], 0.1)).toEqual({ ok: true, replicas: 3 });
  });

  it('AverageValue targets: total over the per-pod target against the status replicas', () => {
    expect(perPodValueReplicas(3, 100, 310, 0.1)).toEqual({ replicas: 3, averageUsage: 104 });
    expect(perPodValueReplicas(3, 100, 450, 0.1)).toEqual({ replicas: 5, averageUsage: 150 });
  });

  it('never proposes fewer replicas than needed for the total at the per-pod target (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100_000 }), (status, target, usage) => {
      const { replicas } = perPodValueReplicas(status, target, usage, 0.1);
      const ratio = usage / (target * status);
      if (Math.abs(1 - ratio) > 0.1) expect(replicas).toBe(Math.ceil(usage / target));
      else expect(replicas).toBe(status);
    }));
  });
});

describe('resource utilization properties', () => {
  it('with all pods ready and measured, the proposal is the current count within tolerance, else ceil(ratio × pods)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 4000 }), (n, target, usage) => {
      const pods = Array.from({ length: n }, (_, i) => pod(`p${i}`));
      const m = new Map(pods.map((p) => [p.name, metric(usage)]));
      const r = resourceUtilizationReplicas(n, target, 'cpu', '', pods, m, opts);
      if (!r.ok) throw new Error(r.error);
      const utilization = Math.trunc((usage * n * 100) / (1000 * n));
      const ratio = utilization / target;
      expect(r.utilization).toBe(utilization);
      expect(r.replicas).toBe(Math.abs(1 - ratio) <= 0.1 ? n : Math.ceil(ratio * n));
    }));
  });
});
