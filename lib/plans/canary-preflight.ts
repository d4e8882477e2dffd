/** Preflight of `canary-hpa-to-scaledobject` (design §5): the plain migration's checks, for both sides, plus Flagger's. */
import { Canary } from '../k8s/canary';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { renamed, type ScaleTarget } from '../k8s/scale-target';
import { CANARY_IDLE_PHASES } from '../rules/scaledobject-paused';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import type { CanaryNames } from './canary-steps';
import { check, containerRequests, hpaHealthy, kedaInstalled, kedaOperatorReady, metricsConvertible, webhookAdmits, webhookRegistered, webhookVerdict } from './preflight';
import { scaledObjectsScaling, workloadOf, type hpaBounds } from './scaled-objects';
import type { TriggerConversion } from './triggers';
import type { PlanFacts, PreflightCheck } from './types';

/** ScaledObjects an earlier step of this migration made (see ownProgress in canary-hpa-to-scaledobject.ts). */
export interface OwnProgress {
  so?: KubeObject;
  primarySo?: KubeObject;
}

export interface CanaryPreflightInput {
  s: Snapshot;
  facts: PlanFacts;
  canary: KubeObject;
  t: ScaleTarget;
  ref: ScaleTarget;
  n: CanaryNames;
  hpa: KubeObject | undefined;
  conversion: TriggerConversion | undefined;
  bounds: ReturnType<typeof hpaBounds> | undefined;
  so: KubeObject;
  primary: KubeObject;
  copies: boolean;
  own: OwnProgress;
  /** The primary ScaledObject a Flagger release before PR #1677 would create (old releases only). */
  flaggerOwn?: KubeObject;
}

/**
 * Which Flagger path the plan takes. Before PR #1677 Flagger's own step — creating `<so>-primary`
 * once the Canary names `<so>` — is refused by KEDA's webhook (flagger#1646): the check quotes the
 * refusal (`refusal`, the webhook's verdict on that object) and names the plan's steps that replace it.
 */
function flaggerRelease(n: CanaryNames, copies: boolean, refusal: string | undefined): PreflightCheck {
  const replaced = `Steps 2 and 3 of this plan replace it: step 2 creates ${n.primarySo.name} itself with the transfer annotation, so KEDA adopts ${n.primaryHpa.name} and the primary never goes without an HPA; step 3 lets KEDA name both HPAs (keda-hpa-${n.so.name}, keda-hpa-${n.primarySo.name}) so that ${n.primarySo.name} equals Flagger's own copy and later promotions leave it alone. Nothing to do but run them — or upgrade Flagger to 1.38.0 or later and plan again for the shorter path.`;
  const blockedStep = `Flagger's own step — creating ${n.primarySo.name} once the Canary names ScaledObject ${n.so.name} — would be blocked: it copies ${n.so.name} without its annotations and with HPA name ${n.hpa.name}, and KEDA's admission webhook refuses that (flagger#1646)${refusal ? `: "${refusal}"` : ''}.`;
  if (n.release === undefined) {
    return check('flagger-release', false, `Could not tell the Flagger release (no flagger Deployment with a version tag in the snapshot), so the plan assumes one before 1.38.0 (without flagger PR #1677). ${blockedStep}`, false, replaced);
  }
  return copies
    ? check('flagger-release', true, `Flagger ${n.release} copies the canary ScaledObject's annotations to ${n.primarySo.name} and names its HPA ${n.primaryHpa.name} (flagger PR #1677, since 1.38.0): Flagger creates ${n.primarySo.name} and KEDA adopts ${n.primaryHpa.name}.`, false)
    : check('flagger-release', false, `Flagger ${n.release} predates flagger PR #1677 (1.38.0). ${blockedStep}`, false, replaced);
}

