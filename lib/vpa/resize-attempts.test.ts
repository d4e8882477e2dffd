import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/object';
import { resizeAttempts, type PodTimeline } from './resize-attempts';
import { podResizeStatus } from './resize';
import { podSighting, resizeEventOf, type ResizeEvent } from './resize-sighting';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const min = (n: number) => T0 + n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface PodState {
  spec: Record<string, string>;
  actual?: Record<string, string>;
  allocated?: Record<string, string>;
  restarts?: number;
  startedAt?: number;
  pending?: { reason: 'Deferred' | 'Infeasible'; since: number; message?: string };
  inProgress?: { reason?: 'Error'; since: number; message?: string };
  legacy?: 'Proposed' | 'InProgress' | 'Deferred' | 'Infeasible';
}

/** A pod as the API serves it (ml/recommender-7d9f-abcde, container `model`, memory restarts the container). */
function pod(p: PodState): KubeObject {
  const conditions = [
    { type: 'Ready', status: 'True' },
    ...(p.pending ? [{ type: 'PodResizePending', status: 'True', reason: p.pending.reason, message: p.pending.message, lastTransitionTime: iso(p.pending.since) }] : []),
    ...(p.inProgress ? [{ type: 'PodResizeInProgress', status: 'True', reason: p.inProgress.reason, message: p.inProgress.message, lastTransitionTime: iso(p.inProgress.since) }] : []),
  ];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace: 'ml', name: 'recommender-7d9f-abcde', uid: 'u-1' },
    spec: { containers: [{ name: 'model', resources: { requests: p.spec }, resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'RestartContainer' }] }] },
    status: {
      phase: 'Running', conditions, ...(p.legacy ? { resize: p.legacy } : {}),
      containerStatuses: [{ name: 'model', restartCount: p.restarts ?? 0, state: { running: { startedAt: iso(p.startedAt ?? min(-60)) } }, ...(p.actual ? { resources: { requests: p.actual } } : {}), allocatedResources: p.allocated ?? p.actual }],
    },
  };
}

const A = { cpu: '100m', memory: '256Mi' };
const B = { cpu: '587m', memory: '805306368' };
const RECOMMENDED = { model: B };

function event(reason: string, at: number, extra: Partial<{ count: number; first: number; message: string; kind: string; name: string }> = {}): ResizeEvent {
  const e = resizeEventOf({
    apiVersion: 'v1', kind: 'Event', metadata: { namespace: 'ml', name: `${reason}.${at}`, uid: `${reason}-${at}` },
    involvedObject: { kind: extra.kind ?? 'Pod', namespace: 'ml', name: extra.name ?? 'recommender-7d9f-abcde', ...(extra.kind ? {} : { uid: 'u-1' }) },
    reason, message: extra.message ?? 'x', type: 'Normal', count: extra.count ?? 1,
    firstTimestamp: iso(extra.first ?? at), lastTimestamp: iso(at),
  });
  if (!e) throw new Error(`not a resize event: ${reason}`);
  return e;
}

function timeline(states: [number, PodState][], events: ResizeEvent[] = [], goneAt?: number): PodTimeline {
  return {
    namespace: 'ml', pod: 'recommender-7d9f-abcde',
    sightings: states.map(([at, p]) => podSighting(pod(p), at, RECOMMENDED)),
    events, ...(goneAt !== undefined ? { goneAt } : {}),
  };
}

const summary = (t: PodTimeline, now = min(120)) => resizeAttempts(t, now).map((a) => ({ path: a.path, outcome: a.outcome, settled: a.settled, ...(a.cause ? { cause: a.cause } : {}) }));

