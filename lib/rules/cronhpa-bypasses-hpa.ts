/**
 * A CronHPA whose scaleTargetRef is a workload that an HPA or a ScaledObject also scales. The
 * CronHPA controller writes the workload's /scale directly (AliyunContainerService/
 * kubernetes-cronhpa-controller pkg/controller/cronjob.go `ScalePlainRef`) and the HPA controller
 * recomputes and writes the same field on every sync (kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go `reconcileAutoscaler`): neither knows the other, the
 * last writer wins (seed 004). Upstream's answer is to point the CronHPA at the HPA, which it then
 * adjusts instead of fighting; an HPA that KEDA owns cannot be adjusted (`cronhpa-on-keda-hpa`), so
 * there the jobs become a KEDA `cron` trigger.
 */
import { sources } from '../graph/scaling-graph';
import { applyJobToHpa } from '../cron';
import { at, int } from '../k8s/fields';
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { findScaledObject, kedaCronRemedy } from './cronhpa-on-keda-hpa';
import { code, latest, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const cronhpaBypassesHpa: Rule = {
  id: 'cronhpa-bypasses-hpa',
  severity: 'critical',
  title: 'CronHPA and HPA overwrite each other',
  check(snapshot, { graph }) {
    const findings: Finding[] = [];
    for (const cron of snapshot.objects.cronhpas) {
      const t = CronHpa.scaleTarget(cron);
      // Without jobs a CronHPA never writes anything.
      if (!t || t.kind === 'HorizontalPodAutoscaler' || !CronHpa.jobs(cron).length) continue;
      const node = graph.nodes.get(targetKey(t));
      if (!node?.object) continue;
      const scalers = sources(graph, node.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler' || o?.kind === 'ScaledObject');
      if (!scalers.length) continue;
      const hpas = scalers.filter((o) => o.kind === 'HorizontalPodAutoscaler');
      const sos = scalers.filter((o) => o.kind === 'ScaledObject');
      // A ScaledObject named as owner but not (or no longer) targeting this workload still owns the HPA.
      const ownerName = hpas.map((h) => Hpa.ownerScaledObject(h)).find((n): n is string => !!n);
      const so = sos[0] ?? (ownerName ? findScaledObject(snapshot, cron.metadata.namespace, ownerName) : undefined);
      findings.push(finding(cron, node.object, hpas, sos, so?.metadata.name ?? ownerName, so));
    }
    return findings;
  },
};

function describeHpa(hpa: KubeObject): string {
  const metrics = Hpa.metrics(hpa).map((m) => m.label).join(', ') || 'no metrics';
  const owner = Hpa.ownerScaledObject(hpa);
  return `HPA ${code(hpa.metadata.name ?? '')} (${metrics}, ${Hpa.minReplicas(hpa)}–${Hpa.maxReplicas(hpa) ?? '?'} replicas${owner ? `, made by ScaledObject ${code(owner)}` : ''})`;
}

function describeScaledObject(so: KubeObject): string {
  const triggers = ScaledObject.triggers(so).map((t) => t.type).join(', ') || 'no triggers';
  return `ScaledObject ${code(so.metadata.name ?? '')} (${triggers}, ${ScaledObject.minReplicas(so)}–${ScaledObject.maxReplicas(so)} replicas, through HPA ${code(ScaledObject.hpaName(so))})`;
}

function describeJob(j: CronJobSpec): string {
  return `${code(j.name)} (${code(j.schedule)}) sets ${j.targetSize ?? '?'}`;
}

function finding(cron: KubeObject, workload: KubeObject, hpas: KubeObject[], sos: KubeObject[], soName: string | undefined, so: KubeObject | undefined): Finding {
  const native = hpas.filter((h) => !Hpa.ownerScaledObject(h));
  const retarget = !soName && native.length === 1 ? native[0] : undefined;
  const w = named(refOf(workload));
  const jobs = CronHpa.jobs(cron);
  const others = [...sos.map(describeScaledObject), ...hpas.filter((h) => !sos.some((s) => ScaledObject.hpaName(s) === h.metadata.name)).map(describeHpa)];
  return {
    rule: cronhpaBypassesHpa.id,
    severity: cronhpaBypassesHpa.severity,
    subjects: [refOf(workload), refOf(cron), ...sos.map(refOf), ...hpas.map(refOf)],
    message: `CronHPA ${code(cron.metadata.name ?? '')} and ${soName ? `ScaledObject ${code(soName)}` : `${hpas.length === 1 ? 'HPA' : 'HPAs'} ${listing(hpas.map((h) => code(h.metadata.name ?? '')))}`} ${!soName && hpas.length > 1 ? 'all' : 'both'} set the replicas of ${w}: the last writer wins`,
    explanation:
      `${named(refOf(cron))} writes the replicas of ${w} directly on its schedule${jobs.length ? ` (${listing(jobs.map(describeJob))})` : ''}, and ${listing(others)} write${others.length === 1 ? 's' : ''} the same field. ` +
      `Neither controller knows about the other. The HPA controller${soName ? ', through the HPA KEDA keeps for the ScaledObject,' : ''} recomputes the replicas from its metrics on every sync (every 15 seconds by default) and sets them back: a scheduled scale-up is undone as soon as the metrics do not need it, ` +
      `a scheduled scale-down holds only until the metrics call for more pods, so replicas can drop under load and the scheduled capacity never holds. Whoever wrote last wins.`,
    remedy: retarget
      ? `Point the CronHPA at the HPA instead (action ${code('cronhpa-retarget')}: ${code(`scaleTargetRef: { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: ${retarget.metadata.name ?? ''} }`)}). ` +
        `The CronHPA controller then moves the HPA's bounds instead of the replicas: ${retargetPreview(jobs, retarget, int(at(workload.spec, 'replicas')))}`
      : soName
        ? `An HPA that KEDA owns cannot be the CronHPA's target either (KEDA resets it). ${kedaCronRemedy(cron, soName, so)}`
        : `Several HPAs scale ${w}; resolve that first (finding ${code('hpa-overlap')}), then point the CronHPA at the one HPA left (${code('scaleTargetRef')} kind ${code('HorizontalPodAutoscaler')}).`,
    actions: retarget ? ['cronhpa-retarget'] : undefined,
    since: latest(cron.metadata.creationTimestamp, ...hpas.map((h) => h.metadata.creationTimestamp), ...sos.map((s) => s.metadata.creationTimestamp)),
  };
}

/**
 * What the jobs would do to the HPA once retargeted (design §6), run in the order they are listed
 * from the HPA as it is now; the replicas are assumed to stay where a job leaves them. Before the
 * HPA's first sync its status says nothing: the workload's replicas are what it will report.
 */
function retargetPreview(jobs: CronJobSpec[], hpa: KubeObject, workloadReplicas: number | undefined): string {
  let min = Hpa.minReplicas(hpa);
  let max = Hpa.maxReplicas(hpa) ?? min;
  const current = Hpa.currentReplicas(hpa) ?? workloadReplicas;
  const start = `starting from ${min}–${max}${current !== undefined ? ` with ${current} replicas` : ''}`;
  let c = current;
  const lines = jobs.filter((j): j is CronJobSpec & { targetSize: number } => j.targetSize !== undefined).map((j) => {
    const o = applyJobToHpa(j.targetSize, { minReplicas: min, maxReplicas: max, currentReplicas: c ?? j.targetSize });
    const bounds = o.minReplicas !== min || o.maxReplicas !== max ? `makes it ${o.minReplicas}–${o.maxReplicas}` : `keeps it at ${min}–${max}`;
    const scale = o.scaleTarget && c !== undefined ? ` and scales from ${c} to ${j.targetSize}` : '';
    [min, max, c] = [o.minReplicas, o.maxReplicas, o.scaleTarget ? j.targetSize : c];
    return `${code(j.name)} (targetSize ${j.targetSize}) ${bounds}${scale}`;
  });
  return lines.length
    ? `${start}, ${listing(lines)}. The HPA keeps scaling on its metrics within those bounds, so a job never takes the replicas below what the load needs.`
    : 'the HPA keeps scaling on its metrics within them.';
}
