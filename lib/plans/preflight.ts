/**
 * Preflight checks shared by the planners (design §5). Every check says what was found, with names
 * and values, and a failing one says what to do about it.
 */
import { findController } from '../components';
import { at, list, str } from '../k8s/fields';
import { findCondition, type KubeObject } from '../k8s/object';
import { parseQuantity } from '../k8s/quantity';
import { RESOURCE_KINDS } from '../k8s/resources';
import { hpaNameOf } from '../keda/names';
import { validateScaledObject } from '../keda/validation';
import { sources } from '../graph/scaling-graph';
import { memoByObject } from '../k8s/memo';
import { ScaledObject } from '../k8s/scaled-object';
import { graphOf } from './scaled-objects';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import type { TriggerConversion } from './triggers';
import type { PlanFacts, PreflightCheck } from './types';

/** Builds a check; `remedy` is kept only when the check fails. */
export function check(id: string, ok: boolean, detail: string, blocking: boolean, remedy?: string): PreflightCheck {
  return ok || !remedy ? { check: id, ok, detail, blocking } : { check: id, ok, detail, blocking, remedy };
}

/** KEDA's CRDs are served: the ScaledObject kind is not `absent` in the snapshot. */
export function kedaInstalled(s: Snapshot): PreflightCheck {
  const state = s.kinds.scaledobjects.state;
  return check('keda-installed', state !== 'absent',
    state === 'absent' ? 'The cluster does not serve scaledobjects.keda.sh: KEDA\'s CRDs are not installed.' : `The cluster serves scaledobjects.keda.sh (cache ${state}).`,
    true, 'Install KEDA (Helm chart kedacore/keda or the release manifests), then plan again.');
}

/** The keda-operator Deployment exists and all its replicas are ready (found once per snapshot). */
export function kedaOperatorReady(s: Snapshot): PreflightCheck {
  return { ...operatorCheck(s) };
}

const operatorCheck = memoByObject((s: Snapshot): PreflightCheck => {
  const c = findController('keda', s.objects.deployments);
  if (!c) return check('keda-operator-ready', false, 'No keda-operator Deployment was found, so nothing would reconcile a new ScaledObject.', true, 'Install or restore the keda-operator Deployment (namespace keda by default), then plan again.');
  const ok = c.ready >= 1 && c.ready >= c.desired;
  return check('keda-operator-ready', ok, `Deployment ${c.namespace}/${c.name}${c.version ? ` (KEDA ${c.version})` : ''} has ${c.ready} of ${c.desired} replicas ready.`, true,
    `Wait until ${c.namespace}/${c.name} is ready (kubectl -n ${c.namespace} rollout status deployment/${c.name}); its pods' events and logs say why it is not.`);
});

/** KEDA's validating webhook `vscaledobject.kb.io` is registered (a fact the server looks up). */
export function webhookRegistered(facts: PlanFacts): PreflightCheck {
  if (facts.kedaWebhookRegistered === undefined) {
    return check('webhook-registered', false, 'Could not tell whether KEDA\'s admission webhook vscaledobject.kb.io is registered (ValidatingWebhookConfigurations could not be read). Without it nothing refuses a ScaledObject that fights an HPA.', false,
      'Check with kubectl get validatingwebhookconfigurations keda-admission; the migration can go on, but the dry-run will not show the webhook\'s answer if it is missing.');
  }
  return check('webhook-registered', facts.kedaWebhookRegistered,
    facts.kedaWebhookRegistered ? 'KEDA\'s admission webhook vscaledobject.kb.io is registered: the dry-run shows its answer.' : 'KEDA\'s admission webhook vscaledobject.kb.io is not registered: nothing would refuse a ScaledObject that fights an HPA, and the dry-run cannot show KEDA\'s answer.',
    true, 'Install the keda-admission-webhooks component (it is part of the KEDA Helm chart) and check that ValidatingWebhookConfiguration keda-admission exists, then plan again.');
}

