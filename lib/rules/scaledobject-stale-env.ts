/**
 * A trigger reads a `*FromEnv` parameter, and the variable changed in the target's pod template
 * after KEDA last built the scaler (upstream keda#5915). KEDA resolves `*FromEnv` from the pod
 * template of the scale target (container `scaleTargetRef.envSourceContainerName`, else
 * `containers[0]`) only when it builds the scaler, and rebuilds it only when the ScaledObject's
 * generation changes, the keda-operator starts, or the scaler errors; until then it keeps the old
 * value — a Kafka consumer group, a queue name, a server address.
 *
 * When the scaler was built = the later of
 * - the last generation change of the ScaledObject: `creationTimestamp` at generation 1, else when
 *   scaleguard saw the current generation appear (`ctx.history.generationObservedAt`);
 * - the start of the keda-operator: pods labelled `app=keda-operator` (or
 *   `app.kubernetes.io/name=keda-operator`) in any namespace, each at its latest (re)start
 *   (`status.startTime`, or a container's `state.running.startedAt` after a restart); with several
 *   replicas the oldest one is taken, as the leader that builds scalers is usually the oldest pod.
 * What the scaler read = the env of the Deployment revision in effect then: the ReplicaSets owned by
 * the Deployment, by `deployment.kubernetes.io/revision`, each taking effect at its creation (a
 * rollback reuses an old ReplicaSet: it takes effect no earlier than its predecessors). What it
 * reads now = the Deployment's template. Values come from literals and ConfigMaps (by value, with
 * today's ConfigMap data); Secrets are compared by name and key only (never read). Resolution is
 * `lib/keda/env.ts`.
 *
 * Decisions where the spec is silent:
 * - Unknown history: when the generation change or the operator start is not known the rule still
 *   fires if the change is later than everything it does know, and says which piece is unknown.
 *   When the ReplicaSet in effect at build time is gone (revisionHistoryLimit) it cannot tell what
 *   the scaler read and stays quiet, as it does for StatefulSets (their ControllerRevisions are
 *   not in the snapshot) and other targets.
 * - A parameter also given literally (`consumerGroup` next to `consumerGroupFromEnv`) is not
 *   read from the env: the literal wins upstream, so it is ignored here.
 * - ConfigMap contents have no history: a ConfigMap edited in place after the build goes unseen;
 *   the finding says so when a variable comes from a ConfigMap.
 */
import { memoByObject } from '../k8s/memo';
import { indexOf } from '../snapshot-index';
import { envSourceContainer, fromEnvParams, resolveContainerEnv } from '../keda/env';
import { at, int, list, str, stringMap } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject, type Trigger } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

interface Read {
  trigger: Trigger;
  index: number;
  param: string;
  envName: string;
}

/** What one variable resolves to: `key` compares, `show` is for people, `source` says where it comes from. */
interface VarState {
  key: string;
  show: string;
  source?: string;
}

interface Revision {
  revision: number;
  rs: KubeObject;
  /** When this revision became the Deployment's template, as far as known. */
  effective: number;
  /** A reused ReplicaSet (rollback): `effective` is only a lower bound. */
  reused: boolean;
}

interface BuildTime {
  at: number;
  /** What the build time rests on, in words. */
  because: string[];
  /** What is not known and could make the build later. */
  unknown: string[];
}

export const scaledObjectStaleEnv: Rule = {
  id: 'scaledobject-stale-env',
  severity: 'warning',
  title: 'KEDA scaler built with an old environment value',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    const operator = operatorStart(snapshot);
    for (const so of snapshot.objects.scaledobjects) {
      const reads = readsOf(so);
      if (reads.length === 0) continue;
      const target = ScaledObject.scaleTarget(so);
      if (!target || target.group !== 'apps' || target.kind !== 'Deployment') continue;
      const deployment = ctx.graph.nodes.get(targetKey(target))?.object;
      if (!deployment) continue;
      const f = check(snapshot, ctx, so, deployment, reads, operator);
      if (f) findings.push(f);
    }
    return findings;
  },
};

