/**
 * A CronHPA job on an HPA target whose targetSize is below the current replicas. The CronHPA
 * controller never scales down through an HPA: it only moves the HPA's bounds and writes replicas
 * when they must go up (AliyunContainerService/kubernetes-cronhpa-controller
 * pkg/controller/cronjob.go `ScaleHPA`: "Skip scale replicas because HPA %s current replicas:%d >=
 * desired replicas:%d"). The maintainers call this by design (upstream cronhpa#54): the replicas
 * come down only when the HPA's own metrics let them. Informational, so nobody waits for a
 * scale-down that the job was never going to do: it fires only while the HPA's metrics ask for
 * more than the job's size (or do not say). The job's arithmetic is `applyJobToHpa` (lib/cron).
 */
import { applyJobToHpa } from '../cron';
import { metricsRecommendation } from '../hpa/recommendation';
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import { at, int, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { code, named, refOf } from './text';
import type { Finding, Rule, RuleContext } from './types';

export const cronhpaScaleDownSkipped: Rule = {
  id: 'cronhpa-scale-down-skipped',
  severity: 'info',
  title: 'CronHPA job cannot scale down through its HPA',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const cron of snapshot.objects.cronhpas) {
      const hpa = targetHpaOf(cron, ctx);
      // An HPA that KEDA owns is `cronhpa-on-keda-hpa`'s: KEDA undoes every job there anyway.
      if (!hpa || Hpa.ownerScaledObject(hpa)) continue;
      const workload = workloadOf(hpa, ctx);
      const current = Hpa.currentReplicas(hpa) ?? (workload ? int(at(workload.spec, 'replicas')) : undefined);
      if (current === undefined) continue;
      // When the HPA's own metrics already ask for no more than the job's size, lowering the
      // minimum is enough: the HPA scales down by itself, as seed 004's setup intends. Quiet then.
      const wanted = metricsRecommendation(hpa);
      const lowering = CronHpa.jobs(cron).filter((j): j is CronJobSpec & { targetSize: number } =>
        j.targetSize !== undefined && j.targetSize < current && (wanted === undefined || wanted > j.targetSize));
      if (lowering.length) findings.push(finding(cron, hpa, workload, current, lowering));
    }
    return findings;
  },
};

/** The HPA a CronHPA points at, when it points at one that exists. */
export function targetHpaOf(cron: KubeObject, ctx: RuleContext): KubeObject | undefined {
  const t = CronHpa.scaleTarget(cron);
  if (t?.kind !== 'HorizontalPodAutoscaler') return undefined;
  const obj = ctx.graph.nodes.get(targetKey(t))?.object;
  return obj?.kind === 'HorizontalPodAutoscaler' ? obj : undefined;
}

/** The workload an HPA scales, when it exists. */
export function workloadOf(hpa: KubeObject, ctx: RuleContext): KubeObject | undefined {
  const t = Hpa.scaleTarget(hpa);
  return t ? ctx.graph.nodes.get(targetKey(t))?.object : undefined;
}

/** What a CronHPA acts on: the workload it scales (directly, or through the HPA it points at) and that HPA. */
export function cronTargets(cron: KubeObject, ctx: RuleContext): { workload?: KubeObject; hpa?: KubeObject } {
  const hpa = targetHpaOf(cron, ctx);
  if (hpa) return { hpa, workload: workloadOf(hpa, ctx) };
  const t = CronHpa.scaleTarget(cron);
  const obj = t ? ctx.graph.nodes.get(targetKey(t))?.object : undefined;
  return obj && obj.kind !== 'HorizontalPodAutoscaler' ? { workload: obj } : {};
}

/** The CronHPA controller's last word on a job, from `status.conditions[]` (name, state, message, lastProbeTime). */
export function jobCondition(cron: KubeObject, job: string): { state?: string; message?: string; lastProbeTime?: string } | undefined {
  const c = list(at(cron.status, 'conditions')).find((x) => str(at(x, 'name')) === job);
  return c === undefined ? undefined : { state: str(at(c, 'state')), message: str(at(c, 'message')), lastProbeTime: str(at(c, 'lastProbeTime')) };
}

function finding(cron: KubeObject, hpa: KubeObject, workload: KubeObject | undefined, current: number, jobs: (CronJobSpec & { targetSize: number })[]): Finding {
  const min = Hpa.minReplicas(hpa);
  const max = Hpa.maxReplicas(hpa) ?? min;
  const target = workload ? named(refOf(workload)) : `the target of HPA ${code(hpa.metadata.name ?? '')}`;
  const lines = jobs.map((j) => {
    const o = applyJobToHpa(j.targetSize, { minReplicas: min, maxReplicas: max, currentReplicas: current });
    const bounds = o.minReplicas !== min ? `lowers the HPA's ${code('minReplicas')} from ${min} to ${o.minReplicas}` : `leaves the HPA's bounds alone (${code('minReplicas')} ${min} is not above ${j.targetSize})`;
    const said = jobCondition(cron, j.name)?.message;
    const skipped = said && /Skip scale replicas/.test(said) ? ` The controller said so on its last run: ${code(said)}.` : '';
    return `Job ${code(j.name)} (${code(j.schedule)}, T = ${j.targetSize}) ${bounds} and leaves the replicas at ${current}: C ≥ T, so the controller skips the scale.${skipped}`;
  });
  const lowest = Math.min(...jobs.map((j) => j.targetSize));
  const skippedAt = jobs.map((j) => jobCondition(cron, j.name)).filter((c) => c?.message && /Skip scale replicas/.test(c.message)).map((c) => c?.lastProbeTime).filter((t): t is string => !!t).sort()[0];
  return {
    rule: cronhpaScaleDownSkipped.id,
    severity: cronhpaScaleDownSkipped.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(cron), refOf(hpa)],
    message: `CronHPA ${code(cron.metadata.name ?? '')} cannot scale ${target} down to ${lowest}: through HPA ${code(hpa.metadata.name ?? '')} it only lowers the minimum`,
    explanation:
      `${named(refOf(cron))} points at ${named(refOf(hpa))} (${min}–${max} replicas), which scales ${target}, now at C = ${current} replicas. ` +
      `With an HPA as target the CronHPA controller never scales down: for a job with targetSize T it raises ${code('maxReplicas')} to T if T is above it, lowers ${code('minReplicas')} to T if T is below it (or if the HPA sits at its minimum), ` +
      `and writes T to the replicas only when C < T. ${lines.join(' ')} ` +
      `The replicas come down only when the HPA's own metrics ask for fewer, after its scale-down stabilization window (5 minutes by default), and never below the new minimum.`,
    remedy:
      `Nothing is broken: this is how the CronHPA controller works with an HPA (upstream cronhpa#54), and the HPA keeps the replicas up only while its metrics need them. ` +
      `If the scale-down must follow the job sooner, shorten the HPA's ${code('behavior.scaleDown.stabilizationWindowSeconds')}; do not point the CronHPA at the workload instead, where it would fight the HPA.`,
    since: skippedAt,
  };
}
