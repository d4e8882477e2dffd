import { describe, expect, it } from 'vitest';
import { parseQuantity } from '@/lib/k8s/quantity';
import { bucketStart, CPU_HISTOGRAM, findBucket, histogramPercentile } from './histogram';
import { formatCpuMilli, formatMemoryBytes } from './quantity';
import { cappedRecommendation, confidenceDays, estimateContainer, type Sample } from './recommendation';
import { classifyResize, isInPlaceUpdating, podResizeStatus, resizeTimedOut } from './resize';
import { groupStats, isPodDisruptable } from './disruption';
import { shouldUpdatePod, updatePriority } from './update-priority';

const T0 = Date.parse('2026-11-22T00:00:00Z');
const minutes = (n: number, value: number): Sample[] => Array.from({ length: n }, (_, i) => ({ at: T0 + i * 60_000, value }));

describe('quantities as the VPA prints them', () => {
  it('uses canonical DecimalSI', () => {
    expect(formatCpuMilli(587)).toBe('587m');
    expect(formatCpuMilli(2000)).toBe('2');
    expect(formatMemoryBytes(131072000)).toBe('131072k');
    expect(formatMemoryBytes(318166666)).toBe('318166666');
    expect(formatMemoryBytes(262144000)).toBe('262144k');
  });
});

describe('histogram', () => {
  it('answers the end of the bucket a percentile falls in', () => {
    expect(findBucket(CPU_HISTOGRAM, 0.5)).toBe(25);
    expect(histogramPercentile(CPU_HISTOGRAM, [{ value: 0.5, weight: 1 }], 0.9)).toBeCloseTo(bucketStart(CPU_HISTOGRAM, 26));
    expect(histogramPercentile(CPU_HISTOGRAM, [], 0.9)).toBe(0);
  });
});

describe('estimateContainer', () => {
  it('gives 587m for a steady 500m with the 15 % margin, as upstream prints it', () => {
    const e = estimateContainer(minutes(60, 0.5), minutes(60, 200 * 2 ** 20), T0 + 59 * 60_000, 1);
    expect(e.target.cpu).toBe(587);
    // one hour of history: upper bound × (1 + 1/0.041) ≈ 25, lower bound × ≈ 0.95
    expect(e.upperBound.cpu! / e.target.cpu!).toBeGreaterThan(20);
    expect(e.lowerBound.cpu!).toBeLessThan(e.target.cpu!);
    expect(e.lowerBound.cpu!).toBeGreaterThan(500);
    expect(e.target.memory).toBeGreaterThanOrEqual(Math.trunc(200 * 2 ** 20 * 1.15));
  });

  it('never goes below the pod minimums split between containers, and has no upper bound without history', () => {
    const e = estimateContainer([], [], T0, 2);
    expect(e.target).toEqual({ cpu: 12, memory: 131072000 });
    expect(e.lowerBound).toEqual({ cpu: 12, memory: 131072000 });
    expect(confidenceDays([])).toBe(0);
  });
});

describe('cappedRecommendation', () => {
  const est = { target: { cpu: 900, memory: 300e6 }, lowerBound: { cpu: 600, memory: 200e6 }, upperBound: { cpu: 5000, memory: 900e6 } };
  it('caps target and bounds to the policy, keeps the uncapped target, filters controlled resources', () => {
    const r = cappedRecommendation('app', est, { containerName: '*', maxAllowed: { cpu: '800m' }, minAllowed: { memory: '256Mi' }, controlledResources: ['cpu'] }, parseQuantity)!;
    expect(r).toEqual({ containerName: 'app', target: { cpu: '800m' }, lowerBound: { cpu: '600m' }, upperBound: { cpu: '800m' }, uncappedTarget: { cpu: '900m' } });
  });
  it('drops containers whose policy mode is Off', () => {
    expect(cappedRecommendation('app', est, { containerName: 'app', mode: 'Off' }, parseQuantity)).toBeUndefined();
  });
});

describe('update priority and disruption budget', () => {
  const rec = { app: { target: { cpu: 0.6 }, lowerBound: { cpu: 0.5 }, upperBound: { cpu: 2 } } };
  it('updates pods outside the recommended range at once, others only after 12 h and a 10 % difference', () => {
    expect(shouldUpdatePod(updatePriority({ app: { cpu: 0.1 } }, rec), T0, T0)).toBe(true);
    const inRange = updatePriority({ app: { cpu: 0.52 } }, rec);
    expect(inRange.outsideRecommendedRange).toBe(false);
    expect(shouldUpdatePod(inRange, T0, T0 + 3600_000)).toBe(false);
    expect(shouldUpdatePod(inRange, T0, T0 + 13 * 3600_000)).toBe(true);
    expect(shouldUpdatePod(updatePriority({ app: { cpu: 0.59 } }, rec), T0, T0 + 13 * 3600_000)).toBe(false);
  });
  it('lets one of two running replicas go, and none once one is gone', () => {
    const s = groupStats(2, [{ pending: false }, { pending: false }]);
    expect(isPodDisruptable(s)).toBe(true);
    s.evicted = 1;
    expect(isPodDisruptable(s)).toBe(false);
  });
});

describe('resize status', () => {
  const cond = (type: string, reason?: string, t = '2026-11-22T00:00:00Z') => ({ status: { conditions: [{ type, status: 'True', reason, lastTransitionTime: t }] } });
  it('reads the 1.33 conditions and the older status.resize', () => {
    expect(podResizeStatus(cond('PodResizePending', 'Deferred')).state).toBe('deferred');
    expect(podResizeStatus(cond('PodResizePending', 'Infeasible')).state).toBe('infeasible');
    expect(podResizeStatus(cond('PodResizeInProgress')).state).toBe('in-progress');
    expect(podResizeStatus(cond('PodResizeInProgress', 'Error')).state).toBe('error');
    expect(podResizeStatus({ status: { resize: 'Deferred' } })).toEqual({ state: 'deferred', source: 'status.resize', reason: 'Deferred' });
    expect(isInPlaceUpdating({ status: { resize: 'InProgress' } })).toBe(false);
    expect(isInPlaceUpdating(cond('PodResizeInProgress'))).toBe(true);
  });
  it('times out as the updater does', () => {
    const deferred = podResizeStatus(cond('PodResizePending', 'Deferred'));
    expect(resizeTimedOut(deferred, T0 + 5 * 60_000)).toBe(false);
    expect(resizeTimedOut(deferred, T0 + 5 * 60_000 + 1)).toBe(true);
    const inProgress = podResizeStatus(cond('PodResizeInProgress'));
    expect(resizeTimedOut(inProgress, T0 + 59 * 60_000)).toBe(false);
    expect(resizeTimedOut(inProgress, T0 + 61 * 60_000)).toBe(true);
    expect(resizeTimedOut(podResizeStatus(cond('PodResizePending', 'Infeasible')), T0)).toBe(true);
  });
  it('classifies an applied resize by restart counts', () => {
    const pod = (restarts: number) => ({
      spec: { containers: [{ name: 'app', resources: { requests: { cpu: '600m' } } }] },
      status: { containerStatuses: [{ name: 'app', restartCount: restarts, resources: { requests: { cpu: '600m' } } }] },
    });
    expect(classifyResize({ pod: pod(0), restartsBefore: { app: 0 } })).toBe('resized');
    expect(classifyResize({ pod: pod(1), restartsBefore: { app: 0 } })).toBe('resized-with-restart');
    expect(classifyResize({ pod: undefined, restartsBefore: {} })).toBe('evicted');
  });
});
