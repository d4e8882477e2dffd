/**
 * Proof against the simulator (seed 000, design §5): `canary-hpa-to-scaledobject` on the demo's
 * delivery/podinfo Canary with Flagger 1.44.0 (PR #1677) and 1.37.0 (before it), every controller
 * running. After the migration: ten quiet minutes, then a full promotion of a new revision, then
 * rollback. For 1.37.0 the design's literal path (create `<so>-primary` and stop) is shown to break
 * at the first promotion, which is why the plan also lets KEDA name the HPAs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '@/sim/simulator';
import { at } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { planFor } from './index';
import { canaryRef, hpaRef, scaledObjectRef } from './refs';
import { CANARY_MIGRATION_RULES } from './rules';
import { applyStep, BoundsSampler, findingsOf, getObject, rollback, runPlan, runStep, snapshotOf, startDemo, warningCount, warningsAbout } from '@/test/sim-harness';
import { blocked, type Plan } from './types';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const NS = 'delivery';
const CANARY = canaryRef(NS, 'podinfo');
const owners = (o: KubeObject | undefined) => (o?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);
const hpa = (name: string) => getObject(sim!, hpaRef(NS, name));
const phase = () => String(at(getObject(sim!, CANARY)?.status, 'phase'));
const migrationFindings = () => findingsOf(sim!).filter((f) => (CANARY_MIGRATION_RULES as readonly string[]).includes(f.rule) && f.subjects.some((r) => r.namespace === NS && (r.name === 'podinfo' || r.name === 'podinfo-primary')));
/** HPAs whose scaleTargetRef names the Deployment (two would fight: AmbiguousSelector). */
const hpasOn = (deployment: string) => sim!.api.list(sim!.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!, NS).items.filter((h) => at(h.spec, 'scaleTargetRef', 'name') === deployment).map((h) => h.metadata.name);

/** podinfo-primary serves and stays within the HPA's 2–6; the canary is 0 while Flagger keeps it idle, else 2–6. */
const sampler = (s: Simulator) => new BoundsSampler(s, [
  { namespace: NS, name: 'podinfo-primary', allowed: (n) => n >= 2 && n <= 6, bounds: '2–6' },
  { namespace: NS, name: 'podinfo', allowed: (n) => n === 0 || (n >= 2 && n <= 6), bounds: '0 (idle) or 2–6' },
]);

async function planned(release: string): Promise<Plan> {
  sim = await startDemo({ flaggerRelease: release });
  await sim.advance(3 * 60_000); // Flagger initialises the Canary, HPAs report status
  expect(phase()).toBe('Initialized');
  const snap = snapshotOf(sim);
  return planFor('canary-hpa-to-scaledobject')!(snap, { namespace: NS, kind: 'Canary', name: 'podinfo' }, { now: snap.builtAt, kedaWebhookRegistered: true }, {});
}

/** A new revision of podinfo: Flagger analyses it and promotes it (kubernetes provider: 10 iterations). */
async function promoteNewRevision(s: Simulator, bounds: BoundsSampler): Promise<void> {
  const res = s.api.resourceFor('apps/v1', 'Deployment')!;
  await s.api.patch(res, NS, 'podinfo', { type: 'merge', body: JSON.stringify({ spec: { template: { metadata: { annotations: { 'scaleguard.dev/revision': '2' } } } } }) });
  let seen = false;
  for (let i = 0; i < 30 * 4 && !(seen && phase() === 'Succeeded'); i++) {
    await bounds.run(15_000);
    if (phase() === 'Progressing') seen = true;
  }
  expect(seen).toBe(true);
  expect(phase()).toBe('Succeeded');
}

const CASES = [
  { release: '1.44.0', steps: ['create-scaledobject', 'patch-canary-autoscalerref', 'check-primary-not-paused', 'verify'], canaryHpa: 'podinfo', primaryHpa: 'podinfo-primary' },
  { release: '1.37.0', steps: ['create-scaledobject', 'create-primary-scaledobject', 'use-default-hpa-names', 'patch-canary-autoscalerref', 'check-primary-not-paused', 'verify'], canaryHpa: 'keda-hpa-podinfo', primaryHpa: 'keda-hpa-podinfo-primary' },
];

