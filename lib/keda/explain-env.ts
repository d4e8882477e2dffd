/**
 * When KEDA last built a ScaledObject's scalers and which `*FromEnv` values it read then, versus
 * what the scale target's pod template says now (upstream keda#5915), pure. Shared by the rule
 * `scaledobject-stale-env` and the KEDA page, so both tell the same story.
 *
 * KEDA resolves `*FromEnv` parameters from the pod template (container `envSourceContainerName`,
 * else `containers[0]`; `lib/keda/env.ts`) only when it builds the scalers, and rebuilds them only
 * when the ScaledObject's generation changes, the keda-operator starts, or a scaler errors. What a
 * real cluster shows of that: the generation (and when scaleguard saw it appear, `RuleHistory`),
 * the keda-operator pods' start times, and the Deployment's ReplicaSets (its templates over
 * revisions). Secrets are never read: a Secret-backed variable is compared by name and key.
 */
import { memoByObject } from '../k8s/memo';
import { indexOf } from '../snapshot-index';
import { at, int, list, str, stringMap } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject, type Trigger } from '../k8s/scaled-object';
import type { RuleHistory } from '../rules/types';
import type { Snapshot } from '../snapshot';
import { envSourceContainer, fromEnvParams } from './env';
import { envVarStates, type VarState } from './explain-env-vars';

export { envVarStates, type VarState } from './explain-env-vars';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** One `<param>FromEnv` a trigger reads (without a literal `<param>` beside it, which would win). */
export interface EnvRead {
  trigger: Trigger;
  index: number;
  param: string;
  envName: string;
}

/** A revision of a Deployment's pod template, from its ReplicaSets. */
export interface Revision {
  revision: number;
  rs: KubeObject;
  /** When this revision became the Deployment's template, as far as known (ms). */
  effective: number;
  /** A reused ReplicaSet (rollback): `effective` is only a lower bound. */
  reused: boolean;
}

/** When the scalers were last built, and why scaleguard thinks so. */
export interface BuildTime {
  /** ms since epoch. */
  at: number;
  /** What the build time rests on, in words (backticks mark code). */
  because: string[];
  /** What is not known and could make the build later. */
  unknown: string[];
}

/** The keda-operator process scaleguard can see: its oldest running pod and that pod's (re)start. */
export interface OperatorStart {
  at: number;
  pod: string;
}

/** The `*FromEnv` parameters a ScaledObject's triggers read, once per object. */
export const envReadsOf = memoByObject((so: KubeObject): EnvRead[] => ScaledObject.triggers(so).flatMap((trigger, index) =>
  fromEnvParams(trigger.metadata).filter((p) => !trigger.metadata[p.param]).map((p) => ({ trigger, index, ...p })),
));

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isFinite(v) ? v : undefined;
}

/** `2026-11-22T12:00:00Z` (milliseconds only when not zero). */
export function isoOf(v: number): string {
  return new Date(v).toISOString().replace('.000Z', 'Z');
}

/**
 * The oldest running keda-operator process: pods labelled `app=keda-operator` (or
 * `app.kubernetes.io/name=keda-operator`), each at its latest (re)start — `status.startTime`, or a
 * container's `state.running.startedAt` after a restart. With several replicas the oldest is taken,
 * as the leader that builds scalers is usually the oldest pod.
 */
