/**
 * Golden tests of `cronhpa-retarget`: `__fixtures__/cronhpa-retarget/<case>.before.yaml` (a
 * `PlanInput` document with target and facts, then the cluster objects) → `<case>.after.yaml` (the
 * plan). `UPDATE_GOLDEN=1` rewrites the goldens; review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { snapshotFromObjects } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import type { KubeObject } from '../k8s/object';
import { cronhpaBypassesHpa } from '../rules/cronhpa-bypasses-hpa';
import { NO_HISTORY } from '../rules/types';
import { applyPlan } from './apply';
import { planCronHpaRetarget } from './cronhpa-retarget';
import { blocked, type PlanFacts, type PlanTarget } from './types';

const root = path.join(__dirname, '__fixtures__', 'cronhpa-retarget');

function load(name: string) {
  const docs = parseAllDocuments(readFileSync(path.join(root, `${name}.before.yaml`), 'utf8')).map((d) => d.toJS() as Record<string, unknown>).filter(Boolean);
  const input = docs.find((d) => d.kind === 'PlanInput') as unknown as { target: PlanTarget; facts: PlanFacts };
  const objects = docs.filter((d) => d.kind !== 'PlanInput') as unknown as KubeObject[];
  return { input, objects, snapshot: snapshotFromObjects(objects) };
}

const plan = (name: string) => {
  const { input, snapshot } = load(name);
  return planCronHpaRetarget(snapshot, input.target, input.facts, {});
};

const cases = readdirSync(root).filter((f) => f.endsWith('.before.yaml')).map((f) => f.replace('.before.yaml', ''));

describe.each(cases)('cronhpa-retarget › %s', (name) => {
  const p = plan(name);
  it('matches the golden plan', () => {
    const golden = path.join(root, `${name}.after.yaml`);
    const text = `# Generated from ${name}.before.yaml by cronhpa-retarget.test.ts (UPDATE_GOLDEN=1 rewrites it).\n${stringify(p, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
  it('is deterministic, touches only what it says, and has a step exactly when nothing blocks', () => {
    expect(plan(name)).toEqual(p);
    for (const step of p.steps) for (const op of step.operations) if (op.kind !== 'create') expect(p.touches).toContainEqual(op.target);
    expect(p.steps.length > 0).toBe(!blocked(p));
  });
});

describe('cronhpa-retarget on the fighting CronHPA (marketing/web-business-hours)', () => {
  it('patches scaleTargetRef to the HPA with preconditions, and the finding is gone afterwards', () => {
    const { objects, snapshot } = load('fighting');
    const p = plan('fighting');
    expect(blocked(p)).toBe(false);
    expect(p.preflight.map((c) => [c.check, c.ok])).toEqual([['cronhpa-found', true], ['targets-workload', true], ['workload-exists', true], ['single-hpa', true], ['hpa-not-keda', true], ['hpa-synced', true], ['jobs-run', true]]);
    const op = p.steps[0]!.operations[0]!;
    expect(op).toMatchObject({ kind: 'patch', patchType: 'merge', patch: { spec: { scaleTargetRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web' } } }, precondition: { uid: 'cron-web', resourceVersion: '300' } });
    expect(p.steps[0]!.postConditions.map((c) => c.kind)).toEqual(['field', 'field', 'no-findings']);
    expect(p.steps[0]!.inverse).toEqual([{ kind: 'restore-backup', target: { apiVersion: 'autoscaling.alibabacloud.com/v1beta1', kind: 'CronHorizontalPodAutoscaler', namespace: 'marketing', name: 'web-business-hours' } }]);

    const ctx = (s: ReturnType<typeof snapshotFromObjects>) => ({ now: '2026-11-22T03:00:00Z', graph: buildScalingGraph(s), history: NO_HISTORY });
    expect(cronhpaBypassesHpa.check(snapshot, ctx(snapshot))).toHaveLength(1);
    const after = snapshotFromObjects(applyPlan(objects, p));
    expect(cronhpaBypassesHpa.check(after, ctx(after))).toEqual([]);
  });

  it('previews the bounds each job leaves on the HPA (design §6), at its first run in Asia/Shanghai', () => {
    const d = plan('fighting').steps[0]!.description;
    // Monday 08:00 in Shanghai: C = 3 < 6 → min 6, scaled; 20:00: T = 2 < min 6 → min 2, C = 6 ≥ 2 → not scaled down, the HPA settles at 3.
    expect(d).toContain('scale-up (at 08:00, Monday to Friday, targetSize 6): HPA 1–10 → 6–10, replicas 3 → 6');
    expect(d).toContain('scale-down (at 20:00, Monday to Friday, targetSize 2): HPA 6–10 → 2–10, replicas stay 6 (C ≥ T: never scaled down), then the HPA takes them to 3 on its metrics');
  });

  it('plans from the workload the finding is filed under', () => {
    expect(plan('from-workload').steps[0]!.operations[0]).toMatchObject({ target: { kind: 'CronHorizontalPodAutoscaler', name: 'web-business-hours' } });
  });
});

describe('cronhpa-retarget refusals', () => {
  it('refuses a KEDA-owned HPA and gives the cron triggers to add instead', () => {
    const p = plan('keda-owned');
    const c = p.preflight.find((x) => x.check === 'hpa-not-keda')!;
    expect(c).toMatchObject({ ok: false, blocking: true });
    expect(c.detail).toContain('ScaledObject orders');
    const yaml = c.remedy!.slice(c.remedy!.indexOf('spec:'), c.remedy!.indexOf('No cron trigger'));
    expect(parse(yaml)).toEqual({ spec: { minReplicaCount: 2, triggers: [{ type: 'cron', name: 'peak-start', metadata: { timezone: 'Asia/Shanghai', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '8' } }] } });
    expect(c.remedy).toContain('No cron trigger expresses flash (@every 6h)');
    expect(p.steps).toEqual([]);
  });

  it('refuses a CronHPA already on KEDA\'s HPA with the same remedy', () => {
    const c = plan('on-keda-hpa').preflight.find((x) => x.check === 'targets-workload')!;
    expect(c).toMatchObject({ ok: false, blocking: true });
    expect(c.detail).toContain('ScaledObject orders owns that HPA');
  });

  it.each([
    ['already-on-hpa', 'targets-workload', 'already points at HPA web'],
    ['two-hpas', 'single-hpa', '2 HPAs scale Deployment web'],
    ['no-hpa', 'single-hpa', 'No HPA scales Deployment web'],
    ['missing', 'cronhpa-found', 'CronHPA marketing/nope does not exist'],
  ])('%s: blocked by %s', (name, id, text) => {
    const p = plan(name);
    expect(blocked(p)).toBe(true);
    const c = p.preflight.find((x) => x.check === id)!;
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(text);
  });
});
