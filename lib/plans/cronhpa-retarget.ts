/**
 * Action `cronhpa-retarget` (design §5): point a CronHPA that writes a workload's replicas at the
 * one native HPA that also scales that workload (seed 004: the CronHPA controller then moves the
 * HPA's bounds by design §6's rule instead of fighting it). Refused, with the KEDA `cron` trigger
 * YAML as the remedy, when the HPA is KEDA's: KEDA would put the bounds back after every job.
 *
 * One step: a JSON merge patch of `spec.scaleTargetRef`, preconditioned on the CronHPA's uid and
 * resourceVersion. Post-conditions: the field, and no `cronhpa-bypasses-hpa` finding left. Undo:
 * restore the CronHPA from the backup. The controller drops and resubmits every job when the target
 * changes (its conditions get new job ids); nothing else changes.
 */
import { CronHpa } from '../k8s/cron-hpa';
import { Hpa } from '../k8s/hpa';
import { ObjectRef, type KubeObject } from '../k8s/object';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { applyOperation } from './apply';
import { analyseRetarget, previewWords, type RetargetAnalysis } from './cronhpa-retarget-analysis';
import { check } from './preflight';
import { HPA_API_VERSION, hpaRef, show, uniqueRefs } from './refs';
import type { Operation, Plan, PlanFacts, PlanOptions, PlanStep, PlanTarget, PreflightCheck } from './types';

export const CRONHPA_API_VERSION = 'autoscaling.alibabacloud.com/v1beta1';
export const CRONHPA_KIND = 'CronHorizontalPodAutoscaler';

export function cronHpaRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: CRONHPA_API_VERSION, kind: CRONHPA_KIND, namespace, name };
}

/** The CronHPA a target names: itself, or the one CronHPA that writes the named workload. */
function findCronHpa(s: Snapshot, target: PlanTarget): KubeObject | undefined {
  if (target.kind === CRONHPA_KIND) return indexOf(s).get('cronhpas', target.namespace, target.name);
  const writing = s.objects.cronhpas.filter((c) => {
    const t = CronHpa.scaleTarget(c);
    return t && t.namespace === target.namespace && t.kind === target.kind && t.name === target.name;
  });
  return writing.length === 1 ? writing[0] : undefined;
}

