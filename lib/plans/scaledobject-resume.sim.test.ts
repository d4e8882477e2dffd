/**
 * Proof against the simulator: `scaledobject-resume` on the demo's flagger#1934 case
 * (delivery/search: the primary ScaledObject inherited `paused-replicas: "0"` from the paused
 * canary ScaledObject when the Canary was re-created). KEDA brings the HPA back, Flagger leaves
 * the annotation off while the Canary is idle, and rollback puts the pause back.
 */
import { afterEach, expect, it } from 'vitest';
import type { Simulator } from '@/sim/simulator';
import { planFor } from './index';
import { hpaRef, scaledObjectRef } from './refs';
import { findingsOf, getObject, rollback, runPlan, snapshotOf, startDemo } from '@/test/sim-harness';
import { blocked } from './types';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const SO = scaledObjectRef('delivery', 'search-primary');
const paused = () => getObject(sim!, SO)?.metadata.annotations?.['autoscaling.keda.sh/paused-replicas'];
const pausedFinding = () => findingsOf(sim!).filter((f) => f.rule === 'canary-primary-paused' && f.subjects.some((r) => r.name === 'search-primary'));

it('resumes the primary ScaledObject of delivery/search; Flagger does not pause it again; rollback restores the pause', async () => {
  sim = await startDemo();
  await sim.advance(3 * 60_000);
  expect(paused()).toBe('0');
  expect(pausedFinding()).toHaveLength(1);
  const snap = snapshotOf(sim);
  const plan = planFor('scaledobject-resume')!(snap, { namespace: 'delivery', kind: 'ScaledObject', name: 'search-primary' }, { now: snap.builtAt }, {});
  expect(blocked(plan)).toBe(false);
  expect(plan.preflight.find((c) => c.check === 'paused')?.detail).toMatch(/flagger#1934.*will not put the annotation back/);

  const backups = await runPlan(sim, plan);
  expect(paused()).toBeUndefined();
  expect(getObject(sim, hpaRef('delivery', 'keda-hpa-search-primary'))?.metadata.ownerReferences?.map((o) => o.name)).toEqual(['search-primary']);
  await sim.advance(10 * 60_000);
  expect(paused()).toBeUndefined();
  expect(pausedFinding()).toEqual([]);

  await rollback(sim, plan, backups);
  await sim.advance(60_000);
  expect(paused()).toBe('0');
  expect(getObject(sim, hpaRef('delivery', 'keda-hpa-search-primary'))).toBeUndefined(); // paused again: KEDA deleted its HPA
}, 120_000);