/** The HPA reports it can scale; a warning only (the ScaledObject takes the HPA over as it is). */
export function hpaHealthy(hpa: KubeObject, opts: { idleCanary?: boolean } = {}): PreflightCheck {
  const name = `${hpa.metadata.namespace ?? ''}/${hpa.metadata.name ?? ''}`;
  const bad = ['AbleToScale', 'ScalingActive'].map((t) => findCondition(hpa.status, t))
    .filter((c) => c?.status === 'False')
    // An idle canary sits at 0 replicas, where the HPA controller reports ScalingDisabled: normal.
    .filter((c) => !(opts.idleCanary && c?.reason === 'ScalingDisabled'));
  const shown = bad.map((c) => `${c!.type}=False (${c!.reason ?? 'no reason'}${c!.message ? `: ${c!.message}` : ''})`);
  return check('hpa-healthy', bad.length === 0,
    bad.length === 0 ? `HPA ${name} reports no problem${hpa.status ? '' : ' (it has no status yet)'}.` : `HPA ${name} reports ${shown.join('; ')}. The ScaledObject takes it over as it is, so the problem stays until its cause is fixed.`,
    false, 'Look at kubectl describe hpa for the cause (missing metrics, a missing scale target); the migration does not fix it.');
}

/** Every HPA metric has a trigger (automatic or given); blocking until each has one. */
export function metricsConvertible(hpaName: string, c: TriggerConversion): PreflightCheck {
  if (c.metrics.length === 0) return check('metrics-convertible', false, `HPA ${hpaName} has no metrics to convert.`, true, 'Give the HPA its metrics (or pass a trigger as options.triggers["0"]) and plan again.');
  const missing = c.metrics.filter((m) => !m.trigger);
  const done = c.metrics.filter((m) => m.trigger).map((m) => `#${m.index} ${m.label} → ${String(m.trigger!.type)} trigger`);
  if (missing.length === 0) return check('metrics-convertible', true, `Every metric of HPA ${hpaName} has a KEDA trigger: ${done.join('; ')}.`, true);
  const detail = `HPA ${hpaName}: ${missing.map((m) => `metric #${m.index} (${m.label}): ${m.problem}`).join('; ')}.${done.length ? ` Converted: ${done.join('; ')}.` : ''}`;
  const examples = missing.filter((m) => m.example).map((m) => `options.triggers["${m.index}"] = ${JSON.stringify(m.example)}`);
  const remedy = `Give a KEDA trigger for ${missing.map((m) => `metric #${m.index} (${m.label})`).join(', ')} in the plan's options, keyed by the metric's index${examples.length ? `, for example ${examples.join(' and ')} (adapt the server address, query and threshold)` : ''}, then plan again.`;
  return check('metrics-convertible', false, detail, true, remedy);
}

/**
 * KEDA's webhook refuses a cpu/memory trigger when a container of the Deployment/StatefulSet has
 * no such request (`verifyCPUMemoryScalers`). A server dry-run skips that check, so the preflight
 * runs it. LimitRange defaults also satisfy it; the snapshot holds no LimitRanges, so say so.
 */
export function containerRequests(workload: KubeObject | undefined, triggers: readonly unknown[], ref: { kind: string; namespace: string; name: string }): PreflightCheck {
  const who = `${ref.kind} ${ref.namespace}/${ref.name}`;
  if (!workload) return check('container-requests', false, `${who} does not exist.`, true, `Create ${who} or point the HPA at an existing workload, then plan again.`);
  const containers = list(at(workload.spec, 'template', 'spec', 'containers'));
  for (const t of triggers) {
    const type = str(at(t, 'type'));
    if (type !== 'cpu' && type !== 'memory') continue;
    const only = str(at(t, 'metadata', 'containerName')) ?? '';
    for (const c of containers) {
      const name = str(at(c, 'name')) ?? '';
      if (only !== '' && name !== only) continue;
      const req = at(c, 'resources', 'requests', type);
      const lim = at(c, 'resources', 'limits', type);
      // KEDA's test: a request or a limit is set and one of them is above zero.
      const set = (req !== undefined || lim !== undefined) && ((parseQuantity(req) ?? 0) > 0 || (parseQuantity(lim) ?? 0) > 0);
      if (!set) {
        const message = `the scaledobject has a ${type} trigger but the container ${name} doesn't have the ${type} request defined`;
        return check('container-requests', false, `KEDA's admission webhook will refuse the ScaledObject for ${who}: "${message}". (A server dry-run skips this check, so only the real create would fail.)`, true,
          `Set resources.requests.${type} on container ${name} of ${who} (or give namespace ${ref.namespace} a LimitRange with a default ${type} request), then plan again.`);
      }
    }
  }
  return check('container-requests', true, `Every container of ${who} that a cpu/memory trigger reads has the request KEDA's webhook asks for.`, true);
}

