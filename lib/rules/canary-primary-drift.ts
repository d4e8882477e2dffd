/**
 * The canary ScaledObject of a Canary uses fields Flagger does not copy to `<name>-primary`.
 * Flagger builds the primary's spec from its own vendored copy of KEDA's types
 * (fluxcd/flagger pkg/apis/keda/v1alpha1/scaledobject.go, used by pkg/canary/scaled_object_reconciler.go):
 * it knows scaleTargetRef, pollingInterval, cooldownPeriod, idleReplicaCount, min/maxReplicaCount,
 * advanced.horizontalPodAutoscalerConfig / restoreToOriginalReplicaCount, triggers (type, name,
 * metadata, authenticationRef, metricType) and fallback (failureThreshold, replicas). Whatever else
 * the canary ScaledObject sets is lost on the way: `initialCooldownPeriod`,
 * `advanced.scalingModifiers`, `fallback.behavior` and a trigger's `useCachedMetrics`.
 *
 * It fires only for fields the canary ScaledObject sets and the primary lacks or holds with another
 * value (triggers are matched by position, as Flagger copies them in order); a primary already set
 * by hand to the same values is quiet. No primary ScaledObject yet: nothing to compare, quiet.
 */
import { indexOf } from '../snapshot-index';
import { at, list, str } from '../k8s/fields';
import { Canary } from '../k8s/canary';
import { isRecord, type KubeObject, type ObjectRef } from '../k8s/object';
import { targetKey, renamed } from '../k8s/scale-target';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

interface Drift {
  /** The field path as a user would write it, e.g. `spec.triggers[0].useCachedMetrics`. */
  path: string;
  canary: unknown;
  primary: unknown;
  /** The trigger's name, for trigger fields. */
  trigger?: string;
}

export const canaryPrimaryDrift: Rule = {
  id: 'canary-primary-drift',
  severity: 'warning',
  title: 'Canary ScaledObject fields Flagger does not copy to the primary',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const canary of snapshot.objects.canaries) {
      const ref = Canary.autoscaler(canary);
      const target = Canary.target(canary);
      if (!ref || ref.kind !== 'ScaledObject' || !target) continue;
      const find = (name: string) => indexOf(snapshot).get('scaledobjects', ref.namespace, name);
      const canarySo = find(ref.name);
      const primarySo = find(Canary.primaryName(ref.name));
      if (!canarySo || !primarySo) continue;
      const drifts = compare(canarySo, primarySo);
      if (drifts.length === 0) continue;
      const primary = renamed(target, Canary.primaryName(target.name));
      const node = ctx.graph.nodes.get(targetKey(primary));
      const primaryRef: ObjectRef = node?.object ? refOf(node.object) : { apiVersion: primary.apiVersion, kind: primary.kind, namespace: primary.namespace, name: primary.name };
      findings.push(finding(canary, canarySo, primarySo, primaryRef, drifts));
    }
    return findings;
  },
};

/** Key-order independent JSON, to compare values. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** Set in the sense of Go's `omitempty`: absent, null, empty string, zero, false and `{}` are unset. */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return false;
  if (isRecord(v)) return Object.values(v).some(isSet);
  return true;
}

function compare(canarySo: KubeObject, primarySo: KubeObject): Drift[] {
  const drifts: Drift[] = [];
  const field = (path: string, c: unknown, p: unknown, trigger?: string) => {
    if (isSet(c) && stable(c) !== stable(p)) drifts.push({ path, canary: c, primary: p, trigger });
  };
  field('spec.initialCooldownPeriod', at(canarySo.spec, 'initialCooldownPeriod'), at(primarySo.spec, 'initialCooldownPeriod'));
  field('spec.advanced.scalingModifiers', at(canarySo.spec, 'advanced', 'scalingModifiers'), at(primarySo.spec, 'advanced', 'scalingModifiers'));
  field('spec.fallback.behavior', at(canarySo.spec, 'fallback', 'behavior'), at(primarySo.spec, 'fallback', 'behavior'));
  const primaryTriggers = list(at(primarySo.spec, 'triggers'));
  list(at(canarySo.spec, 'triggers')).forEach((t, i) => {
    field(`spec.triggers[${i}].useCachedMetrics`, at(t, 'useCachedMetrics'), at(primaryTriggers[i], 'useCachedMetrics'), str(at(t, 'name')));
  });
  return drifts;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return 'unset';
  return code(typeof v === 'string' ? v : stable(v));
}

const EFFECT: Record<string, string> = {
  'spec.initialCooldownPeriod': 'the primary may be scaled to zero right after it is created instead of after the initial cooldown',
  'spec.advanced.scalingModifiers': "the primary's HPA scales on each trigger separately instead of the composed formula, with the triggers' own targets and activation thresholds",
  'spec.fallback.behavior': "when its scalers fail the primary falls back to exactly `fallback.replicas` (KEDA's default behavior, `static`)",
  useCachedMetrics: "on the primary every metrics request of the HPA queries the event source instead of KEDA's cached value, which loads the source more",
};

function effect(path: string): string {
  return EFFECT[path] ?? EFFECT.useCachedMetrics!;
}

function sentence(d: Drift, canaryName: string, primaryName: string): string {
  const e = effect(d.path);
  return `${code(d.path)}${d.trigger ? ` (trigger ${code(d.trigger)})` : ''} is ${show(d.canary)} on ${code(canaryName)} but ${show(d.primary)} on ${code(primaryName)}: ${e}.`;
}

function finding(canary: KubeObject, canarySo: KubeObject, primarySo: KubeObject, primaryRef: ObjectRef, drifts: Drift[]): Finding {
  const canaryName = canarySo.metadata.name ?? '';
  const primaryName = primarySo.metadata.name ?? '';
  return {
    rule: canaryPrimaryDrift.id,
    severity: canaryPrimaryDrift.severity,
    subjects: [primaryRef, refOf(primarySo), refOf(canarySo)],
    message: `ScaledObject ${code(primaryName)} lacks ${listing(drifts.map((d) => code(d.path)))} of ${code(canaryName)}: Flagger does not copy ${drifts.length === 1 ? 'it' : 'them'}`,
    explanation:
      `Canary ${code(canary.metadata.name ?? '')} scales its canary with ${named(refOf(canarySo))} and its primary ${named(primaryRef)} with ${named(refOf(primarySo))}, which Flagger copies from the canary one. ` +
      `Flagger builds the copy from its own older copy of KEDA's ScaledObject type, so fields that type does not know never reach the primary. ` +
      drifts.map((d) => sentence(d, canaryName, primaryName)).join(' ') +
      ` The canary and the primary therefore scale differently, and what you tested on the canary is not what serves traffic.`,
    remedy:
      `Set ${listing(drifts.map((d) => code(d.path)))} on ${code(primaryName)} by hand. Flagger leaves fields it does not know alone while the specs it compares agree, but when it rewrites the primary (after a change to ${code(canaryName)} in a field it copies) it drops them again: check after every such change, or do without these fields until Flagger copies them.`,
    since: str(primarySo.metadata.creationTimestamp),
  };
}
