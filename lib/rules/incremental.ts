/**
 * The rule engine, namespace by namespace, reusing the previous answer for every namespace none of
 * whose objects changed. A cluster changes a few objects at a time, so after the first pass a new
 * snapshot costs a grouping pass plus the rules of the namespaces that changed, not the whole
 * cluster (design §10: findings of 10,000 workloads well within one refresh).
 *
 * Why this is the same answer as {@link runRules} on the whole snapshot: every rule files a finding
 * under its first subject and reads only objects of that subject's namespace, with two exceptions
 * that are carried into every namespace's view — cluster-scoped objects and the add-on
 * controllers' namespaces (the Flagger release, the keda-operator's pods and start, the CronHPA
 * controller's time zone, the VPA components). When any of those change, everything is
 * re-evaluated. Rules marked `volatile` read `now` or the recorded history, which change without
 * an object changing, so they run on every call (over the kept per-namespace views: cheap).
 * `incremental.test.ts` holds the equivalence to the whole-snapshot engine on the demo and on
 * generated clusters under random edits.
 */
import { buildScalingGraph, type ScalingGraph } from '../graph/scaling-graph';
import { memoByObject } from '../k8s/memo';
import type { KubeObject } from '../k8s/object';
import { RESOURCE_KINDS, type ResourceId } from '../k8s/resources';
import { Workload } from '../k8s/workload';
import type { Snapshot } from '../snapshot';
import { rankFindings, type EngineResult } from './engine';
import { RULES } from './index';
import { NO_HISTORY, type Finding, type Rule, type RuleHistory } from './types';

type Objects = Record<ResourceId, KubeObject[]>;

interface NamespaceView {
  /** The namespace's own objects, by kind: compared by identity with the next snapshot's. */
  own: Objects;
  view: Snapshot;
  graph: ScalingGraph;
  /** What the non-volatile rules said, kept while nothing in the view changes. */
  stable: RuleOutput;
}

interface RuleOutput {
  findings: Finding[];
  errors: EngineResult['errors'];
}

/** What one evaluation leaves for the next; opaque to callers. */
export interface IncrementalState {
  global: Objects;
  globalKey: string;
  rules: readonly Rule[];
  namespaces: Map<string, NamespaceView>;
}

export interface IncrementalOptions {
  now: string;
  history?: RuleHistory;
  rules?: readonly Rule[];
}

export interface IncrementalResult extends EngineResult {
  state: IncrementalState;
  /** Namespaces whose non-volatile rules ran this time (the rest were reused). */
  reevaluated: number;
}

/** The cluster's pseudo-namespace: findings about cluster-scoped subjects. */
const CLUSTER = '';

export function runRulesIncrementally(snapshot: Snapshot, opts: IncrementalOptions, previous?: IncrementalState): IncrementalResult {
  const rules = opts.rules ?? RULES;
  const { global, groups, system } = groupByNamespace(snapshot);
  const globalKey = keyOf(snapshot);
  const reuse = previous && previous.rules === rules && previous.globalKey === globalKey && sameObjects(previous.global, global) ? previous.namespaces : undefined;
  const ctxBase = { now: opts.now, history: opts.history ?? NO_HISTORY };
  const stableRules = rules.filter((r) => !r.volatile);
  const volatileRules = rules.filter((r) => r.volatile);
  const namespaces = new Map<string, NamespaceView>();
  const findings: Finding[] = [];
  const errors = new Map<string, string>();
  let reevaluated = 0;
  for (const [ns, own] of groups) {
    let nv = reuse?.get(ns);
    if (!nv || !sameObjects(nv.own, own)) {
      const view = viewOf(snapshot, ns === CLUSTER || system.has(ns) ? global : mergeObjects(own, global));
      const graph = buildScalingGraph(view);
      nv = { own, view, graph, stable: evaluate(stableRules, view, { ...ctxBase, graph }, ns) };
      reevaluated++;
    }
    namespaces.set(ns, nv);
    const fresh = evaluate(volatileRules, nv.view, { ...ctxBase, graph: nv.graph }, ns);
    for (const out of [nv.stable, fresh]) {
      findings.push(...out.findings);
      for (const e of out.errors) errors.set(e.rule, e.message);
    }
  }
  return {
    findings: findings.sort(rankFindings),
    errors: [...errors].map(([rule, message]) => ({ rule, message })),
    state: { global, globalKey, rules, namespaces },
    reevaluated,
  };
}

