import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyJobToHpa } from './hpa-target';
import { mergeRuns, projectOnHpa, projectOnWorkload, settleHpa, type ProjectedJob } from './projection';
import { parseSchedule, type CronSchedule } from './schedule';

const sched = (text: string): CronSchedule => {
  const r = parseSchedule(text);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
};
const job = (name: string, schedule: string, targetSize: number, extra: Partial<ProjectedJob> = {}): ProjectedJob => ({ name, schedule: sched(schedule), targetSize, runOnce: false, ...extra });
const at = Date.parse;
const iso = (ms: number) => new Date(ms).toISOString();

/** Seed 004's table: hpa min/max, cronhpa targetSize, deployment replicas → hpa min/max and deployment after the run. */
const SEED_004: { hpa: [number, number]; cron: number; deploy: number; result: { hpa: [number, number]; deploy: number } }[] = [
  { hpa: [1, 10], cron: 5, deploy: 5, result: { hpa: [1, 10], deploy: 5 } }, // 守时和当时共同,无需改动
  { hpa: [1, 10], cron: 4, deploy: 5, result: { hpa: [1, 10], deploy: 5 } }, // 当时高于守时,保存当时副本
  { hpa: [1, 10], cron: 6, deploy: 5, result: { hpa: [6, 10], deploy: 6 } }, // 守时高于当时,保存守时副本 / 修正HPA下限
  { hpa: [5, 10], cron: 4, deploy: 5, result: { hpa: [4, 10], deploy: 5 } }, // 守时低于当时,保存当时副本 / 修正HPA下限
  { hpa: [5, 10], cron: 11, deploy: 5, result: { hpa: [11, 11], deploy: 11 } }, // 守时高于当时,保存守时副本 / 修正HPA上限
];

describe('projection on an HPA target reproduces seed 004', () => {
  it.each(SEED_004)('hpa $hpa, cronhpa $cron, deployment $deploy → $result', ({ hpa, cron, deploy, result }) => {
    const { rows } = projectOnHpa([job('nine', '0 0 9 * * *', cron)], { minReplicas: hpa[0], maxReplicas: hpa[1], currentReplicas: deploy }, { fromMs: at('2026-11-22T00:30:00Z'), untilMs: at('2026-11-22T02:00:00Z'), timeZone: 'Asia/Shanghai' });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(iso(row!.at)).toBe('2026-11-22T01:00:00.000Z'); // 09:00 in Shanghai
    expect({ at: row!.at, job: row!.job, targetSize: row!.targetSize, min: row!.min, max: row!.max, replicas: row!.replicas })
      .toEqual({ at: row!.at, job: 'nine', targetSize: cron, min: result.hpa[0], max: result.hpa[1], replicas: result.deploy });
    expect(row!.before).toBe(deploy);
    expect(row!.scaled).toBe(result.deploy > deploy);
    expect(row!.hpaUpdated).toBe(hpa[0] !== result.hpa[0] || hpa[1] !== result.hpa[1]);
  });

  it('runs the table as one CronHPA: each row starts where the previous left the HPA', () => {
    // The article's own CronHPA: scale-up (3) on the minute, scale-down (1) at second 30, on an HPA of 1/10 at 1 replica, no metrics known.
    const jobs = [job('scale-down', '30 */1 * * * *', 1), job('scale-up', '0 */1 * * * *', 3)];
    const { rows } = projectOnHpa(jobs, { minReplicas: 1, maxReplicas: 10, currentReplicas: 1 }, { fromMs: at('2026-11-22T00:00:00Z'), untilMs: at('2026-11-22T00:01:30Z'), timeZone: 'UTC' });
    expect(rows.map((r) => [iso(r.at).slice(11, 19), r.job, r.before, r.min, r.max, r.replicas])).toEqual([
      ['00:00:30', 'scale-down', 1, 1, 10, 1],
      ['00:01:00', 'scale-up', 1, 3, 10, 3], // C < T: min = T, scaled
      ['00:01:30', 'scale-down', 3, 1, 10, 3], // T < min: min = T; C ≥ T: never scales down
    ]);
  });
});

