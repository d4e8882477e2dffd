import { describe, expect, it } from 'vitest';
import type { CronHpaDto } from './cronhpa';
import { cronTimeline, HPA_SYNC_MS, OWNER_REVERT_MS, SCALE_DOWN_WINDOW_MS, zoomTimeline } from './cronhpa-timeline';

const base: CronHpaDto<never> = {
  namespace: 'marketing', name: 'x', target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', exists: true }, mode: 'workload',
  timeZone: 'Asia/Shanghai', excludeDates: [], jobs: [], truncated: false, retarget: { status: 'available', reason: '', preview: [] }, findings: [],
};
const T0 = Date.parse('2026-11-22T16:00:00Z');
const DAY = 86_400_000;

describe('CronHPA timeline', () => {
  it('a workload target: the CronHPA writes, the HPA writes back within a sync, collisions marked', () => {
    const tl = cronTimeline({
      ...base, workload: { kind: 'Deployment', name: 'web', replicas: 3, exists: true }, hpa: { name: 'web', minReplicas: 1, maxReplicas: 10, currentReplicas: 3, wanted: 3, demand: 3 },
      writes: [
        { at: '2026-11-23T00:00:00.000Z', job: 'scale-up', targetSize: 6, replicas: 6, hpaReplicas: 3, collides: true },
        { at: '2026-11-23T12:00:00.000Z', job: 'scale-down', targetSize: 2, replicas: 2, hpaReplicas: 3, collides: true },
      ],
    }, T0, T0 + DAY);
    const up = Date.parse('2026-11-23T00:00:00Z');
    expect(tl.kind).toBe('workload');
    expect(tl.points.map((p) => [p.t - T0, p.replicas, p.cron, p.hpa])).toEqual([
      [0, 3, undefined, 3],
      [up - T0, 6, 6, 3],
      [up - T0 + HPA_SYNC_MS, 3, 6, 3],
      [up - T0 + 12 * 3600_000, 2, 2, 3],
      [up - T0 + 12 * 3600_000 + HPA_SYNC_MS, 3, 2, 3],
      [DAY, 3, 2, 3],
    ]);
    expect(tl.runs.map((r) => [r.job, r.value, r.collides])).toEqual([['scale-up', 6, true], ['scale-down', 2, true]]);
  });

  it('an HPA target: the bounds step at each run, replicas settle after the scale-down window', () => {
    const run = (at: string, job: string, min: number, before: number, replicas: number, settled: number) => ({ at, job, targetSize: min, before, minBefore: 1, maxBefore: 10, min, max: 10, replicas, settled, hpaUpdated: true, scaled: replicas > before });
    const tl = cronTimeline({
      ...base, mode: 'hpa', hpa: { name: 'landing', minReplicas: 1, maxReplicas: 10, currentReplicas: 2, wanted: 2, demand: 1.8 },
      projection: [run('2026-11-23T01:00:00.000Z', 'campaign-start', 6, 2, 6, 6), run('2026-11-23T13:00:00.000Z', 'campaign-end', 2, 6, 6, 2)],
    }, T0, T0 + DAY);
    const start = Date.parse('2026-11-23T01:00:00Z');
    const end = Date.parse('2026-11-23T13:00:00Z');
    expect(tl.points.map((p) => [p.t, p.min, p.max, p.replicas])).toEqual([
      [T0, 1, 10, 2], [start, 6, 10, 6], [end, 2, 10, 6], [end + SCALE_DOWN_WINDOW_MS, 2, 10, 2], [T0 + DAY, 2, 10, 2],
    ]);
    const z = zoomTimeline(tl, start + 3600_000, end + 3600_000);
    expect(z.points.map((p) => [p.t, p.min, p.replicas])).toEqual([[start + 3600_000, 6, 6], [end, 2, 6], [end + SCALE_DOWN_WINDOW_MS, 2, 2], [end + 3600_000, 2, 2]]);
    expect(z.runs.map((r) => r.job)).toEqual(['campaign-end']);
  });
  it('an HPA KEDA owns: the CronHPA\'s bounds last until KEDA puts its own back', () => {
    const at = '2026-11-23T00:00:00.000Z';
    const t = Date.parse(at);
    const tl = cronTimeline({
      ...base, mode: 'hpa', hpa: { name: 'keda-hpa-x', minReplicas: 1, maxReplicas: 24, currentReplicas: 3, demand: 3, ownerScaledObject: 'x' },
      projection: [{ at, job: 'peak-start', targetSize: 8, before: 3, minBefore: 1, maxBefore: 24, min: 8, max: 24, replicas: 8, settled: 3, hpaUpdated: true, scaled: true, restored: { min: 1, max: 24 } }],
    }, T0, T0 + DAY);
    expect(tl.points.map((p) => [p.t - T0, p.min, p.max, p.replicas])).toEqual([
      [0, 1, 24, 3], [t - T0, 8, 24, 8], [t - T0 + OWNER_REVERT_MS, 1, 24, 8], [t - T0 + SCALE_DOWN_WINDOW_MS, 1, 24, 3], [DAY, 1, 24, 3],
    ]);
  });
});
