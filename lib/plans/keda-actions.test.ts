/**
 * Golden tests of the KEDA actions' planners: `__fixtures__/<action>/<case>.before.yaml` (a
 * `PlanInput` document with target and facts, then the cluster objects) → `<case>.after.yaml`
 * (the plan). `UPDATE_GOLDEN=1` rewrites the goldens; review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { snapshotFromObjects } from '@/test/snapshot-builder';
import type { KubeObject } from '../k8s/object';
import { planKedaOperatorRestart } from './keda-operator-restart';
import { neutralToggle, planScaledObjectRefresh } from './scaledobject-refresh';
import { blocked, type PlanFacts, type Planner, type PlanTarget } from './types';

const PLANNERS: Record<string, Planner> = { 'scaledobject-refresh': planScaledObjectRefresh, 'keda-operator-restart': planKedaOperatorRestart };
const root = path.join(__dirname, '__fixtures__');

interface PlanInput { target: PlanTarget; facts: PlanFacts }

function load(file: string) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Record<string, unknown>).filter(Boolean);
  const input = docs.find((d) => d.kind === 'PlanInput') as unknown as PlanInput;
  return { input, snapshot: snapshotFromObjects(docs.filter((d) => d.kind !== 'PlanInput') as unknown as KubeObject[]) };
}

const cases = Object.keys(PLANNERS).flatMap((action) => readdirSync(path.join(root, action))
  .filter((f) => f.endsWith('.before.yaml')).map((f) => ({ action, name: f.replace('.before.yaml', '') })));

describe.each(cases)('$action › $name', ({ action, name }) => {
  const { input, snapshot } = load(path.join(root, action, `${name}.before.yaml`));
  const plan = PLANNERS[action]!(snapshot, input.target, input.facts, {});
  it('matches the golden plan', () => {
    const golden = path.join(root, action, `${name}.after.yaml`);
    const text = `# Generated from ${name}.before.yaml by keda-actions.test.ts (UPDATE_GOLDEN=1 rewrites it).\n${stringify(plan, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
  it('is deterministic and touches only what it says', () => {
    expect(PLANNERS[action]!(snapshot, input.target, input.facts, {})).toEqual(plan);
    for (const step of plan.steps) for (const op of step.operations) if (op.kind !== 'create') expect(plan.touches).toContainEqual(op.target);
  });
});

describe('scaledobject-refresh', () => {
  const plan = (name: string) => {
    const { input, snapshot } = load(path.join(root, 'scaledobject-refresh', `${name}.before.yaml`));
    return planScaledObjectRefresh(snapshot, input.target, input.facts, {});
  };

  it('sets an unset pollingInterval to KEDA\'s default, with preconditions, and waits for the generation and the cleared finding', () => {
    const p = plan('stale-kafka');
    expect(blocked(p)).toBe(false);
    const op = p.steps[0]!.operations[0]!;
    expect(op).toMatchObject({ kind: 'patch', patchType: 'merge', patch: { spec: { pollingInterval: 30 } }, precondition: { uid: 'so-oec', resourceVersion: '4711' } });
    expect(p.steps[0]!.postConditions.map((c) => c.kind)).toEqual(['field', 'condition', 'no-findings']);
    expect(p.steps[0]!.postConditions[0]).toMatchObject({ path: ['metadata', 'generation'], equals: 2 });
    expect(p.steps[0]!.postConditions[2]).toMatchObject({ rules: ['scaledobject-stale-env'] });
  });

  it('unsets a field at its default; finds the ScaledObject from its workload', () => {
    const p = plan('default-set');
    expect(p.steps[0]!.operations[0]).toMatchObject({ patch: { spec: { pollingInterval: null } } });
    expect((p.steps[0]!.operations[0] as { after: KubeObject }).after.spec).not.toHaveProperty('pollingInterval');
  });

  it('is blocked when no field can be toggled neutrally, and says to restart the operator instead', () => {
    const p = plan('no-neutral-change');
    expect(blocked(p)).toBe(true);
    expect(p.steps).toEqual([]);
    expect(p.preflight.find((c) => c.check === 'neutral-change')?.remedy).toContain('keda-operator-restart');
    expect(p.preflight.find((c) => c.check === 'not-paused')).toMatchObject({ ok: false, blocking: false });
  });

  it('toggles the first candidate in order', () => {
    const so = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'x' }, spec });
    expect(neutralToggle(so({}))).toMatchObject({ field: 'pollingInterval', from: undefined, to: 30 });
    expect(neutralToggle(so({ pollingInterval: 10 }))).toMatchObject({ field: 'cooldownPeriod', to: 300 });
    expect(neutralToggle(so({ pollingInterval: 10, cooldownPeriod: 300 }))).toMatchObject({ field: 'cooldownPeriod', from: 300, to: undefined });
    expect(neutralToggle(so({ pollingInterval: 10, cooldownPeriod: 1, maxReplicaCount: 100 }))).toMatchObject({ field: 'maxReplicaCount', to: undefined });
  });
});

describe('keda-operator-restart', () => {
  const plan = (name: string) => {
    const { input, snapshot } = load(path.join(root, 'keda-operator-restart', `${name}.before.yaml`));
    return planKedaOperatorRestart(snapshot, input.target, input.facts, {});
  };

  it('patches restartedAt like kubectl and waits for a new Ready pod and the cleared finding', () => {
    const p = plan('for-scaledobject');
    expect(blocked(p)).toBe(false);
    expect(p.steps[0]!.operations[0]).toMatchObject({ patchType: 'strategic', patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T12:00:00Z' } } } } } });
    const pcs = p.steps[0]!.postConditions;
    expect(pcs.filter((c) => c.kind === 'field').map((c) => (c.kind === 'field' ? c.path.join('.') : ''))).toEqual(['status.observedGeneration', 'status.updatedReplicas', 'status.readyReplicas', 'status.replicas']);
    expect(pcs.at(-1)).toMatchObject({ kind: 'no-findings', subjects: [{ kind: 'ScaledObject', name: 'order-events-consumer' }] });
    expect(p.preflight.find((c) => c.check === 'affects-every-scaledobject')?.detail).toContain('all 2 ScaledObjects');
  });

  it('for the operator itself, every ScaledObject that reads env must be clear', () => {
    const pcs = plan('for-operator').steps[0]!.postConditions;
    expect(pcs.at(-1)).toMatchObject({ kind: 'no-findings', subjects: [{ name: 'order-events-consumer' }] });
  });

  it('is blocked without an operator', () => {
    expect(blocked(plan('no-operator'))).toBe(true);
  });
});
