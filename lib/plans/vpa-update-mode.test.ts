/**
 * Golden tests of `vpa-update-mode`: `__fixtures__/vpa-update-mode/<case>.before.yaml` (a
 * `PlanInput` document with target, facts and options, then the cluster objects) →
 * `<case>.after.yaml` (the plan). `UPDATE_GOLDEN=1` rewrites the goldens; review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { snapshotFromObjects } from '@/test/snapshot-builder';
import type { KubeObject } from '../k8s/object';
import { Vpa } from '../k8s/vpa';
import { applyPlan } from './apply';
import { blocked, type PlanFacts, type PlanOptions, type PlanTarget } from './types';
import { planVpaUpdateMode } from './vpa-update-mode';
import { parseServerVersion, serverSupportsInPlace } from './vpa-update-mode-preflight';

const root = path.join(__dirname, '__fixtures__', 'vpa-update-mode');

function load(name: string) {
  const docs = parseAllDocuments(readFileSync(path.join(root, `${name}.before.yaml`), 'utf8')).map((d) => d.toJS() as Record<string, unknown>).filter(Boolean);
  const input = docs.find((d) => d.kind === 'PlanInput') as unknown as { target: PlanTarget; facts: PlanFacts; options?: PlanOptions };
  const objects = docs.filter((d) => d.kind !== 'PlanInput') as unknown as KubeObject[];
  return { input, objects, snapshot: snapshotFromObjects(objects) };
}

const plan = (name: string) => {
  const { input, snapshot } = load(name);
  return planVpaUpdateMode(snapshot, input.target, input.facts, input.options ?? {});
};

const cases = readdirSync(root).filter((f) => f.endsWith('.before.yaml')).map((f) => f.replace('.before.yaml', ''));
const checks = (name: string) => plan(name).preflight.map((c) => [c.check, c.ok, c.blocking]);

describe.each(cases)('vpa-update-mode › %s', (name) => {
  const p = plan(name);
  it('matches the golden plan', () => {
    const golden = path.join(root, `${name}.after.yaml`);
    const text = `# Generated from ${name}.before.yaml by vpa-update-mode.test.ts (UPDATE_GOLDEN=1 rewrites it).\n${stringify(p, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
  it('is deterministic, touches what it patches, and has a step exactly when nothing blocks', () => {
    expect(plan(name)).toEqual(p);
    for (const step of p.steps) for (const op of step.operations) if (op.kind !== 'create') expect(p.touches).toContainEqual(op.target);
    expect(p.steps.length > 0).toBe(!blocked(p));
  });
});

describe('vpa-update-mode: Recreate → InPlaceOrRecreate (ml/trainer)', () => {
  it('patches only spec.updatePolicy.updateMode, with uid and resourceVersion preconditions, and waits for the field', () => {
    const { objects } = load('recreate-to-in-place');
    const p = plan('recreate-to-in-place');
    expect(blocked(p)).toBe(false);
    const step = p.steps[0]!;
    expect(step.operations).toHaveLength(1);
    expect(step.operations[0]).toMatchObject({ kind: 'patch', patchType: 'merge', patch: { spec: { updatePolicy: { updateMode: 'InPlaceOrRecreate' } } }, precondition: { uid: 'vpa-trainer', resourceVersion: '300' } });
    expect(step.postConditions).toEqual([{ kind: 'field', target: { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', namespace: 'ml', name: 'trainer' }, path: ['spec', 'updatePolicy', 'updateMode'], equals: 'InPlaceOrRecreate', description: 'VPA trainer has updateMode InPlaceOrRecreate' }]);
    expect(step.inverse).toEqual([{ kind: 'restore-backup', target: { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', namespace: 'ml', name: 'trainer' } }]);
    const after = applyPlan(objects, p).find((o) => o.kind === 'VerticalPodAutoscaler')!;
    expect(Vpa.updateMode(after)).toBe('InPlaceOrRecreate');
    expect(after.status).toEqual(objects.find((o) => o.kind === 'VerticalPodAutoscaler')!.status);
  });

  it('says honestly that an in-place resize may still restart a container', () => {
    const w = plan('recreate-to-in-place').preflight.find((c) => c.check === 'restarts-possible')!;
    expect(w).toMatchObject({ ok: false, blocking: false });
    expect(w.detail).toContain('possibly disruptive');
    expect(checks('recreate-to-in-place')).toEqual([
      ['vpa-found', true, true], ['mode-valid', true, true], ['mode-changes', true, true], ['crd-accepts-mode', true, true],
      ['server-in-place', true, true], ['resize-policy', true, false], ['restarts-possible', false, false], ['no-hpa-on-same-resource', true, false],
    ]);
  });
});

describe('vpa-update-mode warnings and refusals', () => {
  it('names the containers whose resizePolicy restarts them, and the HPA that scales on a resource the VPA sets', () => {
    const p = plan('restart-policy-and-hpa');
    expect(blocked(p)).toBe(false);
    expect(p.preflight.find((c) => c.check === 'resize-policy')!.detail).toContain('model: cpu NotRequired, memory RestartContainer');
    expect(p.preflight.find((c) => c.check === 'no-hpa-on-same-resource')).toMatchObject({ ok: false, blocking: false });
  });

  it('warns about feature gates on Kubernetes before 1.33 and VPA 1.4', () => {
    expect(checks('feature-gates')).toContainEqual(['server-in-place', false, false]);
    expect(checks('feature-gates')).toContainEqual(['crd-accepts-mode', false, false]);
    expect(plan('feature-gates').preflight.find((c) => c.check === 'server-in-place')!.detail).toContain('InPlacePodVerticalScaling');
  });

  it('refuses a VPA too old for the mode, an unknown mode, an unchanged mode and a missing VPA', () => {
    expect(checks('vpa-too-old')).toContainEqual(['crd-accepts-mode', false, true]);
    expect(checks('unknown-mode')).toContainEqual(['mode-valid', false, true]);
    expect(checks('already-in-mode')).toContainEqual(['mode-changes', false, true]);
    expect(checks('missing')).toEqual([['vpa-found', false, true]]);
  });

  it('without a mode, proposes Off for a VPA that fights an HPA (planned from the workload)', () => {
    const p = plan('default-off-for-hpa');
    expect(p.steps[0]!.operations[0]).toMatchObject({ patch: { spec: { updatePolicy: { updateMode: 'Off' } } }, target: { name: 'recommender' } });
    expect(p.preflight[0]!.detail).toContain('vpa-hpa-same-resource');
  });

  it('reads server versions as the API reports them', () => {
    expect(parseServerVersion('v1.33.4-gke.1200')).toEqual([1, 33]);
    expect(parseServerVersion(undefined)).toBeUndefined();
    expect(serverSupportsInPlace('v1.26.3', 'InPlace')).toMatchObject({ ok: false, blocking: true });
    expect(serverSupportsInPlace('v1.26.3', 'InPlaceOrRecreate')).toMatchObject({ ok: false, blocking: false });
  });
});