describe('projection with the HPA settling on its metrics between runs', () => {
  const window = { fromMs: at('2026-11-22T16:00:00Z'), untilMs: at('2026-11-23T16:00:00Z'), timeZone: 'Asia/Shanghai' };

  it('marketing/landing: up to 6 at 09:00, back to what the load needs after 21:00', () => {
    const { rows } = projectOnHpa([job('campaign-start', '0 0 9 * * *', 6), job('campaign-end', '0 0 21 * * *', 2)], { minReplicas: 1, maxReplicas: 10, currentReplicas: 2, demand: 1.8 }, window); // 2 pods at 45 % of 50 %
    expect(rows.map((r) => [iso(r.at), r.job, r.before, r.min, r.max, r.replicas, r.settled])).toEqual([
      ['2026-11-23T01:00:00.000Z', 'campaign-start', 2, 6, 10, 6, 6],
      ['2026-11-23T13:00:00.000Z', 'campaign-end', 6, 2, 10, 6, 2],
    ]);
  });

  it('marketing/promo: the night job lowers the minimum but never the replicas', () => {
    const { rows } = projectOnHpa([job('daytime', '0 0 9 * * *', 5), job('night', '0 0 1 * * *', 1)], { minReplicas: 2, maxReplicas: 8, currentReplicas: 4, demand: 3.2 }, window); // 4 pods at 40 % of 50 %
    expect(rows.map((r) => [r.job, r.before, r.min, r.max, r.replicas, r.settled])).toEqual([
      ['night', 4, 1, 8, 4, 4],
      ['daytime', 4, 5, 8, 5, 5],
    ]);
  });

  it('the HPA keeps a count whose load is within the tolerance (promo in the demo: 3 pods at 53 %)', () => {
    // demand 3.18: at 3 the ratio is 1.06 (kept); from 5, once the minimum is lowered, it asks for ceil(3.18) = 4
    const { rows } = projectOnHpa([job('daytime', '0 0 9 * * *', 5), job('night', '0 0 1 * * *', 1)], { minReplicas: 2, maxReplicas: 8, currentReplicas: 3, demand: 3.18 }, { ...window, untilMs: window.untilMs + 86_400_000 });
    expect(rows.map((r) => [r.job, r.before, r.min, r.replicas, r.settled])).toEqual([
      ['night', 3, 1, 3, 3],
      ['daytime', 3, 5, 5, 5],
      ['night', 5, 1, 5, 4],
      ['daytime', 4, 5, 5, 5],
    ]);
  });

  it('an HPA whose owner restores its bounds (KEDA): each run starts from the owner\'s bounds again', () => {
    const jobs = [job('peak-start', '0 0 8 * * *', 8), job('peak-end', '0 0 20 * * *', 2)];
    const { rows } = projectOnHpa(jobs, { minReplicas: 1, maxReplicas: 24, currentReplicas: 3, demand: 3, restoredTo: { minReplicas: 1, maxReplicas: 24 } }, window);
    expect(rows.map((r) => [r.job, r.before, r.minBefore, r.min, r.max, r.replicas, r.settled, r.restored])).toEqual([
      ['peak-start', 3, 1, 8, 24, 8, 3, { min: 1, max: 24 }], // scaled to 8, KEDA puts min 1 back, the HPA returns to 3
      ['peak-end', 3, 1, 1, 24, 3, 3, undefined], // T ≥ min and C ≥ T: nothing to write
    ]);
  });

  it('an excluded day changes nothing', () => {
    const { rows } = projectOnHpa([job('up', '0 0 9 * * *', 6)], { minReplicas: 1, maxReplicas: 10, currentReplicas: 2 }, { ...window, excludeDates: ['* * * 23 11 *'], excludeMode: 'documented' });
    expect(rows).toEqual([{ at: at('2026-11-23T01:00:00Z'), job: 'up', targetSize: 6, before: 2, minBefore: 1, maxBefore: 10, min: 1, max: 10, replicas: 2, settled: 2, hpaUpdated: false, scaled: false, excluded: '* * * 23 11 *' }]);
  });

  it('agrees with applying the rule run by run (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 }), fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 4 }),
      (min, extra, current, demand, specs) => {
        const jobs = specs.map(([h, t], i) => job(`j${i}`, `0 ${i} ${h} * * *`, t));
        const { rows } = projectOnHpa(jobs, { minReplicas: min, maxReplicas: min + extra, currentReplicas: current, demand }, { fromMs: at('2026-11-22T00:00:00Z'), untilMs: at('2026-11-24T00:00:00Z'), timeZone: 'UTC' });
        expect(rows).toHaveLength(jobs.length * 2);
        let [lo, hi] = [min, min + extra];
        let c = current === 0 ? 0 : settleHpa(current, demand, lo, hi);
        for (const r of rows) {
          expect(r.at).toBeGreaterThan(0);
          const o = applyJobToHpa(r.targetSize, { minReplicas: lo, maxReplicas: hi, currentReplicas: c });
          expect([r.before, r.minBefore, r.maxBefore, r.min, r.max, r.replicas]).toEqual([c, lo, hi, o.minReplicas, o.maxReplicas, o.scaleTarget ? r.targetSize : c]);
          [lo, hi, c] = [o.minReplicas, o.maxReplicas, r.settled];
          expect(r.settled).toBe(settleHpa(r.replicas, demand, lo, hi));
        }
      }), { numRuns: 100 });
  });
});