/** Markdown-ish backticks are how findings mark names; plan texts are plain. */
const plain = (text: string): string => text.replace(/`/g, '');

function checks(a: RetargetAnalysis): PreflightCheck[] {
  const name = a.cron.metadata.name ?? '';
  const t = CronHpa.scaleTarget(a.cron);
  const out: PreflightCheck[] = [];
  const direct = !!t && t.kind !== 'HorizontalPodAutoscaler';
  out.push(check('targets-workload', direct,
    direct ? `CronHPA ${name} writes the replicas of ${t.kind} ${t.name} directly.` : plain(a.reason),
    true, direct ? undefined : 'Nothing to retarget.'));
  if (!direct) return out;
  out.push(check('workload-exists', !!a.workload, a.workload ? `${t.kind} ${t.name} exists.` : plain(a.reason), true, 'Point the CronHPA at an existing workload, or delete it.'));
  if (!a.workload) return out;
  const native = a.hpas.filter((h) => !Hpa.ownerScaledObject(h));
  const single = a.status !== 'unavailable';
  out.push(check('single-hpa', single,
    single ? `${a.hpas.length === 1 ? `HPA ${a.hpas[0]!.metadata.name}` : 'A ScaledObject'} also scales ${t.kind} ${t.name}.` : plain(a.reason),
    true, a.hpas.length > 1 ? 'Delete all HPAs but one (finding hpa-overlap), then plan again.' : 'No HPA to point at: the CronHPA is this workload\'s only writer.'));
  if (!single) return out;
  const keda = a.keda;
  out.push(check('hpa-not-keda', !keda,
    keda ? plain(a.reason) : `HPA ${native[0]?.metadata.name ?? ''} is a native HPA (no ScaledObject owns it): the CronHPA controller can move its bounds.`,
    true, keda ? kedaRemedy(a) : undefined));
  if (keda) return out;
  const hpa = a.hpa!;
  const synced = Hpa.currentReplicas(hpa) !== undefined;
  out.push(check('hpa-synced', synced,
    synced ? `HPA ${hpa.metadata.name} runs ${Hpa.currentReplicas(hpa)} replicas within ${Hpa.minReplicas(hpa)}–${Hpa.maxReplicas(hpa) ?? '?'}.` : `HPA ${hpa.metadata.name} has not synced yet (no status.currentReplicas): the controller reads 0 replicas, so every job raises the minimum.`,
    false, 'Wait for the HPA controller\'s first sync, or go on knowing the first jobs will raise the HPA\'s minimum.'));
  const invalid = CronHpa.jobs(a.cron).filter((j) => !a.preview.find((p) => p.job === j.name)?.row);
  out.push(check('jobs-run', invalid.length === 0,
    invalid.length ? `${invalid.map((j) => `${j.name} (${j.schedule})`).join(', ')} ${invalid.length === 1 ? 'does' : 'do'} not run in the next 7 days (or cannot be parsed): the preview leaves ${invalid.length === 1 ? 'it' : 'them'} out.` : 'Every job runs in the next 7 days; the preview shows the first run of each.',
    false, 'See finding cronhpa-invalid-schedule for schedules the controller cannot parse.'));
  return out;
}

function kedaRemedy(a: RetargetAnalysis): string {
  const k = a.keda!;
  const windows = k.plan.windows.length
    ? `Merge into ScaledObject ${k.namespace}/${k.scaledObject} (keep its other triggers), then delete CronHPA ${a.cron.metadata.name}:\n${k.yaml}`
    : `No job pair forms a window (${k.plan.only !== undefined ? `every job sets ${k.plan.only}` : 'no scale-up job is followed by one back at the lowest size'}): write the cron triggers of ScaledObject ${k.namespace}/${k.scaledObject} by hand.`;
  const left = k.plan.left.length ? `\nNo cron trigger expresses ${k.plan.left.map((j) => `${j.name} (${j.schedule})`).join(', ')}.` : '';
  return `${windows}${left}\nThe trigger timezone is ${a.zone.timeZone}, the zone the CronHPA controller runs in (${a.zone.source}).`;
}

/**
 * The `cronhpa-retarget` planner. The target is the CronHPA (or a workload that exactly one
 * CronHPA writes).
 */
export function planCronHpaRetarget(s: Snapshot, target: PlanTarget, facts: PlanFacts, _options: PlanOptions): Plan {
  const base = { type: 'cronhpa-retarget' as const, target };
  const cron = findCronHpa(s, target);
  if (!cron) {
    const what = target.kind === CRONHPA_KIND ? `CronHPA ${target.namespace}/${target.name} does not exist.` : `No single CronHPA writes ${target.kind} ${target.namespace}/${target.name}.`;
    return { ...base, summary: `Point a CronHPA at its HPA: ${what}`, preflight: [check('cronhpa-found', false, what, true, 'Pick an existing CronHPA (the CronHPA page lists them).')], steps: [], touches: [] };
  }
  const ns = cron.metadata.namespace ?? target.namespace;
  const name = cron.metadata.name ?? '';
  const cRef = cronHpaRef(ns, name);
  const a = analyseRetarget(s, cron, Date.parse(facts.now));
  const preflight = [check('cronhpa-found', true, `CronHPA ${ns}/${name} with ${CronHpa.jobs(cron).length} job(s); schedules run in ${a.zone.timeZone} (${a.zone.source}).`, true), ...checks(a)];
  const touches = uniqueRefs([cRef, ...a.hpas.map((h) => ObjectRef.of(h)), ...(a.workload ? [ObjectRef.of(a.workload)] : [])]);
  const hpa = a.hpa;
  if (a.status !== 'available' || !hpa) return { ...base, summary: `Point CronHPA ${ns}/${name} at its HPA: not possible`, preflight, steps: [], touches };
  const hName = hpa.metadata.name ?? '';
  const ref = { apiVersion: HPA_API_VERSION, kind: 'HorizontalPodAutoscaler', name: hName };
  const op: Operation = { kind: 'patch', target: cRef, patchType: 'merge', patch: { spec: { scaleTargetRef: ref } }, precondition: { uid: cron.metadata.uid, resourceVersion: cron.metadata.resourceVersion }, after: cron };
  const lines = a.preview.map(previewWords).map(plain);
  const step: PlanStep = {
    index: 0,
    id: 'retarget-cronhpa',
    title: `Point CronHPA ${name} at HPA ${hName}`,
    description:
      `Patches CronHPA ${ns}/${name} (JSON merge patch, preconditioned on its resourceVersion ${cron.metadata.resourceVersion ?? '(unknown)'}): spec.scaleTargetRef becomes ${HPA_API_VERSION} HorizontalPodAutoscaler ${hName} instead of ${show({ kind: a.workload?.kind ?? '', name: a.workload?.metadata.name ?? '' })}. ` +
      `The CronHPA controller resubmits every job; from then on each job moves the HPA's bounds (design §6: T > max → max = T; T < min → min = T; C < T → min = T and scale to T; never scales down) and the HPA alone writes the replicas. ` +
      `Preview, each job's first run in ${a.zone.timeZone}: ${lines.join('; ')}. ` +
      `Waits until the field is set and finding cronhpa-bypasses-hpa is gone. Undo: restore the CronHPA from the backup.`,
    operations: [{ ...op, after: applyOperation(cron, op) ?? cron }],
    inverse: [{ kind: 'restore-backup', target: cRef }],
    postConditions: [
      { kind: 'field', target: cRef, path: ['spec', 'scaleTargetRef', 'kind'], equals: 'HorizontalPodAutoscaler', description: `CronHPA ${name} targets a HorizontalPodAutoscaler` },
      { kind: 'field', target: cRef, path: ['spec', 'scaleTargetRef', 'name'], equals: hName, description: `CronHPA ${name} targets HPA ${hName}` },
      { kind: 'no-findings', subjects: [cRef], rules: ['cronhpa-bypasses-hpa'], description: `No cronhpa-bypasses-hpa finding names CronHPA ${name}` },
    ],
    timeoutSeconds: 60,
  };
  return { ...base, summary: `Point CronHPA ${ns}/${name} at HPA ${hName}, which then takes its bounds from the schedule`, preflight, steps: [step], touches: uniqueRefs([cRef, hpaRef(ns, hName), ...touches]) };
}