describe('resize outcomes from pod conditions, allocatedResources and restart counts', () => {
  it('a resize applied between two sightings is in place, from the old to the new requests', () => {
    const [a] = resizeAttempts(timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B }]]), min(2));
    expect(a).toMatchObject({ path: 'in-place', outcome: 'in-place', from: A, to: B, restarts: 0, settled: true, at: min(1), key: 'in-place/ml/recommender-7d9f-abcde@u-1/model/cpu=587m,memory=805306368' });
  });

  it('follows a resize through allocatedResources and PodResizeInProgress to completion', () => {
    const t = timeline([
      [min(0), { spec: A, actual: A }],
      [min(1), { spec: B, actual: A }],
      [min(1.1), { spec: B, actual: A, allocated: B, inProgress: { since: min(1) } }],
    ]);
    expect(resizeAttempts(t, min(2))).toEqual([]); // no answer yet: nothing to show
    const done = { ...t, sightings: [...t.sightings, podSighting(pod({ spec: B, actual: B }), min(3), RECOMMENDED)] };
    expect(resizeAttempts(done, min(4))[0]).toMatchObject({ outcome: 'in-place', endedAt: min(3), evidence: ['spec.resources', 'allocatedResources', 'PodResizeInProgress', 'status.resources'] });
  });

  it('a restartCount that rose during the resize makes it disruptive, and says when resizePolicy asked for it', () => {
    const [a] = resizeAttempts(timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B, restarts: 1, startedAt: min(1) }]]), min(2));
    expect(a).toMatchObject({ outcome: 'in-place-with-restart', restarts: 1, expectedRestart: true });
    const cpuOnly = { ...A, cpu: '587m' };
    const [b] = resizeAttempts(timeline([[min(0), { spec: A, actual: A, restarts: 2 }], [min(1), { spec: cpuOnly, actual: cpuOnly, restarts: 3 }]]), min(2));
    expect(b).toMatchObject({ outcome: 'in-place-with-restart', restarts: 1 });
    expect(b!.expectedRestart).toBeUndefined(); // cpu is NotRequired: the runtime restarted it anyway
  });

  it('Deferred then evicted after the 5-minute timeout: the attempt stays Deferred, the eviction says why', () => {
    const message = "Node didn't have enough resource: cpu, requested: 587, used: 3414, capacity: 4000";
    const t = timeline([
      [min(0), { spec: A, actual: A }],
      [min(1), { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1), message } }],
    ], [event('InPlaceResizedByVPA', min(1)), event('EvictedByVPA', min(7))], min(7.1));
    const [inPlace, evicted] = resizeAttempts(t, min(8));
    expect(inPlace).toMatchObject({ outcome: 'deferred', settled: true, endedAt: min(7), message });
    expect(evicted).toMatchObject({ path: 'eviction', outcome: 'evicted', cause: 'deferred-timeout', from: A, to: B, at: min(7), message });
  });

  it('Infeasible and Error are given up at once', () => {
    const infeasible = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, pending: { reason: 'Infeasible', since: min(1) } }]], [event('EvictedByVPA', min(2))]);
    expect(summary(infeasible)).toEqual([
      { path: 'in-place', outcome: 'infeasible', settled: true },
      { path: 'eviction', outcome: 'evicted', settled: true, cause: 'infeasible' },
    ]);
    const error = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, allocated: B, inProgress: { reason: 'Error', since: min(1), message: 'failed to update container resources' } }]], [event('EvictedByVPA', min(2))]);
    expect(summary(error)).toEqual([
      { path: 'in-place', outcome: 'error', settled: true },
      { path: 'eviction', outcome: 'evicted', settled: true, cause: 'error' },
    ]);
  });

  it('an attempt that is still Deferred is shown, unsettled; applied later it becomes in place', () => {
    const states: [number, PodState][] = [[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1) } }]];
    expect(summary(timeline(states), min(3))).toEqual([{ path: 'in-place', outcome: 'deferred', settled: false }]);
    const applied = resizeAttempts(timeline([...states, [min(8), { spec: B, actual: B }]]), min(9));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ outcome: 'in-place', settled: true, evidence: expect.arrayContaining(['PodResizePending']) });
  });

  it('an InProgress resize evicted after an hour names the 1-hour timeout', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, allocated: B, inProgress: { since: min(1) } }]], [event('EvictedByVPA', min(62))]);
    expect(summary(t, min(70))).toEqual([{ path: 'eviction', outcome: 'evicted', settled: true, cause: 'in-progress-timeout' }]);
  });

  it('a plain Recreate eviction has no in-place attempt behind it', () => {
    const t = timeline([[min(0), { spec: A, actual: A }]], [event('EvictedByVPA', min(3))], min(3));
    expect(resizeAttempts(t, min(4))).toEqual([expect.objectContaining({ path: 'eviction', outcome: 'evicted', cause: 'none', from: A, to: B, key: 'eviction/ml/recommender-7d9f-abcde@u-1/model' })]);
  });

  it('a newer target supersedes a stuck attempt', () => {
    const C = { cpu: '300m', memory: '256Mi' };
    const t = timeline([
      [min(0), { spec: A, actual: A }],
      [min(1), { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1) } }],
      [min(3), { spec: C, actual: C }],
    ]);
    expect(resizeAttempts(t, min(4)).map((a) => [a.outcome, a.settled, a.to])).toEqual([['deferred', true, B], ['in-place', true, C]]);
  });

  it('a pod deleted by someone else closes its attempts once the grace period passed without EvictedByVPA', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, pending: { reason: 'Infeasible', since: min(1) } }]], [], min(2));
    expect(summary(t, min(3))).toEqual([{ path: 'in-place', outcome: 'infeasible', settled: false }]);
    expect(summary(t, min(5))).toEqual([{ path: 'in-place', outcome: 'infeasible', settled: true }]);
  });
});

