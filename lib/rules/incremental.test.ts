import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMetadata, type KubeObject } from '../k8s/object';
import { RESOURCE_KINDS, type ResourceId } from '../k8s/resources';
import { Snapshot } from '../snapshot';
import { runRules } from './engine';
import { FIXTURE_NOW, historyOf, parseFixture } from './fixtures';
import { runRulesIncrementally, type IncrementalState } from './incremental';
import { RULES } from './index';
import { NO_HISTORY } from './types';
import { buildScalingGraph } from '../graph/scaling-graph';

const FIXTURES = path.join(__dirname, '__fixtures__');
const ID_OF = new Map(RESOURCE_KINDS.map((k) => [k.kind, k.id]));

/** Every rule fixture in one cluster, each file in namespaces of its own (add-on namespaces kept). */
function fixtureCluster(): KubeObject[] {
  const out: KubeObject[] = [];
  let i = 0;
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const file of readdirSync(path.join(FIXTURES, rule)).sort()) {
      i++;
      for (const o of parseFixture(readFileSync(path.join(FIXTURES, rule, file), 'utf8')).objects) {
        const ns = o.metadata?.namespace;
        const keep = !ns || ['keda', 'flagger-system', 'kube-system'].includes(ns);
        const metadata = normalizeMetadata(keep ? o.metadata : { ...o.metadata, namespace: `${ns}-${i}` });
        out.push({ ...o, metadata });
      }
    }
  }
  return out;
}

/** As the informer cache builds them: an unchanged object is the same object in the next snapshot. */
function snapshotOf(objects: readonly KubeObject[]): Snapshot {
  const s = Snapshot.empty('test', FIXTURE_NOW, { state: 'connected' });
  const by = {} as Record<ResourceId, KubeObject[]>;
  for (const k of RESOURCE_KINDS) by[k.id] = [];
  for (const o of objects) {
    const id = ID_OF.get(o.kind);
    if (id) by[id].push(o);
  }
  for (const k of RESOURCE_KINDS) {
    s.objects[k.id] = by[k.id];
    s.kinds[k.id] = { state: 'synced', count: by[k.id].length };
  }
  return s;
}

type Edit = { op: 'bump' | 'delete' | 'annotate' | 'copy'; at: number };

/** One edit as a cluster makes them: a new object in place of the old one, never a mutation. */
function apply(objects: KubeObject[], e: Edit): KubeObject[] {
  const i = e.at % objects.length;
  const o = objects[i]!;
  const next = [...objects];
  if (e.op === 'delete') next.splice(i, 1);
  else if (e.op === 'copy') next.push({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), name: `${o.metadata.name}-copy${objects.length}` } });
  else if (e.op === 'annotate') next[i] = { ...structuredClone(o), metadata: { ...structuredClone(o.metadata), annotations: { ...o.metadata.annotations, 'test/edit': String(objects.length) } } };
  else {
    const c = structuredClone(o);
    const spec = c.spec as Record<string, unknown> | undefined;
    if (spec && typeof spec.maxReplicas === 'number') spec.maxReplicas += 1;
    else if (spec && typeof spec.replicas === 'number') spec.replicas += 1;
    else if (spec && typeof spec.maxReplicaCount === 'number') spec.maxReplicaCount += 1;
    else c.metadata = { ...c.metadata, labels: { ...c.metadata.labels, edited: 'yes' } };
    next[i] = c;
  }
  return next;
}

const same = (a: { findings: unknown[]; errors: unknown[] }, b: { findings: unknown[]; errors: unknown[] }) => {
  expect(JSON.stringify(a.findings)).toEqual(JSON.stringify(b.findings));
  expect(a.errors).toEqual(b.errors);
};

describe('the incremental engine', () => {
  const base = fixtureCluster();

  it('gives the whole-snapshot answer on every rule fixture at once, and fires every rule', () => {
    const s = snapshotOf(base);
    const inc = runRulesIncrementally(s, { now: FIXTURE_NOW });
    same(inc, runRules(s, { now: FIXTURE_NOW }));
    expect(new Set(inc.findings.map((f) => f.rule)).size).toBe(RULES.length);
  });

  it('re-evaluates only the namespaces that changed, and nothing when nothing changed', () => {
    const first = runRulesIncrementally(snapshotOf(base), { now: FIXTURE_NOW });
    const again = runRulesIncrementally(snapshotOf(base), { now: FIXTURE_NOW }, first.state);
    expect(again.reevaluated).toBe(0);
    same(again, first);
    const i = base.findIndex((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.namespace !== 'kube-system');
    const edited = apply(base, { op: 'bump', at: i });
    expect(runRulesIncrementally(snapshotOf(edited), { now: FIXTURE_NOW }, first.state).reevaluated).toBe(1);
  });

  it('re-evaluates everything when an add-on controller changes', () => {
    const first = runRulesIncrementally(snapshotOf(base), { now: FIXTURE_NOW });
    const i = base.findIndex((o) => o.kind === 'Deployment' && o.metadata.name === 'flagger');
    expect(i).toBeGreaterThanOrEqual(0);
    const edited = runRulesIncrementally(snapshotOf(apply(base, { op: 'annotate', at: i })), { now: FIXTURE_NOW }, first.state);
    expect(edited.reevaluated).toBe(first.state.namespaces.size);
  });

  it('runs the volatile rules again at a later instant (durations measured against now)', () => {
    const first = runRulesIncrementally(snapshotOf(base), { now: FIXTURE_NOW });
    const later = new Date(Date.parse(FIXTURE_NOW) + 6 * 3_600_000).toISOString();
    const s = snapshotOf(base);
    same(runRulesIncrementally(s, { now: later }, first.state), runRules(s, { now: later }));
  });

  it('marks volatile every rule whose answer moves with now or the recorded history', () => {
    const moved = new Set<string>();
    for (const rule of readdirSync(FIXTURES)) {
      for (const file of readdirSync(path.join(FIXTURES, rule))) {
        const fx = parseFixture(readFileSync(path.join(FIXTURES, rule, file), 'utf8'));
        const s = snapshotOf(fx.objects);
        const graph = buildScalingGraph(s);
        const now = fx.expectation.now ?? FIXTURE_NOW;
        const a = (r: (typeof RULES)[number]) => JSON.stringify(r.check(s, { now, graph, history: historyOf(fx.expectation) }));
        const later = new Date(Date.parse(now) + 30 * 86_400_000).toISOString();
        for (const r of RULES) {
          if (a(r) !== JSON.stringify(r.check(s, { now: later, graph, history: historyOf(fx.expectation) })) ||
              a(r) !== JSON.stringify(r.check(s, { now, graph, history: NO_HISTORY }))) moved.add(r.id);
        }
      }
    }
    expect([...moved].sort()).toEqual(RULES.filter((r) => r.volatile).map((r) => r.id).sort());
  });

  it('stays equal to the whole-snapshot engine under any sequence of edits', () => {
    const edit = fc.record({ op: fc.constantFrom<Edit['op']>('bump', 'delete', 'annotate', 'copy'), at: fc.nat() });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      let objects = base;
      let state: IncrementalState | undefined = runRulesIncrementally(snapshotOf(objects), { now: FIXTURE_NOW }).state;
      for (const e of edits) {
        objects = apply(objects, e);
        const s = snapshotOf(objects);
        const inc = runRulesIncrementally(s, { now: FIXTURE_NOW }, state);
        same(inc, runRules(s, { now: FIXTURE_NOW }));
        state = inc.state;
      }
    }), { numRuns: 40 });
  });
});