/** Runs rules over one view and keeps the findings filed under the namespace the view is for. */
function evaluate(rules: readonly Rule[], view: Snapshot, ctx: Parameters<Rule['check']>[1], ns: string): RuleOutput {
  const out: RuleOutput = { findings: [], errors: [] };
  for (const rule of rules) {
    try {
      for (const f of rule.check(view, ctx)) if ((f.subjects[0]?.namespace ?? CLUSTER) === ns) out.findings.push(f);
    } catch (e) {
      out.errors.push({ rule: rule.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

function emptyObjects(): Objects {
  const o = {} as Objects;
  for (const k of RESOURCE_KINDS) o[k.id] = [];
  return o;
}

/**
 * Every namespace's own objects, and the global ones every view carries: cluster-scoped objects
 * and everything in an add-on controller's namespace (which is also a namespace of its own). The
 * cluster pseudo-namespace is always evaluated, over the global objects alone.
 */
function groupByNamespace(s: Snapshot): { global: Objects; groups: Map<string, Objects>; system: Set<string> } {
  const system = controllerNamespaces(s);
  const global = emptyObjects();
  const groups = new Map<string, Objects>([[CLUSTER, emptyObjects()]]);
  for (const k of RESOURCE_KINDS) {
    for (const o of s.objects[k.id]) {
      const ns = o.metadata.namespace;
      if (!ns || system.has(ns)) global[k.id].push(o);
      if (!ns) continue;
      let g = groups.get(ns);
      if (!g) groups.set(ns, (g = emptyObjects()));
      g[k.id].push(o);
    }
  }
  return { global, groups, system };
}

/** Names of the add-ons' Deployments in the upstream manifests and Helm charts. */
const CONTROLLER_NAMES = new Set([
  'keda-operator', 'keda-operator-metrics-apiserver', 'keda-admission-webhooks', 'flagger',
  'vpa-recommender', 'vpa-updater', 'vpa-admission-controller', 'kubernetes-cronhpa-controller',
]);
const CONTROLLER_IMAGE = /(^|\/)(flagger|keda|keda-metrics-apiserver|keda-admission-webhooks|vpa-recommender|vpa-updater|vpa-admission-controller|kubernetes-cronhpa-controller)(:|@|$)/;

const isController = (name: string, labels: Record<string, string>) =>
  CONTROLLER_NAMES.has(name) || CONTROLLER_NAMES.has(labels['app.kubernetes.io/name'] ?? '') || CONTROLLER_NAMES.has(labels['app'] ?? '');

/** Whether a Deployment is an add-on's controller (once per object: a watch replaces changed ones). */
const isControllerDeployment = memoByObject((d: KubeObject): boolean =>
  isController(d.metadata.name ?? '', d.metadata.labels ?? {}) || Workload.containers(d).some((c) => CONTROLLER_IMAGE.test(c.image)));

/** Namespaces where an add-on's controller runs: what the rules read across namespaces lives there. */
function controllerNamespaces(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const d of s.objects.deployments) {
    const ns = d.metadata.namespace;
    if (ns && !out.has(ns) && isControllerDeployment(d)) out.add(ns);
  }
  for (const p of s.objects.pods) {
    const ns = p.metadata.namespace;
    if (ns && !out.has(ns) && isController('', p.metadata.labels ?? {})) out.add(ns);
  }
  return out;
}

/** A namespace's view: its own objects, then the global ones (disjoint: it is not a controller namespace). */
function mergeObjects(own: Objects, global: Objects): Objects {
  const out = {} as Objects;
  for (const k of RESOURCE_KINDS) out[k.id] = global[k.id].length ? [...own[k.id], ...global[k.id]] : own[k.id];
  return out;
}

/** What every view shares besides objects: kinds' states, the server and the connection. */
function keyOf(s: Snapshot): string {
  const kinds = RESOURCE_KINDS.map((k) => s.kinds[k.id]?.state ?? '').join(',');
  return `${kinds}|${s.cluster.server ?? ''}|${s.cluster.version ?? ''}|${s.connection.state}`;
}

function sameObjects(a: Objects, b: Objects): boolean {
  for (const k of RESOURCE_KINDS) {
    const x = a[k.id];
    const y = b[k.id];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

function viewOf(s: Snapshot, objects: Objects): Snapshot {
  return { ...s, objects };
}