describe('restart counts', () => {
  it('a container restart without any resize is no resize attempt', () => {
    expect(resizeAttempts(timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: A, actual: A, restarts: 1, startedAt: min(1) }]]), min(2))).toEqual([]);
  });

  it('a restart after the resize completed does not make it disruptive', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B }], [min(5), { spec: B, actual: B, restarts: 1, startedAt: min(5) }]]);
    expect(resizeAttempts(t, min(6))[0]).toMatchObject({ outcome: 'in-place', restarts: 0 });
  });

  it('a restart while the resize was still in progress counts, however many sightings apart', () => {
    const t = timeline([
      [min(0), { spec: A, actual: A, restarts: 4 }],
      [min(1), { spec: B, actual: A, allocated: B, restarts: 4, inProgress: { since: min(1) } }],
      [min(1.5), { spec: B, actual: A, allocated: B, restarts: 6, inProgress: { since: min(1) } }],
      [min(2), { spec: B, actual: B, restarts: 6 }],
    ]);
    expect(resizeAttempts(t, min(3))[0]).toMatchObject({ outcome: 'in-place-with-restart', restarts: 2, evidence: expect.arrayContaining(['PodResizeInProgress', 'restartCount']) });
  });
});

describe('pod conditions win over status.resize', () => {
  it('a kubelet that writes both (resizeStatus both) is read from PodResizePending', () => {
    const p = pod({ spec: B, actual: A, pending: { reason: 'Infeasible', since: min(1) }, legacy: 'Deferred' });
    expect(podResizeStatus(p)).toMatchObject({ state: 'infeasible', source: 'conditions' });
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A, pending: { reason: 'Infeasible', since: min(1) }, legacy: 'Deferred' }]]);
    expect(resizeAttempts(t, min(2))[0]).toMatchObject({ outcome: 'infeasible', evidence: expect.arrayContaining(['PodResizePending']) });
  });

  it('a PodResizePending condition with status False is no pending resize', () => {
    expect(podResizeStatus({ status: { conditions: [{ type: 'PodResizePending', status: 'False', reason: 'Deferred' }] } }).state).toBe('none');
  });
});

describe('the older status.resize field (Kubernetes 1.27–1.32)', () => {
  it('reads Deferred, Infeasible and InProgress from status.resize', () => {
    const base: [number, PodState] = [min(0), { spec: A, actual: A }];
    expect(summary(timeline([base, [min(1), { spec: B, actual: A, legacy: 'Deferred' }]]), min(2))).toEqual([{ path: 'in-place', outcome: 'deferred', settled: false }]);
    const infeasible = resizeAttempts(timeline([base, [min(1), { spec: B, actual: A, legacy: 'Infeasible' }]], [event('EvictedByVPA', min(2))]), min(3));
    expect(infeasible.map((a) => [a.outcome, a.cause])).toEqual([['infeasible', undefined], ['evicted', 'infeasible']]);
    expect(infeasible[0]!.evidence).toContain('status.resize');
    const progress = timeline([base, [min(1), { spec: B, actual: A, legacy: 'Proposed' }], [min(1.5), { spec: B, actual: A, allocated: B, legacy: 'InProgress' }], [min(2), { spec: B, actual: B, restarts: 1 }]]);
    expect(resizeAttempts(progress, min(3))[0]).toMatchObject({ outcome: 'in-place-with-restart', evidence: ['spec.resources', 'status.resize', 'allocatedResources', 'restartCount', 'status.resources'] });
  });
});