export function operatorStart(snapshot: Snapshot): OperatorStart | undefined {
  let best: OperatorStart | undefined;
  for (const pod of snapshot.objects.pods) {
    const labels = stringMap(pod.metadata.labels);
    if (labels.app !== 'keda-operator' && labels['app.kubernetes.io/name'] !== 'keda-operator') continue;
    if (str(at(pod.status, 'phase')) !== 'Running' || pod.metadata.deletionTimestamp) continue;
    const starts = [ms(str(at(pod.status, 'startTime'))), ...list(at(pod.status, 'containerStatuses')).map((c) => ms(str(at(c, 'state', 'running', 'startedAt'))))]
      .filter((v): v is number => v !== undefined);
    if (starts.length === 0) continue;
    const started = Math.max(...starts);
    if (!best || started < best.at) best = { at: started, pod: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}` };
  }
  return best;
}

const tick = (text: string) => `\`${text}\``;

/**
 * When KEDA last built the scalers = the later of the last generation change of the ScaledObject
 * (`creationTimestamp` at generation 1, else when scaleguard saw the current generation appear) and
 * the keda-operator's start. Undefined without a creation time.
 */
export function scalerBuildTime(so: KubeObject, history: RuleHistory, operator: OperatorStart | undefined): BuildTime | undefined {
  const created = ms(str(so.metadata.creationTimestamp));
  if (created === undefined) return undefined;
  const generation = int(so.metadata.generation);
  const because: string[] = [];
  const unknown: string[] = [];
  let built = created;
  if (generation === 1) {
    because.push(`the ScaledObject was created at ${isoOf(created)}, and its spec has not changed since: it is at generation 1`);
  } else {
    const seen = generation !== undefined && so.metadata.uid ? ms(history.generationObservedAt(so.metadata.uid, generation)) : undefined;
    if (seen !== undefined) {
      built = Math.max(built, seen);
      because.push(`generation ${generation} of its spec appeared at ${isoOf(seen)}`);
    } else {
      because.push(`the ScaledObject was created at ${isoOf(created)}`);
      unknown.push(`when its spec last changed — it is at generation ${generation ?? '(unknown)'}, reached before scaleguard was watching — which rebuilt the scaler then`);
    }
  }
  if (operator) {
    if (operator.at > built) because.push(`the keda-operator pod ${tick(operator.pod)} started at ${isoOf(operator.at)}`);
    built = Math.max(built, operator.at);
  } else {
    unknown.push('whether the keda-operator restarted since, which would have rebuilt the scaler: no running keda-operator pod (label `app=keda-operator`) is in the snapshot');
  }
  return { at: built, because, unknown };
}

/** A Deployment's revisions depend on the snapshot's ReplicaSets: kept per snapshot and Deployment. */
const revisionsMemo = new WeakMap<Snapshot, WeakMap<KubeObject, Revision[]>>();

/**
 * The Deployment's revisions from the ReplicaSets it owns, oldest first, each taking effect at its
 * creation (a rollback reuses an old ReplicaSet: it takes effect no earlier than its predecessors).
 */
export function deploymentRevisions(snapshot: Snapshot, deployment: KubeObject): Revision[] {
  let perSnapshot = revisionsMemo.get(snapshot);
  if (!perSnapshot) revisionsMemo.set(snapshot, (perSnapshot = new WeakMap()));
  let hit = perSnapshot.get(deployment);
  if (!hit) perSnapshot.set(deployment, (hit = computeRevisions(snapshot, deployment)));
  return hit;
}

function computeRevisions(snapshot: Snapshot, deployment: KubeObject): Revision[] {
  const owned = indexOf(snapshot).ownedBy('replicasets', deployment)
    .filter((rs) => list(rs.metadata.ownerReferences).some((o) =>
      str(at(o, 'kind')) === 'Deployment' && str(at(o, 'name')) === deployment.metadata.name && (!deployment.metadata.uid || !str(at(o, 'uid')) || str(at(o, 'uid')) === deployment.metadata.uid)))
    .map((rs) => ({ rs, revision: Number(stringMap(rs.metadata.annotations)[REVISION_ANNOTATION]), created: ms(str(rs.metadata.creationTimestamp)) }))
    .filter((r): r is { rs: KubeObject; revision: number; created: number } => Number.isInteger(r.revision) && r.revision > 0 && r.created !== undefined)
    .sort((a, b) => a.revision - b.revision);
  let latestSoFar = -Infinity;
  return owned.map((r) => {
    const reused = r.created < latestSoFar;
    latestSoFar = Math.max(latestSoFar, r.created);
    return { rs: r.rs, revision: r.revision, effective: latestSoFar, reused };
  });
}

/** The pod template spec of a Deployment, ReplicaSet or StatefulSet. */
export function podSpecOf(o: KubeObject): unknown {
  return at(o.spec, 'template', 'spec');
}

/** The container KEDA reads env from, by name: `envSourceContainerName`, else the first container's name. */
export function envContainerName(so: KubeObject, workload: KubeObject | undefined): { name: string | undefined; explicit: boolean } {
  const named = str(at(so.spec, 'scaleTargetRef', 'envSourceContainerName')) || undefined;
  if (named) return { name: named, explicit: true };
  const first = workload ? envSourceContainer(podSpecOf(workload), undefined) : undefined;
  return { name: first?.ok ? str(at(first.container, 'name')) : undefined, explicit: false };
}

/** What scaleguard can tell about one ScaledObject's env reads on a Deployment. */
export interface EnvAnalysis {
  reads: EnvRead[];
  /** `scaleTargetRef.envSourceContainerName`, undefined for `containers[0]`. */
  containerName: string | undefined;
  /** The variables read, once each, in trigger order. */
  vars: string[];
  built: BuildTime;
  revisions: Revision[];
  /** The revision whose template KEDA read when it built the scalers. */
  inEffect: Revision;
  /** Each variable as KEDA read it at the build, and as the Deployment's template has it now. */
  then: Map<string, VarState>;
  now: Map<string, VarState>;
  /** Variables whose state differs between the build and now. */
  changed: string[];
}

/** Why there is no analysis: nothing read from env, no creation time, or the template at build time is unknown. */
export type EnvAnalysisResult = { ok: true; analysis: EnvAnalysis } | { ok: false; reason: 'no-env-reads' | 'no-build-time' | 'no-revision-at-build'; built?: BuildTime };

/**
 * Compares what KEDA read when it last built the scalers (the template of the revision in effect
 * then) with the Deployment's template now. ConfigMaps are read with today's data in both.
 */
export function analyzeEnv(snapshot: Snapshot, so: KubeObject, deployment: KubeObject, history: RuleHistory, operator: OperatorStart | undefined): EnvAnalysisResult {
  const reads = envReadsOf(so);
  if (reads.length === 0) return { ok: false, reason: 'no-env-reads' };
  const built = scalerBuildTime(so, history, operator);
  if (!built) return { ok: false, reason: 'no-build-time' };
  const namespace = so.metadata.namespace ?? '';
  const containerName = str(at(so.spec, 'scaleTargetRef', 'envSourceContainerName')) || undefined;
  const vars = [...new Set(reads.map((r) => r.envName))];
  const revisions = deploymentRevisions(snapshot, deployment);
  const inEffect = revisions.filter((r) => r.effective <= built.at).at(-1);
  if (!inEffect) return { ok: false, reason: 'no-revision-at-build', built };
  const then = envVarStates(snapshot, podSpecOf(inEffect.rs), containerName, vars, namespace);
  const now = envVarStates(snapshot, podSpecOf(deployment), containerName, vars, namespace);
  const changed = vars.filter((v) => then.get(v)?.key !== now.get(v)?.key);
  return { ok: true, analysis: { reads, containerName, vars, built, revisions, inEffect, then, now, changed } };
}

/** The first revision after the build whose template differs from the build's for any of `vars`; undefined when none has (yet). */
export function firstChangeAfterBuild(snapshot: Snapshot, a: EnvAnalysis, vars: string[]): Revision | undefined {
  const namespace = a.inEffect.rs.metadata.namespace ?? '';
  return a.revisions.find((r) => r.revision > a.inEffect.revision &&
    vars.some((v) => envVarStates(snapshot, podSpecOf(r.rs), a.containerName, [v], namespace).get(v)?.key !== a.then.get(v)?.key));
}

/** Since which revision the template has held today's state of `v` (the earliest of the latest unbroken run); undefined when no revision does. */
export function templateSince(snapshot: Snapshot, a: EnvAnalysis, v: string): Revision | undefined {
  const namespace = a.inEffect.rs.metadata.namespace ?? '';
  const want = a.now.get(v)?.key;
  let since: Revision | undefined;
  for (let i = a.revisions.length - 1; i >= 0; i--) {
    const r = a.revisions[i]!;
    if (envVarStates(snapshot, podSpecOf(r.rs), a.containerName, [v], namespace).get(v)?.key !== want) break;
    since = r;
  }
  return since;
}
