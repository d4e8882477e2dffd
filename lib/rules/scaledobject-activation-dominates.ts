/**
 * `minReplicaCount` is 0 (KEDA's default) and a trigger's activation threshold is at or above its
 * scaling threshold (seed 003). KEDA alone decides between 0 and 1 replica: a trigger is active only
 * when its value is strictly greater than the activation threshold. For values between the scaling
 * threshold and the activation threshold the HPA would want replicas (AverageValue:
 * ceil(value / threshold)), yet KEDA keeps the workload at zero — and scales it back to zero after
 * the cooldown when the value falls below the activation threshold, however many replicas the HPA
 * would keep. KEDA scales from zero when *any* trigger is active, so another trigger can still wake
 * the workload; the finding says so.
 *
 * The metadata names per scaler type are upstream's (kedacore/keda pkg/scalers/*_scaler.go, the
 * `keda:"name=…, default=…"` tags), tabled in `lib/keda/explain-thresholds.ts` and shared with the
 * KEDA page; types not in the table are not judged. cpu and memory are left
 * out although recent KEDA reads an `activationValue` for them: with no pods at zero there is
 * nothing to measure (and the webhook refuses a cpu/memory-only ScaledObject with minReplicaCount 0). With `advanced.scalingModifiers` the triggers' own thresholds
 * do not decide: the composed value is compared with `scalingModifiers.activationTarget` and
 * `target` instead (pkg/scaling/scale_handler.go), so those two are checked.
 */
import { at, int, str } from '../k8s/fields';
import { isRecord, type KubeObject, type ObjectRef } from '../k8s/object';
import { ScaledObject, type Trigger } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { parseThreshold as parse, triggerThresholds } from '../keda/explain-thresholds';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

interface Dominated {
  label: string;
  targetKey: string;
  target: number;
  activationKey: string;
  activation: number;
  defaulted: boolean;
  averageValue: boolean;
}

export const scaledObjectActivationDominates: Rule = {
  id: 'scaledobject-activation-dominates',
  severity: 'warning',
  title: 'Activation threshold at or above the scaling threshold',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const so of snapshot.objects.scaledobjects) {
      const min = at(so.spec, 'minReplicaCount');
      if (min !== undefined && int(min) !== 0) continue;
      const triggers = ScaledObject.triggers(so);
      const dominated = usesModifiers(so) ? modifiers(so) : triggers.flatMap((tr, i) => judge(tr, i));
      if (dominated.length === 0) continue;
      const target = ScaledObject.scaleTarget(so);
      const node = target ? ctx.graph.nodes.get(targetKey(target)) : undefined;
      const workload: ObjectRef | undefined = node?.object ? refOf(node.object) : target ? { apiVersion: target.apiVersion, kind: target.kind, namespace: target.namespace, name: target.name } : undefined;
      findings.push(finding(so, workload, dominated, triggers.length));
    }
    return findings;
  },
};

function judge(tr: Trigger, index: number): Dominated[] {
  const th = triggerThresholds(tr);
  if (!th) return [];
  const { target, activation } = th;
  // A threshold that does not parse is a scaler error, not this rule's business.
  if (target === undefined || activation === undefined || target <= 0 || activation < target) return [];
  return [{
    label: `${tr.name ? `${code(tr.name)} (${tr.type})` : `${tr.type} trigger #${index + 1}`}`,
    targetKey: th.targetKey, target, activationKey: th.activationKey, activation,
    defaulted: th.targetDefaulted,
    averageValue: (tr.metricType ?? 'AverageValue') === 'AverageValue',
  }];
}

function usesModifiers(so: KubeObject): boolean {
  const sm = at(so.spec, 'advanced', 'scalingModifiers');
  return isRecord(sm) && !!str(sm.formula);
}

function modifiers(so: KubeObject): Dominated[] {
  const target = parse(str(at(so.spec, 'advanced', 'scalingModifiers', 'target')));
  const activation = parse(str(at(so.spec, 'advanced', 'scalingModifiers', 'activationTarget'))) ?? 0;
  if (target === undefined || target <= 0 || activation < target) return [];
  const metricType = str(at(so.spec, 'advanced', 'scalingModifiers', 'metricType')) ?? 'AverageValue';
  return [{ label: 'the composed metric of `advanced.scalingModifiers`', targetKey: 'target', target, activationKey: 'activationTarget', activation, defaulted: false, averageValue: metricType === 'AverageValue' }];
}

function wanted(d: Dominated): string {
  const replicas = Math.ceil(d.activation / d.target);
  return d.averageValue
    ? `at a value of ${d.activation} the HPA would run ${replicas} replica${replicas === 1 ? '' : 's'} (value ÷ ${d.target}), KEDA runs none`
    : `at a value of ${d.activation} the HPA would scale up (${d.activation} ≥ ${d.target}), KEDA runs no replica`;
}

function describe(d: Dominated): string {
  return `${d.label}: ${code(`${d.activationKey}: ${d.activation}`)} against ${code(`${d.targetKey}: ${d.target}`)}${d.defaulted ? ' (the default)' : ''} — ${wanted(d)}`;
}

function finding(so: KubeObject, workload: ObjectRef | undefined, dominated: Dominated[], triggerCount: number): Finding {
  const soRef = refOf(so);
  const what = workload ? named(workload) : 'its workload';
  const first = dominated[0]!;
  const others = triggerCount > dominated.length && first.activationKey !== 'activationTarget';
  return {
    rule: scaledObjectActivationDominates.id,
    severity: scaledObjectActivationDominates.severity,
    subjects: [...(workload ? [workload] : []), soRef],
    message: `ScaledObject ${code(so.metadata.name ?? '')} keeps ${what} at zero until the value passes ${first.activation}, though the HPA wants replicas from ${first.target} on`,
    explanation:
      `${named(soRef)} scales ${what} with ${code('minReplicaCount: 0')}${at(so.spec, 'minReplicaCount') === undefined ? ' (KEDA\'s default)' : ''}, so KEDA itself decides whether it runs at all: it scales from 0 to 1 only when a trigger's value is strictly above its activation threshold, and back to 0 after the cooldown when no trigger is. ` +
      `Above 1 replica the HPA scales by the scaling threshold. Here the activation threshold is not below the scaling threshold: ${listing(dominated.map(describe))}. ` +
      `Any load up to the activation threshold is therefore left unserved — the workload stays at zero, or is scaled back to zero from however many replicas the HPA was running once the value drops to it.` +
      (others ? ' Another trigger of this ScaledObject can still activate the workload, but while it is quiet the same holds.' : ''),
    remedy: `Lower ${listing(dominated.map((d) => code(d.activationKey)))} below the scaling threshold (usually well below, e.g. ${code(`${first.activationKey}: ${first.target > 1 ? Math.floor(first.target / 2) : 0}`)}), or set ${code('minReplicaCount: 1')} if the workload must not go to zero.`,
  };
}