describe('events', () => {
  it('InPlaceResizedByVPA read after the resize completed moves the start to the updater\'s time', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1) + 800, { spec: B, actual: B }]], [event('InPlaceResizedByVPA', min(1))]);
    expect(resizeAttempts(t, min(2))[0]).toMatchObject({ at: min(1), evidence: expect.arrayContaining(['spec.resources', 'status.resources', 'InPlaceResizedByVPA']) });
  });

  it('an aggregated InPlaceResizedByVPA (count 2) dates both attempts', () => {
    const C = { cpu: '300m', memory: '256Mi' };
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1) + 500, { spec: B, actual: B }], [min(30) + 500, { spec: C, actual: C }]], [event('InPlaceResizedByVPA', min(30), { count: 2, first: min(1) })]);
    expect(resizeAttempts(t, min(31)).map((a) => a.at)).toEqual([min(1), min(30)]);
  });

  it('the kubelet\'s ResizeInfeasible decides an attempt whose pod status scaleguard never saw answered', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A }]], [event('ResizeInfeasible', min(1) + 2000)], min(1.5));
    expect(summary(t, min(5))).toEqual([{ path: 'in-place', outcome: 'infeasible', settled: true }]);
  });

  it('the kubelet\'s ResizeError and ResizeDeferred Events decide attempts the pod status never showed answered', () => {
    const error = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A }]], [event('ResizeError', min(1) + 3000, { message: 'failed to update container resources' })], min(1.5));
    expect(summary(error, min(5))).toEqual([{ path: 'in-place', outcome: 'error', settled: true }]);
    const deferred = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: A }]], [event('ResizeDeferred', min(1) + 3000)]);
    expect(summary(deferred, min(2))).toEqual([{ path: 'in-place', outcome: 'deferred', settled: false }]);
  });

  it('ResizeStarted and ResizeCompleted are kept as evidence of a completed resize, not as outcomes', () => {
    const t = timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B }]], [event('ResizeStarted', min(1)), event('ResizeCompleted', min(1) + 2000)]);
    const [a] = resizeAttempts(t, min(2));
    expect(a).toMatchObject({ outcome: 'in-place', evidence: expect.arrayContaining(['ResizeStarted', 'ResizeCompleted']) });
  });

  it('EvictedPod on the VPA records the eviction of a pod scaleguard never saw', () => {
    const e = event('EvictedPod', min(5), { kind: 'VerticalPodAutoscaler', name: 'recommender', message: 'VPA Updater evicted Pod recommender-7d9f-abcde to apply resource recommendation.' });
    expect(e.pod).toBe('recommender-7d9f-abcde');
    const attempts = resizeAttempts({ namespace: 'ml', pod: e.pod, sightings: [], events: [e], recommended: RECOMMENDED }, min(6));
    expect(attempts).toEqual([expect.objectContaining({ key: 'eviction/ml/recommender-7d9f-abcde/model', from: {}, to: B, cause: 'none' })]);
  });

  it('ignores Events that are not about resizes, and reads aggregated series', () => {
    expect(resizeEventOf({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, reason: 'Scheduled', involvedObject: { kind: 'Pod', name: 'p' }, lastTimestamp: iso(T0) })).toBeUndefined();
    expect(resizeEventOf({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, reason: 'EvictedByVPA', involvedObject: { kind: 'Deployment', name: 'p' }, lastTimestamp: iso(T0) })).toBeUndefined();
    const e = resizeEventOf({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x', namespace: 'ml' }, reason: 'ResizeCompleted', involvedObject: { kind: 'Pod', name: 'p', namespace: 'ml' }, eventTime: '2026-11-22T10:00:00.123456Z', series: { count: 3 } });
    expect(e).toMatchObject({ reason: 'ResizeCompleted', pod: 'p', last: T0 + 123, count: 3 });
  });
});

