/**
 * A Canary's `autoscalerRef` is a ScaledObject, but Flagger's `<name>-primary` ScaledObject is
 * missing or not Ready while an HPA it does not own — usually `<hpa>-primary`, which Flagger's HPA
 * reconciler made before the switch — still scales the primary Deployment `<target>-primary`
 * (upstream flagger#1646). KEDA's webhook refuses the primary ScaledObject because of that HPA, so
 * the primary keeps scaling with the old HPA's settings and the canary's triggers never reach it.
 *
 * Flagger ≥ 1.38.0 (PR #1677) copies the canary ScaledObject's annotations to the primary on create
 * and names the primary's HPA `<horizontalPodAutoscalerConfig.name>-primary`, which is what makes an
 * ownership transfer of `<hpa>-primary` possible. The Flagger version is read from the image tag of
 * a Deployment running `fluxcd/flagger` when the snapshot has one; otherwise both cases are named.
 */
import { memoByObject } from '../k8s/memo';
import { indexOf } from '../snapshot-index';
import { sources } from '../graph/scaling-graph';
import { at, list, str, stringMap } from '../k8s/fields';
import { Canary } from '../k8s/canary';
import { HPA_OWNERSHIP_VALIDATION_ANNOTATION } from '../k8s/hpa';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { PAUSED_REPLICAS_ANNOTATION, TRANSFER_HPA_OWNERSHIP_ANNOTATION } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget, renamed } from '../k8s/scale-target';
import { Workload } from '../k8s/workload';
import type { Snapshot } from '../snapshot';
import { conditionOf } from './scaledobject-paused';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

/** First Flagger release that copies annotations and suffixes the HPA name (flagger PR #1677). */
const FLAGGER_COPIES_ANNOTATIONS = [1, 38, 0] as const;

export const canaryPrimaryScalerBlocked: Rule = {
  id: 'canary-primary-scaler-blocked',
  severity: 'critical',
  title: "A canary's primary ScaledObject is blocked by an HPA",
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const canary of snapshot.objects.canaries) {
      const ref = Canary.autoscaler(canary);
      const target = Canary.target(canary);
      if (!ref || ref.kind !== 'ScaledObject' || !target) continue;
      const primarySoName = Canary.primaryName(ref.name);
      const primarySo = findScaledObject(snapshot, ref.namespace, primarySoName);
      if (primarySo && conditionOf(primarySo.status, 'Ready')?.status === 'True') continue;
      const primary: ScaleTarget = renamed(target, Canary.primaryName(target.name));
      const hpas = sources(ctx.graph, targetKey(primary), 'scales')
        .map((n) => n.object)
        .filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler' && !ownedByScaledObject(o, primarySoName));
      if (hpas.length === 0) continue;
      findings.push(finding(snapshot, ctx, canary, ref, primary, primarySo, hpas));
    }
    return findings;
  },
};

function findScaledObject(snapshot: Snapshot, namespace: string, name: string): KubeObject | undefined {
  return indexOf(snapshot).get('scaledobjects', namespace, name);
}

function ownedByScaledObject(hpa: KubeObject, soName: string): boolean {
  return list(hpa.metadata.ownerReferences).some((o) => str(at(o, 'kind')) === 'ScaledObject' && str(at(o, 'name')) === soName);
}

/** The Flagger release from the image tag of a `fluxcd/flagger` container, if the snapshot shows one (once per snapshot). */
const flaggerRelease = memoByObject((snapshot: Snapshot): string | undefined => findFlaggerRelease(snapshot));

function findFlaggerRelease(snapshot: Snapshot): string | undefined {
  for (const d of snapshot.objects.deployments) {
    for (const c of Workload.containers(d)) {
      if (!/(^|\/)flagger(:|@|$)/.test(c.image)) continue;
      const tag = Workload.imageTag(c.image);
      if (tag && /^v?\d+\.\d+\.\d+/.test(tag)) return tag.replace(/^v/, '');
    }
  }
  return undefined;
}

