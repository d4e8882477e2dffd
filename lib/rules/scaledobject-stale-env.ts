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
import { analyzeEnv, firstChangeAfterBuild, isoOf as iso, operatorStart, type BuildTime, type EnvRead as Read, type OperatorStart, type Revision, type VarState } from '../keda/explain-env';
import { at, list, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

export const scaledObjectStaleEnv: Rule = {
  id: 'scaledobject-stale-env',
  volatile: true,
  severity: 'warning',
  title: 'KEDA scaler built with an old environment value',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    let operator: OperatorStart | undefined | null = null;
    for (const so of snapshot.objects.scaledobjects) {
      if (!hasEnvReads(so)) continue;
      const target = ScaledObject.scaleTarget(so);
      if (!target || target.group !== 'apps' || target.kind !== 'Deployment') continue;
      const deployment = ctx.graph.nodes.get(targetKey(target))?.object;
      if (!deployment) continue;
      if (operator === null) operator = operatorStart(snapshot);
      const f = check(snapshot, ctx, so, deployment, operator);
      if (f) findings.push(f);
    }
    return findings;
  },
};

function hasEnvReads(so: KubeObject): boolean {
  return ScaledObject.triggers(so).some((t) => Object.keys(t.metadata).some((k) => k.endsWith('FromEnv')));
}

function check(snapshot: Snapshot, ctx: RuleContext, so: KubeObject, deployment: KubeObject, operator: OperatorStart | undefined): Finding | undefined {
  const result = analyzeEnv(snapshot, so, deployment, ctx.history, operator);
  if (!result.ok || result.analysis.changed.length === 0) return undefined;
  const a = result.analysis;
  const changedIn = firstChangeAfterBuild(snapshot, a, a.changed);
  return finding(so, deployment, a.reads, a.changed, a.then, a.now, a.built, a.inEffect, changedIn, a.containerName);
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
