import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excludedBy } from './exclude-dates';
import { applyJobToHpa, hpaJobMessage } from './hpa-target';

/**
 * Seed 004's table (hpa min/max, cronhpa targetSize, deployment replicas → result), with the
 * Deployment's replicas as the HPA's currentReplicas (the HPA has synced).
 */
const SEED_004: { hpa: [number, number]; cron: number; deploy: number; result: { hpa: [number, number]; deploy: number } }[] = [
  { hpa: [1, 10], cron: 5, deploy: 5, result: { hpa: [1, 10], deploy: 5 } }, // 守时和当时共同,无需改动
  { hpa: [1, 10], cron: 4, deploy: 5, result: { hpa: [1, 10], deploy: 5 } }, // 当时高于守时,保存当时副本
  { hpa: [1, 10], cron: 6, deploy: 5, result: { hpa: [6, 10], deploy: 6 } }, // 守时高于当时 … 修正HPA下限
  { hpa: [5, 10], cron: 4, deploy: 5, result: { hpa: [4, 10], deploy: 5 } }, // 守时低于当时 … 修正HPA下限
  { hpa: [5, 10], cron: 11, deploy: 5, result: { hpa: [11, 11], deploy: 11 } }, // 守时高于当时 … 修正HPA上限
];

describe('CronHPA job on an HPA (design §6, upstream ScaleHPA)', () => {
  it.each(SEED_004)('seed 004: hpa $hpa, cronhpa $cron, deployment $deploy → $result', ({ hpa, cron, deploy, result }) => {
    const out = applyJobToHpa(cron, { minReplicas: hpa[0], maxReplicas: hpa[1], currentReplicas: deploy });
    expect([out.minReplicas, out.maxReplicas]).toEqual(result.hpa);
    expect(out.scaleTarget ? cron : deploy).toBe(result.deploy);
    expect(out.updateHpa).toBe(hpa[0] !== result.hpa[0] || hpa[1] !== result.hpa[1]);
  });

  it('an HPA that never synced (currentReplicas 0) gets min = T and its target scaled', () => {
    expect(applyJobToHpa(3, { minReplicas: 1, maxReplicas: 10, currentReplicas: 0 })).toEqual({ minReplicas: 3, maxReplicas: 10, updateHpa: true, scaleTarget: true });
  });

  it('never scales down, keeps min ≤ max, and scales exactly when C < T (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (min, extra, c, t) => {
      const max = min + extra;
      const out = applyJobToHpa(t, { minReplicas: min, maxReplicas: max, currentReplicas: c });
      expect(out.scaleTarget).toBe(c < t);
      expect(out.maxReplicas).toBe(Math.max(max, t));
      expect(out.minReplicas).toBe(t < min || c < t ? t : min);
      if (t >= 1) expect(out.minReplicas).toBeLessThanOrEqual(out.maxReplicas);
    }));
  });

  it('words its results as upstream', () => {
    expect(hpaJobMessage.skipped('web', 5, 4)).toBe('Skip scale replicas because HPA web current replicas:5 >= desired replicas:4.');
    expect(hpaJobMessage.scaled(5, 6)).toBe('current replicas:5, desired replicas:6.');
  });
});

describe('excludeDates', () => {
  const at = (iso: string) => Date.parse(iso);

  it('documented mode: skips on the dates the expression names, in the controller zone', () => {
    expect(excludedBy(['* * * 15 11 *'], at('2026-11-15T10:00:00Z'), 'UTC', 'documented')).toEqual({ date: '* * * 15 11 *', message: 'skip scaling activity,because of excludeDate (* * * 15 11 *).' });
    expect(excludedBy(['* * * 15 11 *'], at('2026-11-16T10:00:00Z'), 'UTC', 'documented')).toBeUndefined();
    // Friday 2026-11-20 in Shanghai starts at 16:00 UTC on Thursday
    expect(excludedBy(['* * * * * 5'], at('2026-11-19T17:00:00Z'), 'Asia/Shanghai', 'documented')).toBeDefined();
    expect(excludedBy(['* * * * * 5'], at('2026-11-19T17:00:00Z'), 'UTC', 'documented')).toBeUndefined();
  });

  it('upstream mode: compares month and hour only (Go layout "11-15-1990"), as the controller really does', () => {
    // on the excluded day itself
    expect(excludedBy(['* * * 15 11 *'], at('2026-11-15T10:00:00Z'), 'UTC')).toBeDefined();
    // any November day at hour 0: the next match is Nov 15 of next year at 00:00:00, same month, same hour
    expect(excludedBy(['* * * 15 11 *'], at('2026-11-22T00:30:00Z'), 'UTC')).toBeDefined();
    // the same day at 13:30 is not skipped
    expect(excludedBy(['* * * 15 11 *'], at('2026-11-22T13:30:00Z'), 'UTC')).toBeUndefined();
  });

  it('ignores entries that do not parse', () => {
    expect(excludedBy(['not a cron', '* * * 15 11 *'], at('2026-11-15T10:00:00Z'), 'UTC', 'documented')?.date).toBe('* * * 15 11 *');
    expect(excludedBy(['not a cron'], at('2026-11-15T10:00:00Z'), 'UTC')).toBeUndefined();
  });
});