function copiesAnnotations(release: string): boolean {
  const parts = release.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = FLAGGER_COPIES_ANNOTATIONS[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

function gvkString(t: ScaleTarget): string {
  const apiVersion = t.apiVersion || 'apps/v1';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? `/${apiVersion}.${t.kind}` : `${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}.${t.kind}`;
}

/**
 * What KEDA's webhook answers when Flagger creates `<so>-primary` from the canary ScaledObject: with
 * the annotations copied (`copies`) or not. Undefined when it admits it.
 */
function webhookAnswer(canarySo: KubeObject | undefined, primary: ScaleTarget, hpas: KubeObject[], copies: boolean): string | undefined {
  const transfer = copies && stringMap(canarySo?.metadata.annotations)[TRANSFER_HPA_OWNERSHIP_ANNOTATION] === 'true';
  const configName = str(at(canarySo?.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name'));
  const primaryHpaName = configName ? (copies ? `${configName}-primary` : configName) : undefined;
  for (const hpa of hpas) {
    if (stringMap(hpa.metadata.annotations)[HPA_OWNERSHIP_VALIDATION_ANNOTATION] === 'false') continue;
    const name = hpa.metadata.name ?? '';
    if (transfer) {
      if (primaryHpaName === name) continue;
      return `the existing hpa '${name}' for workload '${primary.name}' of type '${gvkString(primary)}' must be specified by name in advanced settings to enable ownership transfer`;
    }
    return `the workload '${primary.name}' of type '${gvkString(primary)}' is already managed by the hpa '${name}'`;
  }
  return undefined;
}

function finding(snapshot: Snapshot, ctx: RuleContext, canary: KubeObject, ref: ScaleTarget, primary: ScaleTarget, primarySo: KubeObject | undefined, hpas: KubeObject[]): Finding {
  const node = ctx.graph.nodes.get(targetKey(primary));
  const primaryRef: ObjectRef = node?.object ? refOf(node.object) : { apiVersion: primary.apiVersion, kind: primary.kind, namespace: primary.namespace, name: primary.name };
  const canarySo = findScaledObject(snapshot, ref.namespace, ref.name);
  const primarySoName = Canary.primaryName(ref.name);
  const hpa = hpas[0]!;
  const release = flaggerRelease(snapshot);
  const ready = primarySo ? conditionOf(primarySo.status, 'Ready') : undefined;

  const answerNew = webhookAnswer(canarySo, primary, hpas, true);
  const answerOld = webhookAnswer(canarySo, primary, hpas, false);
  let webhook: string;
  if (release) {
    const answer = copiesAnnotations(release) ? answerNew : answerOld;
    webhook = answer
      ? `With Flagger ${code(release)} (seen in the cluster), KEDA's admission webhook answers its create of ${code(primarySoName)} with ${code(answer)}.`
      : `With Flagger ${code(release)} (seen in the cluster) the webhook would admit ${code(primarySoName)} as Flagger builds it, so look at Flagger's log for why it is not there.`;
  } else {
    webhook = answerNew === answerOld
      ? answerNew
        ? `KEDA's admission webhook answers Flagger's create of ${code(primarySoName)} with ${code(answerNew)}.`
        : `KEDA's admission webhook would admit ${code(primarySoName)} as Flagger builds it, so look at Flagger's log for why it is not there.`
      : answerNew
        ? `KEDA's admission webhook answers Flagger's create of ${code(primarySoName)} with ${code(answerNew)} if Flagger is 1.38.0 or later (it copies the canary ScaledObject's annotations and names the primary's HPA ${code('<name>-primary')}), and with ${code(answerOld ?? '')} before that.`
        : `If Flagger is 1.38.0 or later the webhook admits ${code(primarySoName)} as Flagger builds it (Flagger copies the canary ScaledObject's annotations and names the primary's HPA ${code('<name>-primary')}), so its absence points to an older Flagger, which copies neither and is refused with ${code(answerOld ?? '')}.`;
  }
  const state = primarySo
    ? `${named(refOf(primarySo))} exists but is not Ready${ready ? ` (${code(`Ready=${ready.status}`)}${ready.reason ? `, ${code(ready.reason)}` : ''}${ready.message ? `: ${code(ready.message)}` : ''})` : ' (KEDA has not reported on it)'}.`
    : `Flagger has not managed to create ${code(primarySoName)}. ${webhook}`;

  return {
    rule: canaryPrimaryScalerBlocked.id,
    severity: canaryPrimaryScalerBlocked.severity,
    subjects: [primaryRef, refOf(canary), ...(primarySo ? [refOf(primarySo)] : []), ...hpas.map(refOf)],
    message: `Canary ${code(canary.metadata.name ?? '')} moved to ScaledObject ${code(ref.name)}, but ${listing(hpas.map((h) => named(refOf(h))))} still ${hpas.length === 1 ? 'scales' : 'scale'} ${named(primaryRef)}`,
    explanation:
      `Canary ${code(canary.metadata.name ?? '')} names ScaledObject ${code(ref.name)} as its autoscaler, so Flagger wants a copy of it, ${code(primarySoName)}, to scale the primary ${named(primaryRef)}, which serves the traffic. ` +
      `${state} Meanwhile ${listing(hpas.map((h) => named(refOf(h))))} — left from when the Canary's autoscaler was an HPA — still ${hpas.length === 1 ? 'scales' : 'scale'} ${named(primaryRef)} with ${hpas.length === 1 ? 'its' : 'their'} old metrics and bounds: the triggers of ${code(ref.name)} never reach the primary (flagger#1646).`,
    remedy: remedy(canarySo, ref, primarySo, hpa, release),
    actions: ['canary-hpa-to-scaledobject'],
    since: ready?.status === 'False' && ready.lastTransitionTime ? ready.lastTransitionTime : latest(str(canarySo?.metadata.creationTimestamp)),
  };
}

function remedy(canarySo: KubeObject | undefined, ref: ScaleTarget, primarySo: KubeObject | undefined, hpa: KubeObject, release: string | undefined): string {
  const hpaName = hpa.metadata.name ?? '';
  const wanted = hpaName.endsWith('-primary') ? hpaName.slice(0, -'-primary'.length) : undefined;
  const hasTransfer = stringMap(canarySo?.metadata.annotations)[TRANSFER_HPA_OWNERSHIP_ANNOTATION] === 'true';
  const hasName = !!wanted && str(at(canarySo?.spec, 'advanced', 'horizontalPodAutoscalerConfig', 'name')) === wanted;
  const missing = [
    ...(hasTransfer ? [] : [code(`${TRANSFER_HPA_OWNERSHIP_ANNOTATION}: "true"`)]),
    ...(hasName ? [] : [wanted ? code(`spec.advanced.horizontalPodAutoscalerConfig.name: ${wanted}`) : `a ${code('spec.advanced.horizontalPodAutoscalerConfig.name')} that Flagger turns into ${code(hpaName)} by appending ${code('-primary')}`]),
  ];
  const oldFlagger = release !== undefined && !copiesAnnotations(release);
  const steps = [
    missing.length
      ? `set ${listing(missing)} on ScaledObject ${code(ref.name)}${wanted && !hasName ? ` (Flagger names the primary's HPA ${code(`${wanted}-primary`)} from it)` : ''}`
      : `ScaledObject ${code(ref.name)} already carries the transfer annotation and the HPA name`,
    oldFlagger ? `upgrade Flagger from ${code(release)} to 1.38.0 or later, which copies them to the primary` : release ? '' : 'make sure Flagger is 1.38.0 or later, which copies them to the primary',
    primarySo ? `delete ScaledObject ${code(primarySo.metadata.name ?? '')} so Flagger recreates it with them (it copies annotations only on create)` : '',
  ].filter(Boolean);
  const paused = stringMap(canarySo?.metadata.annotations)[PAUSED_REPLICAS_ANNOTATION] !== undefined
    ? ` ${code(ref.name)} carries ${code(PAUSED_REPLICAS_ANNOTATION)} right now (Flagger pauses the idle canary): the new primary inherits that pause (flagger#1934), so remove it from ${code(`${ref.name}-primary`)} once it exists.`
    : '';
  return `Let the primary ScaledObject adopt the old HPA: ${steps.join('; ')}. KEDA then takes ${named(refOf(hpa))} over instead of refusing.${paused} The migration ${code('canary-hpa-to-scaledobject')} runs these steps with backups and checks that the primary ScaledObject owns the HPA afterwards.`;
}