const PLURALS = new Map(RESOURCE_KINDS.map((k) => [`${k.group}/${k.kind}`, k.plural]));

/**
 * KEDA's webhook verdict on a ScaledObject as a server dry-run gets it (`dryRun` skips the
 * cpu/memory request check, see `containerRequests`), against the HPAs and ScaledObjects of the
 * snapshot plus `assume` (objects an earlier step will have created or changed).
 */
export function webhookVerdict(s: Snapshot, so: KubeObject, assume: { hpas?: KubeObject[]; scaledObjects?: KubeObject[] } = {}): string | undefined {
  const ns = so.metadata.namespace ?? '';
  const idx = indexOf(s);
  const replace = (base: readonly KubeObject[], extra: KubeObject[] = []) => [
    ...base.filter((o) => !extra.some((e) => e.metadata.name === o.metadata.name)), ...extra,
  ];
  // The webhook's checks only ever concern HPAs and ScaledObjects on the same workload and
  // ScaledObjects claiming the same HPA name: hand it those (graph and name index), not the whole
  // namespace, so candidates stay linear in a namespace of thousands.
  const target = ScaledObject.scaleTarget(so);
  const onTarget = target ? sources(graphOf(s), target.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => !!o) : [];
  const sameHpaName = scaledObjectsByHpaName(s).get(`${ns}/${hpaNameOf(so)}`) ?? [];
  const verdict = validateScaledObject(so, {
    operation: 'CREATE',
    dryRun: true,
    hpas: replace(onTarget.filter((o) => o.kind === 'HorizontalPodAutoscaler'), assume.hpas),
    scaledObjects: replace([...new Set([...onTarget.filter((o) => o.kind === 'ScaledObject'), ...sameHpaName])], assume.scaledObjects),
    limitRanges: [],
    workload: (kind, name) => idx.get(kind === 'Deployment' ? 'deployments' : 'statefulsets', ns, name),
    mapper: (group, _version, kind) => PLURALS.get(`${group}/${kind}`),
  });
  return verdict.allowed ? undefined : verdict.message;
}

/** ScaledObjects by `namespace/<the HPA name they claim>`, once per snapshot. */
const scaledObjectsByHpaName = memoByObject((s: Snapshot): Map<string, KubeObject[]> => {
  const out = new Map<string, KubeObject[]>();
  for (const so of s.objects.scaledobjects) {
    const key = `${so.metadata.namespace ?? ''}/${hpaNameOf(so)}`;
    const list = out.get(key);
    if (list) list.push(so);
    else out.set(key, [so]);
  }
  return out;
});

/** The webhook check as a preflight line. */
export function webhookAdmits(id: string, s: Snapshot, so: KubeObject, what: string, assume?: { hpas?: KubeObject[]; scaledObjects?: KubeObject[] }): PreflightCheck {
  let answer: string | undefined;
  try {
    answer = webhookVerdict(s, so, assume);
  } catch (e) {
    answer = e instanceof Error ? e.message : String(e);
  }
  return check(id, answer === undefined,
    answer === undefined ? `KEDA's admission webhook admits ${what} as planned.` : `KEDA's admission webhook would refuse ${what}: "${answer}".`,
    true, 'Resolve what the webhook names (another ScaledObject or HPA on the same workload, invalid bounds or triggers), then plan again.');
}
