/**
 * Proof against the simulator (design §5): `hpa-to-scaledobject` on shop/catalog of the demo
 * scenario (a fresh simulator each time), with every controller running — KEDA's webhook and
 * operator adopt the HPA, the HPA controller keeps scaling; then ten quiet minutes; then rollback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '@/sim/simulator';
import type { KubeObject } from '@/lib/k8s/object';
import { planFor } from './index';
import { hpaRef, scaledObjectRef } from './refs';
import { HPA_MIGRATION_RULES } from './rules';
import { BoundsSampler, findingsOf, getObject, rollback, runPlan, snapshotOf, startDemo, unmet } from '@/test/sim-harness';
import { blocked, type Plan } from './types';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const HPA = hpaRef('shop', 'catalog');
const SO = scaledObjectRef('shop', 'catalog');
const ownersOf = (o: KubeObject | undefined) => (o?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);
const catalogFindings = (s: Simulator) => findingsOf(s).filter((f) => (HPA_MIGRATION_RULES as readonly string[]).includes(f.rule) && f.subjects.some((r) => r.namespace === 'shop' && r.name === 'catalog'));

async function planned(s: Simulator): Promise<Plan> {
  await s.advance(3 * 60_000); // HPAs report status, the cluster settles
  const snap = snapshotOf(s);
  return planFor('hpa-to-scaledobject')!(snap, { namespace: 'shop', kind: 'Deployment', name: 'catalog' }, { now: snap.builtAt, kedaWebhookRegistered: true }, {});
}

describe('hpa-to-scaledobject against the simulator (shop/catalog)', () => {
  it('adopts the HPA in place, stays within 3–9 replicas for ten minutes, and rolls back to the original HPA', async () => {
    sim = await startDemo();
    const plan = await planned(sim);
    expect(plan.preflight.filter((c) => !c.ok)).toEqual([]);
    expect(blocked(plan)).toBe(false);
    const before = structuredClone(getObject(sim, HPA)!);
    const bounds = new BoundsSampler(sim, [{ namespace: 'shop', name: 'catalog', allowed: (n) => n >= 3 && n <= 9, bounds: '3–9' }]);

    const backups = await runPlan(sim, plan, bounds.tick);
    const adopted = getObject(sim, HPA)!;
    expect(adopted.metadata.uid).toBe(before.metadata.uid); // the same HPA object, not a second one
    expect(ownersOf(adopted)).toEqual(['ScaledObject/catalog']);
    expect(catalogFindings(sim)).toEqual([]);

    await bounds.run(10 * 60_000, () => {
      expect(ownersOf(getObject(sim!, HPA))).toEqual(['ScaledObject/catalog']);
    });
    expect(bounds.samples).toBeGreaterThanOrEqual(40);
    expect(bounds.violations).toEqual([]);
    expect(catalogFindings(sim)).toEqual([]);
    expect(unmet(sim, plan.steps.at(-1)!.postConditions)).toEqual([]);

    await rollback(sim, plan, backups, bounds.tick);
    await bounds.run(2 * 60_000);
    expect(getObject(sim, SO)).toBeUndefined();
    const restored = getObject(sim, HPA)!;
    expect(restored.metadata.uid).toBe(before.metadata.uid);
    expect(restored.metadata.ownerReferences ?? []).toEqual([]);
    expect(restored.spec).toEqual(before.spec);
    expect(bounds.violations).toEqual([]);
  }, 120_000);

  it('is refused by the preflight once migrated', async () => {
    sim = await startDemo();
    const plan = await planned(sim);
    await runPlan(sim, plan);
    const snap = snapshotOf(sim);
    const again = planFor('hpa-to-scaledobject')!(snap, { namespace: 'shop', kind: 'Deployment', name: 'catalog' }, { now: snap.builtAt, kedaWebhookRegistered: true }, {});
    expect(blocked(again)).toBe(true);
    expect(again.preflight.find((c) => !c.ok)?.check).toBe('not-migrated');
    expect(again.steps).toEqual([]);
  }, 120_000);
});
