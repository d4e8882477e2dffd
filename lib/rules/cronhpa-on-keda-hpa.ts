/**
 * A CronHPA whose scaleTargetRef is an HPA that a ScaledObject owns. Each job rewrites the HPA's
 * minReplicas/maxReplicas (AliyunContainerService/kubernetes-cronhpa-controller
 * pkg/controller/cronjob.go `ScaleHPA`), but KEDA builds that HPA from the ScaledObject and updates
 * it whenever the two differ (kedacore/keda controllers/keda/hpa.go `updateHPAIfNeeded`); the
 * operator watches the HPAs it owns (controllers/keda/scaledobject_controller.go `SetupWithManager`:
 * `Owns(&HorizontalPodAutoscaler{})`), so the CronHPA's write itself triggers the revert. The
 * schedule has to live in the ScaledObject, as KEDA `cron` triggers (keda.sh/docs/scalers/cron:
 * `timezone`, `start`, `end`, `desiredReplicas`; start/end are five-field "Linux format" cron).
 */
import { indexOf } from '../snapshot-index';
import { applyJobToHpa, kedaCronWindows } from '../cron';
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import { at, int } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import type { Snapshot } from '../snapshot';
import { targetHpaOf, workloadOf } from './cronhpa-scale-down-skipped';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const cronhpaOnKedaHpa: Rule = {
  id: 'cronhpa-on-keda-hpa',
  severity: 'warning',
  title: 'CronHPA adjusts an HPA that KEDA owns',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const cron of snapshot.objects.cronhpas) {
      const hpa = targetHpaOf(cron, ctx);
      const owner = hpa && Hpa.ownerScaledObject(hpa);
      if (!hpa || !owner || !CronHpa.jobs(cron).length) continue;
      findings.push(finding(cron, hpa, findScaledObject(snapshot, hpa.metadata.namespace, owner), owner, workloadOf(hpa, ctx)));
    }
    return findings;
  },
};

export function findScaledObject(s: Snapshot, namespace: string | undefined, name: string): KubeObject | undefined {
  return indexOf(s).get('scaledobjects', namespace, name);
}

export interface KedaCronPlan {
  /** One `cron` trigger per scale-up job, as inline YAML. */
  triggers: string[];
  /** The lowest targetSize when some job goes above it: what the jobs return to, the ScaledObject's `minReplicaCount`. */
  floor?: number;
  /** The one size every job sets, when they all set the same (no window to form). */
  only?: number;
  /** Jobs with no trigger equivalent, as `` `name` (`schedule`) ``. */
  left: string[];
}

/**
 * Turns CronHPA jobs into KEDA `cron` triggers, worded for a remedy: the windows of
 * `kedaCronWindows` (lib/cron) as inline YAML.
 */
export function kedaCronPlan(jobs: CronJobSpec[]): KedaCronPlan {
  const w = kedaCronWindows(jobs);
  return {
    triggers: w.windows.map((x) => code(`{ type: cron, metadata: { timezone: <the CronHPA controller's TZ>, start: "${x.start}", end: "${x.end}", desiredReplicas: "${x.desiredReplicas}" } }`)),
    floor: w.floor,
    only: w.only,
    left: w.left.map((j) => `${code(j.name)} (${code(j.schedule)})`),
  };
}

/** The remedy text shared with `cronhpa-bypasses-hpa`: move the jobs into the ScaledObject. */
export function kedaCronRemedy(cron: KubeObject, soName: string, so: KubeObject | undefined): string {
  const plan = kedaCronPlan(CronHpa.jobs(cron));
  const parts = [`Move the schedule into ScaledObject ${code(soName)} as KEDA ${code('cron')} triggers and delete CronHPA ${code(cron.metadata.name ?? '')}.`];
  if (plan.triggers.length) parts.push(`Add to its ${code('spec.triggers')}: ${plan.triggers.join(', ')} (one window per scale-up job, closed by the next job that returns to ${plan.floor}).`);
  if (plan.floor !== undefined && (!so || ScaledObject.minReplicas(so) !== plan.floor)) parts.push(`Set ${code(`minReplicaCount: ${plan.floor}`)}, the size the jobs return to.`);
  if (plan.only !== undefined) parts.push(`Its jobs all set ${plan.only}, so there is no window to copy: if ${plan.only} should always hold, make it ${code('minReplicaCount')}; if only at certain times, write that window as a ${code('cron')} trigger (${code('start')}, ${code('end')} in five-field cron, minute first, ${code(`desiredReplicas: "${plan.only}"`)}).`);
  if (plan.left.length) parts.push(`No cron trigger expresses ${listing(plan.left)}: write those windows by hand (start and end in five-field cron, minute first).`);
  parts.push('KEDA scales to the highest of its triggers, so the other triggers keep working inside a window; set `timezone` to the zone the CronHPA controller runs in, which its schedules used.');
  return parts.join(' ');
}

function finding(cron: KubeObject, hpa: KubeObject, so: KubeObject | undefined, soName: string, workload: KubeObject | undefined): Finding {
  const min = Hpa.minReplicas(hpa);
  const max = Hpa.maxReplicas(hpa) ?? min;
  const current = Hpa.currentReplicas(hpa) ?? (workload ? int(at(workload.spec, 'replicas')) : undefined);
  const effects = CronHpa.jobs(cron)
    .filter((j): j is CronJobSpec & { targetSize: number } => j.targetSize !== undefined)
    .map((j) => {
      const o = applyJobToHpa(j.targetSize, { minReplicas: min, maxReplicas: max, currentReplicas: current ?? j.targetSize });
      const bounds = o.minReplicas !== min || o.maxReplicas !== max ? `sets the HPA to ${o.minReplicas}–${o.maxReplicas}` : 'leaves the bounds as they are';
      return `${code(j.name)} (${code(j.schedule)}, targetSize ${j.targetSize}) ${bounds}${o.scaleTarget && current !== undefined ? ` and scales the workload from ${current} to ${j.targetSize}` : ''}`;
    });
  const soBounds = so ? ` (${code('minReplicaCount')} ${ScaledObject.minReplicas(so)}, ${code('maxReplicaCount')} ${ScaledObject.maxReplicas(so)})` : '';
  const target = workload ? named(refOf(workload)) : 'the workload';
  return {
    rule: cronhpaOnKedaHpa.id,
    severity: cronhpaOnKedaHpa.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(cron), refOf(hpa), ...(so ? [refOf(so)] : [])],
    message: `CronHPA ${code(cron.metadata.name ?? '')} adjusts HPA ${code(hpa.metadata.name ?? '')}, which KEDA owns and resets`,
    explanation:
      `${named(refOf(cron))} points at ${named(refOf(hpa))}, the HPA that KEDA made for ScaledObject ${code(soName)}${soBounds} to scale ${target}; it stands at ${min}–${max} replicas${current !== undefined ? ` with ${current} running` : ''}. ` +
      (effects.length ? `Each job rewrites that HPA: ${listing(effects)}. ` : 'Its jobs would rewrite that HPA\'s bounds. ') +
      `But KEDA derives the HPA from the ScaledObject and updates it whenever the two differ, and it watches the HPAs it owns, so the CronHPA's write itself makes KEDA put the bounds back within seconds. ` +
      `Where a job also raised the replicas, the restored HPA brings them back to what its metrics ask for at its next sync. The schedule never holds.`,
    remedy: kedaCronRemedy(cron, soName, so),
    since: latest(cron.metadata.creationTimestamp, hpa.metadata.creationTimestamp),
  };
}
