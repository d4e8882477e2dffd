import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotFromObjects } from '@/test/snapshot-builder';
import { buildScalingGraph } from '../graph/scaling-graph';
import type { KubeObject } from '../k8s/object';
import { RESOURCE_KINDS } from '../k8s/resources';
import { FIXTURE_NOW, historyOf, parseFixture, subjectKey } from './fixtures';
import { RULES } from './index';
import { NO_HISTORY } from './types';

const dir = path.join(__dirname);
const fixturesDir = path.join(dir, '__fixtures__');
const NOT_RULES = new Set(['index.ts', 'engine.ts', 'types.ts', 'text.ts', 'fixtures.ts', 'incremental.ts']);

describe('rule registry', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_RULES.has(f));

  it('registers every rule file, once, with its file name as id', () => {
    expect(RULES.map((r) => `${r.id}.ts`).sort()).toEqual(files.sort());
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((r) => [r.id]))('%s has conflict and clean fixtures', (id) => {
    const names = readdirSync(path.join(fixturesDir, id));
    expect(names.filter((n) => /^conflict\..+\.yaml$/.test(n)).length).toBeGreaterThan(0);
    expect(names.filter((n) => /^clean\..+\.yaml$/.test(n)).length).toBeGreaterThan(0);
  });
});

const cases = RULES.flatMap((rule) =>
  readdirSync(path.join(fixturesDir, rule.id)).filter((n) => n.endsWith('.yaml')).map((file) => ({ rule, file })),
);

describe.each(cases)('$rule.id › $file', ({ rule, file }) => {
  const { objects, expectation } = parseFixture(readFileSync(path.join(fixturesDir, rule.id, file), 'utf8'));
  const snapshot = snapshotFromObjects(objects);
  const ctx = { now: expectation.now ?? FIXTURE_NOW, graph: buildScalingGraph(snapshot), history: historyOf(expectation) };
  const findings = rule.check(snapshot, ctx);

  if (file.startsWith('clean.')) {
    it('stays quiet', () => expect(findings).toEqual([]));
    return;
  }
  it('fires on exactly the expected subjects', () => {
    expect(findings.length).toBeGreaterThan(0);
    if (expectation.findings) {
      const got = findings.map((f) => f.subjects.map(subjectKey).sort());
      expect(got.sort()).toEqual(expectation.findings.map((e) => [...e.subjects].sort()).sort());
    }
  });
  it('writes a complete finding: id, severity, names in the text, a remedy', () => {
    for (const f of findings) {
      expect(f.rule).toBe(rule.id);
      expect(f.severity).toBe(rule.severity);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.explanation.length).toBeGreaterThan(f.message.length);
      expect(f.remedy.length).toBeGreaterThan(10);
      // The explanation names the objects it is about.
      for (const s of f.subjects.slice(0, 2)) expect(f.explanation).toContain(s.name);
    }
  });
  if (expectation.findings?.some((e) => e.actions)) {
    it('offers the expected actions', () => {
      for (const e of expectation.findings!.filter((x) => x.actions)) {
        const f = findings.find((x) => [...x.subjects.map(subjectKey)].sort().join() === [...e.subjects].sort().join());
        expect(f?.actions ?? []).toEqual(e.actions);
      }
    });
  }
});

/** Random, often malformed objects of every kind scaleguard reads: rules must never throw. */
const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, junk);
const name = fc.constantFrom('a', 'b', 'web', 'orders', 'a-primary');
const ref = fc.record({ apiVersion: maybe(fc.constantFrom('apps/v1', '', 'autoscaling/v2', 'keda.sh/v1alpha1')), kind: maybe(fc.constantFrom('Deployment', 'StatefulSet', 'HorizontalPodAutoscaler', '')), name: maybe(name) }, { requiredKeys: [] });
const arbitraryObject = fc.record({
  kind: fc.constantFrom(...RESOURCE_KINDS.map((k) => k.kind)),
  name,
  spec: maybe(fc.record({
    scaleTargetRef: maybe(ref), targetRef: maybe(ref), autoscalerRef: maybe(ref), minReplicas: maybe(fc.integer({ min: -1, max: 5 })), maxReplicas: maybe(fc.integer({ min: 0, max: 5 })),
    minReplicaCount: maybe(fc.integer({ min: 0, max: 3 })), maxReplicaCount: maybe(fc.integer()), triggers: maybe(fc.array(fc.record({ type: maybe(fc.constantFrom('cpu', 'kafka', 'prometheus')), metadata: junk }), { maxLength: 2 })),
    jobs: maybe(fc.array(fc.record({ schedule: maybe(fc.string()), targetSize: junk }), { maxLength: 2 })), updatePolicy: junk, metrics: junk, template: junk, replicas: junk, selector: junk, advanced: junk, resourcePolicy: junk,
  }, { requiredKeys: [] })),
  status: maybe(fc.record({
    conditions: maybe(fc.array(fc.record({
      type: maybe(fc.constantFrom('Ready', 'Active', 'Paused', 'ScalingActive', 'AbleToScale', 'ScalingLimited', 'PodResizePending', 'PodResizeInProgress', 'Promoted')),
      status: maybe(fc.constantFrom('True', 'False', 'Unknown')),
      reason: junk, message: junk, lastTransitionTime: maybe(fc.constantFrom('2026-11-22T11:00:00Z', 'not a date')),
      name: junk, state: maybe(fc.constantFrom('Submitted', 'Succeed', 'Failed')), schedule: junk,
    }, { requiredKeys: [] }), { maxLength: 3 })),
    currentReplicas: junk, desiredReplicas: junk, phase: junk, hpaName: junk, resize: junk, startTime: junk,
  }, { requiredKeys: [] })),
  annotations: maybe(fc.dictionary(fc.constantFrom('autoscaling.keda.sh/paused-replicas', 'autoscaling.keda.sh/paused', 'x'), fc.string(), { maxKeys: 2 })),
  owner: fc.option(fc.record({ kind: fc.constantFrom('ScaledObject', 'Canary'), name, uid: fc.string() })),
  badOwner: junk,
  generation: junk,
  created: maybe(fc.constantFrom('2026-11-20T00:00:00Z', 'yesterday')),
});

it('no rule throws on random and malformed objects', () => {
  fc.assert(fc.property(fc.array(arbitraryObject, { maxLength: 8 }), (raw) => {
    const objects = raw.map((o) => {
      const k = RESOURCE_KINDS.find((r) => r.kind === o.kind)!;
      return {
        apiVersion: k.group ? `${k.group}/${k.version}` : k.version,
        kind: o.kind,
        metadata: { name: o.name, namespace: 'ns', annotations: o.annotations, ownerReferences: o.owner ? [{ apiVersion: 'x/v1', ...o.owner }, o.badOwner] : o.badOwner, generation: o.generation, creationTimestamp: o.created },
        spec: o.spec,
        status: o.status,
      } as unknown as KubeObject;
    });
    const snapshot = snapshotFromObjects(objects);
    const ctx = { now: FIXTURE_NOW, graph: buildScalingGraph(snapshot), history: NO_HISTORY };
    for (const rule of RULES) rule.check(snapshot, ctx);
  }), { numRuns: 300 });
});