describe.each(CASES)('canary-hpa-to-scaledobject with Flagger $release (delivery/podinfo)', ({ release, steps, canaryHpa, primaryHpa }) => {
  it('migrates both sides, stays quiet and within bounds for ten minutes, and rolls back to the original HPAs', async () => {
    const plan = await planned(release);
    expect(plan.steps.map((s) => s.id)).toEqual(steps);
    expect(blocked(plan)).toBe(false);
    const original = { canary: structuredClone(hpa('podinfo')!), primary: structuredClone(hpa('podinfo-primary')!) };
    const warnings = warningCount(sim!, NS, 'Canary', 'podinfo');
    const bounds = sampler(sim!);

    const backups = await runPlan(sim!, plan, bounds.tick);
    await bounds.run(10 * 60_000, () => {
      expect(owners(hpa(canaryHpa))).toEqual(['ScaledObject/podinfo']);
      expect(owners(hpa(primaryHpa))).toEqual(['ScaledObject/podinfo-primary']);
      expect(at(getObject(sim!, CANARY)?.spec, 'autoscalerRef')).toEqual({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' });
    });
    expect(warningsAbout(sim!, NS, 'Canary', 'podinfo').reduce((n, e) => n + e.count, 0), JSON.stringify(warningsAbout(sim!, NS, 'Canary', 'podinfo'))).toBe(warnings);
    expect(hpasOn('podinfo')).toEqual([canaryHpa]);
    expect(hpasOn('podinfo-primary')).toEqual([primaryHpa]);
    expect(migrationFindings()).toEqual([]);
    expect(bounds.samples).toBeGreaterThanOrEqual(40);
    expect(bounds.violations).toEqual([]);

    await rollback(sim!, plan, backups, bounds.tick);
    await bounds.run(2 * 60_000);
    expect(getObject(sim!, scaledObjectRef(NS, 'podinfo'))).toBeUndefined();
    expect(getObject(sim!, scaledObjectRef(NS, 'podinfo-primary'))).toBeUndefined();
    expect(at(getObject(sim!, CANARY)?.spec, 'autoscalerRef', 'kind')).toBe('HorizontalPodAutoscaler');
    expect(hpasOn('podinfo')).toEqual(['podinfo']);
    expect(hpasOn('podinfo-primary')).toEqual(['podinfo-primary']);
    expect(hpa('podinfo')!.metadata.ownerReferences ?? []).toEqual([]);
    expect(hpa('podinfo')!.spec).toEqual(original.canary.spec);
    // The primary HPA is Flagger's: it keeps its ownerReference to the Canary, and no ScaledObject.
    expect(hpa('podinfo-primary')!.metadata.ownerReferences).toEqual(original.primary.metadata.ownerReferences);
    expect(owners(hpa('podinfo-primary'))).toEqual(['Canary/podinfo']);
    expect(hpa('podinfo-primary')!.spec).toEqual(original.primary.spec);
    expect(warningCount(sim!, NS, 'Canary', 'podinfo')).toBe(warnings);
    expect(bounds.violations).toEqual([]);
  }, 180_000);

  it('survives the next promotion: Flagger finds nothing to rewrite, the primary keeps its KEDA HPA', async () => {
    const plan = await planned(release);
    const bounds = sampler(sim!);
    await runPlan(sim!, plan, bounds.tick);
    await promoteNewRevision(sim!, bounds);
    const promoted = warningsAbout(sim!, NS, 'Canary', 'podinfo');
    // The kubernetes provider warns about traffic on every analysis tick; nothing may be about the ScaledObjects.
    expect(promoted.filter((w) => /ScaledObject|denied|failed/i.test(w.message))).toEqual([]);
    const after = warningCount(sim!, NS, 'Canary', 'podinfo');
    await bounds.run(5 * 60_000);
    expect(phase()).toBe('Succeeded');
    expect(warningCount(sim!, NS, 'Canary', 'podinfo')).toBe(after);
    expect(owners(hpa(primaryHpa))).toEqual(['ScaledObject/podinfo-primary']);
    expect(hpasOn('podinfo-primary')).toEqual([primaryHpa]);
    // Flagger paused the canary side after promoting (its HPA goes while paused): the steady state.
    expect(getObject(sim!, scaledObjectRef(NS, 'podinfo'))?.metadata.annotations?.['autoscaling.keda.sh/paused-replicas']).toBe('0');
    expect(getObject(sim!, scaledObjectRef(NS, 'podinfo-primary'))?.metadata.annotations?.['autoscaling.keda.sh/paused-replicas']).toBeUndefined();
    expect(migrationFindings()).toEqual([]);
    expect(bounds.violations).toEqual([]);
  }, 180_000);
});

describe('Flagger 1.37.0: why the plan renames the HPAs', () => {
  it('creating podinfo-primary with the HPA name podinfo-primary and stopping there breaks at the first promotion', async () => {
    const plan = await planned('1.37.0');
    const step = (id: string) => plan.steps.find((s) => s.id === id)!;
    await runStep(sim!, step('create-scaledobject'));
    await runStep(sim!, step('create-primary-scaledobject'));
    await applyStep(sim!, step('patch-canary-autoscalerref')); // the Canary now names `podinfo`, which still names HPA podinfo
    await sim!.advance(3 * 60_000);
    expect(warningsAbout(sim!, NS, 'Canary', 'podinfo').filter((w) => /ScaledObject/.test(w.message))).toEqual([]); // quiet while idle
    const bounds = sampler(sim!);
    await sim!.api.patch(sim!.api.resourceFor('apps/v1', 'Deployment')!, NS, 'podinfo', { type: 'merge', body: JSON.stringify({ spec: { template: { metadata: { annotations: { 'scaleguard.dev/revision': '2' } } } } }) });
    await bounds.run(20 * 60_000);
    const denied = warningsAbout(sim!, NS, 'Canary', 'podinfo').find((w) => w.message.startsWith('updating ScaledObject podinfo-primary.delivery failed'));
    expect(denied?.message).toContain("the HPA 'podinfo' is already managed by the ScaledObject 'podinfo'");
    expect(denied!.count).toBeGreaterThan(3); // every interval
    expect(phase()).toBe('Promoting');
  }, 180_000);
});

describe.each(CASES)('re-planning mid-way with Flagger $release', ({ release, canaryHpa, primaryHpa }) => {
  it('a Canary changed before its patch is refused, and the plan re-made from the current state finishes the migration', async () => {
    const plan = await planned(release);
    const k = plan.steps.findIndex((s) => s.id === 'patch-canary-autoscalerref');
    for (const step of plan.steps.slice(0, k)) await runStep(sim!, step);
    // Someone edits the Canary meanwhile (a GitOps sync, kubectl annotate): its resourceVersion moves on.
    await sim!.api.patch(sim!.api.resourceFor('flagger.app/v1beta1', 'Canary')!, NS, 'podinfo', { type: 'merge', body: JSON.stringify({ metadata: { annotations: { touched: 'yes' } } }) });
    await expect(applyStep(sim!, plan.steps[k]!)).rejects.toThrow(/conflict|modified|resourceVersion/i);

    const snap = snapshotOf(sim!);
    const again = planFor('canary-hpa-to-scaledobject')!(snap, { namespace: NS, kind: 'Canary', name: 'podinfo' }, { now: snap.builtAt, kedaWebhookRegistered: true }, {});
    expect(again.preflight.filter((c) => c.blocking && !c.ok)).toEqual([]);
    expect(again.steps.map((s) => s.id)).toEqual(plan.steps.map((s) => s.id));
    // What is in effect writes nothing again.
    expect(again.steps.slice(0, k).flatMap((s) => s.operations)).toEqual([]);
    for (const step of again.steps.slice(k)) await runStep(sim!, step);
    expect(owners(hpa(canaryHpa))).toEqual(['ScaledObject/podinfo']);
    expect(owners(hpa(primaryHpa))).toEqual(['ScaledObject/podinfo-primary']);
    expect(migrationFindings()).toEqual([]);
  }, 180_000);
});
