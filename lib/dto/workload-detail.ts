/** `GET /api/v1/workloads/{ns}/{kind}/{name}`: one workload and each autoscaler acting on it in detail. */
import { sources, type ScalingGraph } from '../graph/scaling-graph';
import { CronHpa } from '../k8s/cron-hpa';
import { at, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { Condition, KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { Vpa } from '../k8s/vpa';
import { Workload } from '../k8s/workload';
import { Canary } from '../k8s/canary';
import { buildWorkloadRows, type AutoscalerDto, type WorkloadRowDto } from './workloads';
import { workloadDiagram, type WorkloadDiagram } from './workload-graph';

export interface AutoscalerDetailDto extends AutoscalerDto {
  facts: { label: string; value: string }[];
  conditions: Condition[];
}

export interface WorkloadDetailDto {
  workload: WorkloadRowDto & { containers: { name: string; image: string }[]; labels: Record<string, string> };
  autoscalers: AutoscalerDetailDto[];
  /** What acts on the workload and how those relate (owns, adjusts, shadows). */
  diagram: WorkloadDiagram;
  generatedAt: string;
}

export function buildWorkloadDetail(g: ScalingGraph, ref: { namespace: string; kind: string; name: string }, now: string): WorkloadDetailDto | undefined {
  const node = g.workloads.find((n) => n.ref.namespace === ref.namespace && n.ref.kind === ref.kind && n.ref.name === ref.name);
  if (!node?.object) return undefined;
  const row = buildWorkloadRows({ ...g, workloads: [node] })[0]!;
  const objects = new Map<string, KubeObject>();
  for (const s of sources(g, node.key, 'scales')) {
    if (s.object) objects.set(`${s.ref.kind}/${s.ref.name}`, s.object);
    for (const c of sources(g, s.key, 'adjusts')) if (c.object) objects.set(`${c.ref.kind}/${c.ref.name}`, c.object);
  }
  for (const c of sources(g, node.key, 'targets')) if (c.object) objects.set(`Canary/${c.ref.name}`, c.object);
  const autoscalers = row.autoscalers.map((a) => {
    const obj = objects.get(`${a.kind}/${a.name}`);
    return { ...a, facts: obj ? factsOf(obj) : [], conditions: obj ? conditionsOf(obj) : [] };
  });
  const canary = row.canary?.role === 'target' ? objects.get(`Canary/${row.canary.name}`) : undefined;
  if (canary) {
    autoscalers.push({
      kind: 'Canary', apiVersion: canary.apiVersion, namespace: ref.namespace, name: canary.metadata.name ?? '',
      summary: Canary.phase(canary) ?? 'no phase yet', facts: factsOf(canary), conditions: conditionsOf(canary),
    });
  }
  return {
    workload: { ...row, containers: Workload.containers(node.object), labels: node.object.metadata.labels ?? {} },
    autoscalers,
    diagram: workloadDiagram(g, node.key),
    generatedAt: now,
  };
}

function conditionsOf(obj: KubeObject): Condition[] {
  return list(at(obj.status, 'conditions')).filter((c): c is Condition => typeof at(c, 'type') === 'string' && typeof at(c, 'status') === 'string');
}

function factsOf(obj: KubeObject): { label: string; value: string }[] {
  switch (obj.kind) {
    case 'HorizontalPodAutoscaler':
      return [
        { label: 'Bounds', value: `${Hpa.minReplicas(obj)}–${Hpa.maxReplicas(obj) ?? '?'}` },
        { label: 'Current / desired', value: replicaPair(Hpa.currentReplicas(obj), Hpa.desiredReplicas(obj)) },
        { label: 'Metrics', value: Hpa.metrics(obj).map((m) => m.label).join(', ') || 'none' },
        ...(Hpa.ownerScaledObject(obj) ? [{ label: 'Owned by', value: `ScaledObject ${Hpa.ownerScaledObject(obj)}` }] : []),
      ];
    case 'ScaledObject': {
      const pause = ScaledObject.pause(obj);
      return [
        { label: 'Bounds', value: `${ScaledObject.minReplicas(obj)}–${ScaledObject.maxReplicas(obj)}` },
        { label: 'HPA', value: str(at(obj.status, 'hpaName')) ?? ScaledObject.hpaName(obj) },
        { label: 'Triggers', value: ScaledObject.triggers(obj).map((t) => (t.name ? `${t.type} (${t.name})` : t.type)).join(', ') || 'none' },
        ...(pause ? [{ label: 'Paused', value: `${pause.annotation}: ${pause.value}` }] : []),
      ];
    }
    case 'VerticalPodAutoscaler':
      return [
        { label: 'Update mode', value: Vpa.updateMode(obj) === 'Auto' ? 'Auto (= Recreate, deprecated)' : Vpa.updateMode(obj) },
        { label: 'Controls', value: Vpa.controlledResources(obj).join(', ') || 'nothing' },
      ];
    case 'CronHorizontalPodAutoscaler': {
      const target = CronHpa.scaleTarget(obj);
      return [
        { label: 'Target', value: target ? `${target.kind} ${target.name}` : 'none' },
        ...CronHpa.jobs(obj).map((j) => ({ label: `Job ${j.name}`, value: `${j.schedule} → ${j.targetSize ?? '?'}${j.runOnce ? ' (once)' : ''}` })),
      ];
    }
    case 'Canary': {
      const scaler = Canary.autoscaler(obj);
      return [
        { label: 'Phase', value: Canary.phase(obj) ?? 'none yet' },
        { label: 'Autoscaler', value: scaler ? `${scaler.kind} ${scaler.name}` : 'none' },
      ];
    }
    default:
      return [];
  }
}

function replicaPair(current: number | undefined, desired: number | undefined): string {
  return current === undefined && desired === undefined ? 'not reported yet' : `${current ?? '—'} / ${desired ?? '—'}`;
}