describe('projection on a workload target', () => {
  const window = { fromMs: at('2026-11-22T16:00:00Z'), untilMs: at('2026-11-23T16:00:00Z'), timeZone: 'Asia/Shanghai' };
  const jobs = [job('scale-up', '0 0 8 * * 1-5', 6), job('scale-down', '0 0 20 * * 1-5', 2)];

  it('marketing/web: each write collides with the HPA, which puts back what its metrics want', () => {
    const { rows } = projectOnWorkload(jobs, { minReplicas: 1, maxReplicas: 10, demand: 3 }, window);
    expect(rows.map((r) => [iso(r.at), r.job, r.replicas, r.hpaReplicas, r.collides])).toEqual([
      ['2026-11-23T00:00:00.000Z', 'scale-up', 6, 3, true], // Monday 08:00 in Shanghai
      ['2026-11-23T12:00:00.000Z', 'scale-down', 2, 3, true],
    ]);
  });

  it('alone, the CronHPA simply writes; without metrics the HPA still clamps to its bounds', () => {
    expect(projectOnWorkload(jobs, undefined, window).rows.every((r) => !r.collides && r.hpaReplicas === undefined)).toBe(true);
    expect(projectOnWorkload(jobs, { minReplicas: 3, maxReplicas: 5 }, window).rows.map((r) => [r.hpaReplicas, r.collides])).toEqual([[5, true], [3, true]]);
  });
});

describe('merged runs', () => {
  it('orders the runs of all jobs in time, ties in list order, and says when it cut them', () => {
    const jobs = [job('b', '0 0 * * * *', 2), job('a', '0 0 */2 * * *', 1)];
    const { runs, truncated } = mergeRuns(jobs, { fromMs: at('2026-11-22T00:00:00Z'), untilMs: at('2026-11-22T04:00:00Z'), timeZone: 'UTC' });
    expect(runs.map((r) => `${iso(r.at).slice(11, 13)}${r.job}`)).toEqual(['010', '020', '021', '030', '040', '041']);
    expect(truncated).toBe(false);
    expect(mergeRuns(jobs, { fromMs: at('2026-11-22T00:00:00Z'), untilMs: at('2026-11-29T00:00:00Z'), timeZone: 'UTC', limit: 10 })).toMatchObject({ truncated: true, runs: { length: 10 } });
  });

  it('runs a run-once job once and a finished one never', () => {
    const w = { fromMs: at('2026-11-22T00:00:00Z'), untilMs: at('2026-11-25T00:00:00Z'), timeZone: 'UTC' };
    expect(mergeRuns([job('once', '0 0 9 * * *', 3, { runOnce: true })], w).runs).toHaveLength(1);
    expect(mergeRuns([job('done', '0 0 9 * * *', 3, { runOnce: true, done: true })], w).runs).toHaveLength(0);
    expect(mergeRuns([job('date', '@date 2026-11-23 09:00:00', 3)], w).runs.map((r) => iso(r.at))).toEqual(['2026-11-23T09:00:00.000Z']);
  });
});