/** The `*FromEnv` parameters a ScaledObject's triggers read (without a literal beside them), once per object. */
const readsOf = memoByObject((so: KubeObject): Read[] => ScaledObject.triggers(so).flatMap((trigger, index) =>
  fromEnvParams(trigger.metadata).filter((p) => !trigger.metadata[p.param]).map((p) => ({ trigger, index, ...p })),
));

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isFinite(v) ? v : undefined;
}

function iso(v: number): string {
  return new Date(v).toISOString().replace('.000Z', 'Z');
}

/** The oldest running keda-operator process (pod start, or its container's latest restart). */
function operatorStart(snapshot: Snapshot): { at: number; pod: string } | undefined {
  let best: { at: number; pod: string } | undefined;
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

function buildTime(so: KubeObject, ctx: RuleContext, operator: { at: number; pod: string } | undefined): BuildTime | undefined {
  const created = ms(str(so.metadata.creationTimestamp));
  if (created === undefined) return undefined;
  const generation = int(so.metadata.generation);
  const because: string[] = [];
  const unknown: string[] = [];
  let at = created;
  if (generation === 1) {
    because.push(`the ScaledObject was created at ${iso(created)}, and its spec has not changed since: it is at generation 1`);
  } else {
    const seen = generation !== undefined && so.metadata.uid ? ms(ctx.history.generationObservedAt(so.metadata.uid, generation)) : undefined;
    if (seen !== undefined) {
      at = Math.max(at, seen);
      because.push(`generation ${generation} of its spec appeared at ${iso(seen)}`);
    } else {
      because.push(`the ScaledObject was created at ${iso(created)}`);
      unknown.push(`when its spec last changed — it is at generation ${generation ?? '(unknown)'}, reached before scaleguard was watching — which rebuilt the scaler then`);
    }
  }
  if (operator) {
    if (operator.at > at) because.push(`the keda-operator pod ${code(operator.pod)} started at ${iso(operator.at)}`);
    at = Math.max(at, operator.at);
  } else {
    unknown.push('whether the keda-operator restarted since, which would have rebuilt the scaler: no running keda-operator pod (label `app=keda-operator`) is in the snapshot');
  }
  return { at, because, unknown };
}

/** A Deployment's revisions depend on the snapshot's ReplicaSets: kept per snapshot and Deployment. */
const revisionsMemo = new WeakMap<Snapshot, WeakMap<KubeObject, Revision[]>>();

function revisionsOf(snapshot: Snapshot, deployment: KubeObject): Revision[] {
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

type ConfigMapReader = (name: string) => Record<string, string> | undefined;
const readers = new WeakMap<Snapshot, Map<string, ConfigMapReader>>();

/** One reader per snapshot and namespace, so env resolved through it can be cached against it. */
function configMaps(snapshot: Snapshot, namespace: string): ConfigMapReader {
  let byNs = readers.get(snapshot);
  if (!byNs) readers.set(snapshot, (byNs = new Map()));
  let reader = byNs.get(namespace);
  if (!reader) {
    reader = (name) => {
      const cm = indexOf(snapshot).get('configmaps', namespace, name);
      return cm ? stringMap(cm.data) : undefined;
    };
    byNs.set(namespace, reader);
  }
  return reader;
}

/** Where variable `name` comes from in a container: the last `env` entry, else the last `envFrom` source that may hold it. */
function sourceOf(container: unknown, name: string, cm: (n: string) => Record<string, string> | undefined): { text: string; secret?: string } | undefined {
  const entry = list(at(container, 'env')).filter((e) => str(at(e, 'name')) === name).at(-1);
  if (entry !== undefined) {
    const cmRef = at(entry, 'valueFrom', 'configMapKeyRef');
    const secretRef = at(entry, 'valueFrom', 'secretKeyRef');
    if (cmRef) return { text: `ConfigMap ${code(str(at(cmRef, 'name')) ?? '')} key ${code(str(at(cmRef, 'key')) ?? '')}` };
    if (secretRef) return { text: `Secret ${code(str(at(secretRef, 'name')) ?? '')} key ${code(str(at(secretRef, 'key')) ?? '')}`, secret: `secret:${str(at(secretRef, 'name')) ?? ''}/${str(at(secretRef, 'key')) ?? ''}` };
    return at(entry, 'valueFrom') === undefined ? { text: 'a literal value' } : undefined;
  }
  const sources = list(at(container, 'envFrom'));
  for (let i = sources.length - 1; i >= 0; i--) {
    const cmName = str(at(sources[i], 'configMapRef', 'name'));
    if (cmName !== undefined && cm(cmName)?.[name] !== undefined) return { text: `ConfigMap ${code(cmName)} (envFrom)` };
  }
  const secrets = sources.map((s) => str(at(s, 'secretRef', 'name'))).filter((n): n is string => n !== undefined);
  if (secrets.length) return { text: `possibly Secret ${listing(secrets.map((s) => code(s)))} (envFrom)`, secret: `secretFrom:${secrets.join(',')}` };
  return undefined;
}

/** The state of each variable in a pod spec, the way KEDA's resolver sees it (Secrets by reference). */
/**
 * Env resolution per pod template and container, kept per snapshot: several ScaledObjects and
 * revisions share templates, and within a snapshot a template and its ConfigMaps do not change.
 */
const resolvedEnv = new WeakMap<ConfigMapReader, WeakMap<object, Map<string, ReturnType<typeof resolveContainerEnv>>>>();

function resolveCached(podSpec: unknown, containerName: string | undefined, cm: ConfigMapReader, namespace: string): ReturnType<typeof resolveContainerEnv> {
  if (typeof podSpec !== 'object' || podSpec === null) return resolveContainerEnv(podSpec, containerName, { configMap: cm }, namespace);
  let perReader = resolvedEnv.get(cm);
  if (!perReader) resolvedEnv.set(cm, (perReader = new WeakMap()));
  let byContainer = perReader.get(podSpec);
  if (!byContainer) perReader.set(podSpec, (byContainer = new Map()));
  const key = containerName ?? '';
  let hit = byContainer.get(key);
  if (!hit) byContainer.set(key, (hit = resolveContainerEnv(podSpec, containerName, { configMap: cm }, namespace)));
  return hit;
}

function varStates(podSpec: unknown, containerName: string | undefined, vars: string[], cm: (n: string) => Record<string, string> | undefined, namespace: string): Map<string, VarState> {
  const out = new Map<string, VarState>();
  const resolved = resolveCached(podSpec, containerName, cm, namespace);
  const pick = envSourceContainer(podSpec, containerName);
  for (const v of vars) {
    if (!resolved.ok) {
      out.set(v, { key: `error:${resolved.error}`, show: `not resolvable (${code(resolved.error)})` });
      continue;
    }
    const source = pick.ok ? sourceOf(pick.container, v, cm) : undefined;
    const value = resolved.env[v];
    if (value !== undefined) out.set(v, { key: `value:${value}`, show: code(value), source: source?.text });
    else if (source?.secret) out.set(v, { key: source.secret, show: `${source.text} (value not read)`, source: source.text });
    else out.set(v, { key: 'unset', show: 'not set' });
  }
  return out;
}

function check(snapshot: Snapshot, ctx: RuleContext, so: KubeObject, deployment: KubeObject, reads: Read[], operator: { at: number; pod: string } | undefined): Finding | undefined {
  const built = buildTime(so, ctx, operator);
  if (!built) return undefined;
  const namespace = so.metadata.namespace ?? '';
  const containerName = str(at(so.spec, 'scaleTargetRef', 'envSourceContainerName')) || undefined;
  const vars = [...new Set(reads.map((r) => r.envName))];
  const cm = configMaps(snapshot, namespace);
  const revisions = revisionsOf(snapshot, deployment);
  const inEffect = revisions.filter((r) => r.effective <= built.at).at(-1);
  if (!inEffect) return undefined;
  const podSpecOf = (o: KubeObject) => at(o.spec, 'template', 'spec');
  const then = varStates(podSpecOf(inEffect.rs), containerName, vars, cm, namespace);
  const now = varStates(podSpecOf(deployment), containerName, vars, cm, namespace);
  const changed = vars.filter((v) => then.get(v)?.key !== now.get(v)?.key);
  if (changed.length === 0) return undefined;
  const changedIn = revisions.find((r) => r.revision > inEffect.revision && changed.some((v) => varStates(podSpecOf(r.rs), containerName, [v], cm, namespace).get(v)?.key !== then.get(v)?.key));
  return finding(so, deployment, reads, changed, then, now, built, inEffect, changedIn, containerName);
}

function finding(
  so: KubeObject, deployment: KubeObject, reads: Read[], changed: string[], then: Map<string, VarState>, now: Map<string, VarState>,
  built: BuildTime, inEffect: Revision, changedIn: Revision | undefined, containerName: string | undefined,
): Finding {
  const soRef = refOf(so);
  const dRef = refOf(deployment);
  const container = containerName ?? (str(at(list(at(deployment.spec, 'template', 'spec', 'containers'))[0], 'name')) || 'the first container');
  const affected = reads.filter((r) => changed.includes(r.envName));
  const describeRead = (r: Read) => `${code(`${r.param}FromEnv: ${r.envName}`)} (${r.trigger.name ? `trigger ${code(r.trigger.name)}, ` : ''}${r.trigger.type})`;
  const fromCm = changed.some((v) => now.get(v)?.source?.startsWith('ConfigMap') || then.get(v)?.source?.startsWith('ConfigMap'));
  const when = changedIn
    ? `revision ${changedIn.revision} of the Deployment (ReplicaSet ${code(changedIn.rs.metadata.name ?? '')}, ${changedIn.reused ? `a rollback to an older ReplicaSet, in effect since no earlier than ${iso(changedIn.effective)}` : `created ${iso(changedIn.effective)}`})`
    : 'a change to the Deployment\'s template that has no ReplicaSet yet';
  const cmSource = (st: VarState | undefined) => (st?.source?.startsWith('ConfigMap') ? ` (from ${st.source})` : '');
  const values = changed.map((v) => `${code(v)} from ${then.get(v)?.show ?? 'not set'}${cmSource(then.get(v))} to ${now.get(v)?.show ?? 'not set'}${cmSource(now.get(v))}`);
  const hedge = built.unknown.length ? ` Not known: ${built.unknown.join('; and ')}. So the scaler is probably, not certainly, stale.` : '';
  return {
    rule: scaledObjectStaleEnv.id,
    severity: scaledObjectStaleEnv.severity,
    subjects: [dRef, soRef],
    message: `ScaledObject ${code(so.metadata.name ?? '')} still uses the old ${listing(changed.map((v) => code(v)))} of ${named(dRef)}`,
    explanation:
      `${named(soRef)} reads ${listing(affected.map(describeRead))} from container ${code(container)} of ${named(dRef)}. ` +
      `KEDA resolves such variables from the pod template only when it builds the scaler — when the ScaledObject's spec (its generation) changes, when the keda-operator starts, or after a scaler error — and keeps the old value otherwise (keda#5915). ` +
      `The scaler was last built at ${iso(built.at)}${built.unknown.length ? ' or later' : ''}, as far as scaleguard can tell (${built.because.join('; ')}); the template then was revision ${inEffect.revision} (ReplicaSet ${code(inEffect.rs.metadata.name ?? '')}). ` +
      `Since then ${when} changed ${listing(values)}. The pods use the new value while KEDA still scales on the old one, e.g. watching a consumer group or queue the workload no longer reads.` +
      hedge +
      (fromCm ? ' scaleguard keeps no history of ConfigMap contents: an in-place edit of a referenced ConfigMap after the build would be stale in the same way and is not visible here.' : ''),
    remedy:
      `Make KEDA rebuild the scaler: action ${code('scaledobject-refresh')} makes a neutral change to ${named(soRef)}'s spec that bumps its generation. ` +
      `Restarting the keda-operator (action ${code('keda-operator-restart')}, ${code('kubectl rollout restart deployment keda-operator -n keda')}) works too but rebuilds every ScaledObject's scalers. Plan for it whenever a variable a trigger reads changes.`,
    actions: ['scaledobject-refresh'],
    since: changedIn ? iso(changedIn.effective) : undefined,
  };
}