/** The webhook's verdict, or its exception's words (a verdict that cannot be computed is not "admitted"). */
function verdict(s: Snapshot, so: KubeObject, assume: { hpas?: KubeObject[]; scaledObjects?: KubeObject[] }): string | undefined {
  try {
    return webhookVerdict(s, so, assume);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function canaryPreflight(p: CanaryPreflightInput): PreflightCheck[] {
  const { s, n, canary, t, ref, hpa, own } = p;
  const out: PreflightCheck[] = [kedaInstalled(s), kedaOperatorReady(s), webhookRegistered(p.facts)];
  if (ref.kind !== 'HorizontalPodAutoscaler') {
    const already = ref.kind === 'ScaledObject';
    out.push(check('not-migrated', false, already ? `Canary ${n.canary.name} already names ScaledObject ${ref.name} as its autoscaler.` : `Canary ${n.canary.name}'s autoscalerRef is a ${ref.kind}, not an HPA.`, true,
      already ? 'Nothing to migrate. If canary-primary-scaler-blocked or canary-primary-paused fires for it, its remedy says what is left.' : 'Only a Canary on an HPA can be migrated.'));
    return out;
  }
  const phase = Canary.phase(canary);
  out.push(check('canary-idle', phase !== undefined && CANARY_IDLE_PHASES.includes(phase),
    `Canary ${n.ns}/${n.canary.name} is ${phase ?? 'without a phase'}${phase !== undefined && CANARY_IDLE_PHASES.includes(phase) ? ': no analysis runs, so Flagger will not rewrite the primary autoscaler mid-migration.' : '.'}`,
    true, `Wait until the Canary is Initialized or Succeeded (kubectl -n ${n.ns} get canary ${n.canary.name} -w) and do not push a new revision of ${t.name} during the migration: a promotion rewrites the primary autoscaler.`));
  const adopted: KubeObject | undefined = hpa && { ...hpa, metadata: { ...hpa.metadata, ownerReferences: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: n.so.name, uid: '' }] } };
  const refusal = p.flaggerOwn && adopted ? verdict(s, p.flaggerOwn, { scaledObjects: [own.so ?? p.so], hpas: [adopted] }) : undefined;
  out.push(flaggerRelease(n, p.copies, refusal));
  const idx = indexOf(s);
  const primaryHpa = idx.get('hpas', n.ns, n.primaryHpa.name) ?? (own.primarySo ? idx.get('hpas', n.ns, n.kedaPrimaryHpa.name) : undefined);
  out.push(check('canary-hpa-exists', !!hpa, hpa ? `HPA ${n.ns}/${hpa.metadata.name ?? ''} (${hpa.metadata.name === n.hpa.name ? 'the Canary\'s autoscalerRef' : `KEDA's name for it since an earlier step of this migration`}) exists.` : `HPA ${n.ns}/${n.hpa.name}, the Canary's autoscalerRef, does not exist.`, true,
    `Restore HPA ${n.hpa.name} for ${t.name} (Flagger copies it to ${n.primaryHpa.name}) and plan again.`));
  out.push(check('primary-hpa-exists', !!primaryHpa, primaryHpa ? `HPA ${n.ns}/${primaryHpa.metadata.name ?? ''} (${primaryHpa.metadata.name === n.primaryHpa.name ? `Flagger's copy for ${n.primaryWorkload.name}` : `KEDA's name for it since an earlier step of this migration`}) exists.` : `HPA ${n.ns}/${n.primaryHpa.name}, which Flagger makes from ${n.hpa.name} to scale ${n.primaryWorkload.name}, does not exist.`, true,
    `Flagger creates ${n.primaryHpa.name} when it initialises the Canary: check the Canary's events (kubectl -n ${n.ns} describe canary ${n.canary.name}) and plan again once it exists.`));
  if (!hpa) return out;
  const owner = Hpa.ownerScaledObject(hpa);
  const ownOwner = !!owner && owner === own.so?.metadata.name;
  out.push(check('not-migrated', !owner || ownOwner,
    ownOwner ? `HPA ${hpa.metadata.name ?? ''} is owned by ScaledObject ${owner}, which an earlier step of this migration created: the plan continues from there.` : owner ? `HPA ${n.hpa.name} is already owned by ScaledObject ${owner}.` : `HPA ${n.hpa.name} is not owned by a ScaledObject yet.`, true,
    `Finish or roll back the migration that created ScaledObject ${owner ?? ''} first.`));
  const scales = Hpa.scaleTarget(hpa);
  out.push(check('hpa-targets-canary', scales?.key === t.key, scales?.key === t.key ? `HPA ${n.hpa.name} scales ${t.name}, the Canary's target.` : `HPA ${n.hpa.name} scales ${scales ? `${scales.kind} ${scales.name}` : 'nothing readable'}, not the Canary's target ${t.name}.`, true,
    `Point HPA ${n.hpa.name} at ${t.kind} ${t.name} (or the Canary at the right HPA) and plan again.`));
  if (primaryHpa) out.push({ ...hpaHealthy(primaryHpa), check: 'primary-hpa-healthy' });
  out.push(hpaHealthy(hpa, { idleCanary: true }));
  if (p.conversion) out.push(metricsConvertible(`${n.ns}/${n.hpa.name}`, p.conversion));
  out.push(check('hpa-bounds', p.bounds?.max !== undefined, p.bounds?.max !== undefined ? `HPA ${n.hpa.name} scales between ${p.bounds.min} and ${p.bounds.max} replicas; both ScaledObjects keep those bounds.` : `HPA ${n.hpa.name} has no maxReplicas.`, true, 'Give the HPA a maxReplicas and plan again.'));
  const primaryTarget = renamed(t, n.primaryWorkload.name);
  const mine = new Set([own.so, own.primarySo].filter((o): o is KubeObject => !!o));
  const others = [...scaledObjectsScaling(s, t), ...scaledObjectsScaling(s, primaryTarget)].filter((o) => !mine.has(o));
  out.push(check('no-other-scaledobject', others.length === 0, others.length === 0 ? `No ScaledObject targets ${t.name} or ${primaryTarget.name} yet.` : `ScaledObject ${others.map((o) => o.metadata.name).join(', ')} already targets ${t.name} or ${primaryTarget.name}.`, true,
    'Keep one autoscaler per Deployment: delete that ScaledObject (or finish the migration it started) and plan again.'));
  const taken = [n.so.name, n.primarySo.name].filter((name) => { const o = idx.get('scaledobjects', n.ns, name); return !!o && !mine.has(o); });
  out.push(check('scaledobject-name-free', taken.length === 0, taken.length === 0 ? `No ScaledObject is called ${n.so.name} or ${n.primarySo.name} yet.` : `ScaledObject ${taken.join(', ')} exists already in ${n.ns}.`, true, 'Choose another name with options.scaledObjectName.'));
  const triggers = p.conversion?.triggers ?? [];
  const canaryReq = containerRequests(workloadOf(s, t), triggers, t);
  const primaryReq = containerRequests(workloadOf(s, primaryTarget), triggers, primaryTarget);
  out.push(!canaryReq.ok ? canaryReq : primaryReq);
  const exists = (name: string) => check('scaledobject-admitted', true, `ScaledObject ${n.ns}/${name} exists already (an earlier step of this migration created it).`, true);
  out.push(own.so ? exists(n.so.name) : webhookAdmits('scaledobject-admitted', s, p.so, `ScaledObject ${n.ns}/${n.so.name}`));
  // After step 1 `<so>` exists and owns `<hpa>`: judge the primary against that state.
  out.push(own.primarySo ? { ...exists(n.primarySo.name), check: 'primary-scaledobject-admitted' }
    : webhookAdmits('primary-scaledobject-admitted', s, p.primary, `ScaledObject ${n.ns}/${n.primarySo.name}${p.copies ? ' as Flagger creates it' : ''}`, { scaledObjects: [own.so ?? p.so], hpas: [adopted!] }));
  return out;
}