describe('out of order and across a dashboard restart', () => {
  const deferredThenEvicted = () => timeline([
    [min(0), { spec: A, actual: A }],
    [min(1) + 300, { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1) } }],
    [min(7) + 900, { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1) } }], // read after the eviction happened
  ], [event('InPlaceResizedByVPA', min(1)), event('EvictedByVPA', min(7)), event('ResizeDeferred', min(1))], min(7.2));

  it('gives the same history whatever order the Events arrived in', () => {
    const t = deferredThenEvicted();
    const expected = resizeAttempts(t, min(10));
    expect(expected.map((a) => [a.path, a.outcome, a.cause])).toEqual([['in-place', 'deferred', undefined], ['eviction', 'evicted', 'deferred-timeout']]);
    fc.assert(fc.property(fc.shuffledSubarray(t.events as ResizeEvent[], { minLength: t.events.length }), fc.shuffledSubarray(t.sightings as never[], { minLength: t.sightings.length }), (events, sightings) => {
      expect(resizeAttempts({ ...t, events, sightings }, min(10))).toEqual(expected);
    }));
  });

  it('every outcome, whatever order sightings and Events arrive in', () => {
    const C = { cpu: '300m', memory: '256Mi' };
    const t = timeline([
      [min(0), { spec: A, actual: A, restarts: 1 }],
      [min(1), { spec: B, actual: A, allocated: B, restarts: 1, inProgress: { since: min(1) } }],
      [min(1.2), { spec: B, actual: B, restarts: 2, startedAt: min(1.1) }],
      [min(10), { spec: C, actual: B, restarts: 2, pending: { reason: 'Deferred', since: min(10) } }],
      [min(12), { spec: C, actual: B, allocated: C, restarts: 2, inProgress: { reason: 'Error', since: min(12), message: 'runtime refused' } }],
    ], [event('InPlaceResizedByVPA', min(10), { count: 2, first: min(1) }), event('ResizeStarted', min(1)), event('ResizeCompleted', min(1.2)), event('ResizeDeferred', min(10)), event('ResizeError', min(12)), event('EvictedByVPA', min(12.5))], min(12.6));
    const expected = resizeAttempts(t, min(20));
    expect(expected.map((a) => [a.path, a.outcome, a.cause])).toEqual([['in-place', 'in-place-with-restart', undefined], ['in-place', 'error', undefined], ['eviction', 'evicted', 'error']]);
    fc.assert(fc.property(fc.shuffledSubarray(t.events as ResizeEvent[], { minLength: t.events.length }), fc.shuffledSubarray(t.sightings as never[], { minLength: t.sightings.length }), (events, sightings) => {
      expect(resizeAttempts({ ...t, events, sightings }, min(20))).toEqual(expected);
    }));
  });

  it('a pod re-created under the same name (another uid) gets keys of its own', () => {
    const first = resizeAttempts(timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B }]]), min(2));
    const again = timeline([[min(60), { spec: A, actual: A }], [min(61), { spec: B, actual: B }]]);
    const other = resizeAttempts({ ...again, sightings: again.sightings.map((x) => ({ ...x, uid: 'u-2' })) }, min(62));
    expect(other).toHaveLength(1);
    expect(other[0]!.key).not.toBe(first[0]!.key);
    // Known only from an Event (the pod was never sighted): the same key as from its sightings.
    const evicted = resizeAttempts({ ...timeline([], [event('EvictedByVPA', min(3))], min(3)), recommended: RECOMMENDED }, min(4));
    expect(evicted.map((a) => a.key)).toEqual(['eviction/ml/recommender-7d9f-abcde@u-1/model']);
    expect(evicted.map((a) => a.key)).toEqual(resizeAttempts(timeline([[min(0), { spec: A, actual: A }]], [event('EvictedByVPA', min(3))], min(3)), min(4)).map((a) => a.key));
  });

  it('rebuilt from what a restarted dashboard sees, the attempts keep their keys', () => {
    const full = resizeAttempts(timeline([[min(0), { spec: A, actual: A }], [min(1), { spec: B, actual: B, restarts: 1, startedAt: min(1) }]], [event('InPlaceResizedByVPA', min(1))]), min(2));
    const restarted = resizeAttempts(timeline([[min(40), { spec: B, actual: B, restarts: 1, startedAt: min(1) }]], [event('InPlaceResizedByVPA', min(1))]), min(41));
    expect(restarted.map((a) => [a.key, a.outcome, a.at])).toEqual(full.map((a) => [a.key, a.outcome, a.at]));
    expect(restarted[0]!.from).toEqual({}); // not known any more
    const noRestart = resizeAttempts(timeline([[min(40), { spec: B, actual: B, restarts: 1, startedAt: min(-30) }]], [event('InPlaceResizedByVPA', min(1))]), min(41));
    expect(noRestart[0]!.outcome).toBe('in-place'); // the restart happened before the resize
  });

  it('restarted in the middle of a deferral: the attempt is dated by its condition and keyed as before', () => {
    const full = resizeAttempts(deferredThenEvicted(), min(10));
    const late = resizeAttempts(timeline([[min(4), { spec: B, actual: A, pending: { reason: 'Deferred', since: min(1) } }]], [event('InPlaceResizedByVPA', min(1)), event('EvictedByVPA', min(7))], min(7.2)), min(10));
    expect(late.map((a) => [a.key, a.outcome, a.at, a.cause])).toEqual(full.map((a) => [a.key, a.outcome, a.at, a.cause]));
  });
});
