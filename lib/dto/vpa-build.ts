/**
 * Builds the VPA page's data from a snapshot (pure): per VPA its target, mode, recommendation per
 * container next to the requests of the workload and of each pod, its conditions, its pods' resize
 * state, and the resize history the server recorded (passed in, newest first).
 */
import type { ScalingGraph } from '../graph/scaling-graph';
import { at, int, list, str, stringMap } from '../k8s/fields';
import { isRecord, type KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { Vpa } from '../k8s/vpa';
import { Workload } from '../k8s/workload';
import { workloadHref } from '../links';
import type { Finding } from '../rules/types';
import { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { containerPolicy, type ContainerPolicy } from '../vpa/recommendation';
import { podSighting } from '../vpa/resize-sighting';
import { controllingVpa, vpaRecommendations } from '../vpa/status';
import type { VpaConditionDto, VpaContainerDto, VpaDto, VpaPodDto, VpaResizeEntryDto, VpasDto } from './vpa';
import { summarizeResizes } from './vpa-history';

export interface VpaBuildInput {
  /** The recorded history of a VPA, newest first. */
  history: (namespace: string, name: string) => VpaResizeEntryDto[];
  findings: readonly Finding[];
  retentionDays: number;
  now: string;
}

const byName = (a: KubeObject, b: KubeObject) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** Every VPA of the snapshot, by namespace and name. */
export function buildVpas(s: Snapshot, graph: ScalingGraph, input: VpaBuildInput, namespace?: string): VpasDto {
  const vpas = s.objects.vpas.filter((v) => !namespace || v.metadata.namespace === namespace);
  const updater = s.objects.deployments.find((d) => d.metadata.name === 'vpa-updater' || d.metadata.labels?.['app.kubernetes.io/name'] === 'vpa-updater');
  const image = updater ? Workload.containers(updater)[0]?.image : undefined;
  const updaterVersion = image ? Workload.imageTag(image) : undefined;
  const installed = Snapshot.componentInstalled(s, 'vpa');
  return {
    items: [...vpas].sort(byName).map((v) => buildVpa(s, graph, v, input)),
    ...(installed !== undefined ? { installed } : {}),
    ...(s.kinds.vpas.state === 'forbidden' ? { forbidden: s.kinds.vpas.message ?? 'forbidden' } : {}),
    ...(s.cluster.version ? { serverVersion: s.cluster.version } : {}),
    ...(updaterVersion ? { updaterVersion } : {}),
    retentionDays: input.retentionDays,
    generatedAt: input.now,
  };
}

/** One VPA. */
export function buildVpa(s: Snapshot, graph: ScalingGraph, vpa: KubeObject, input: VpaBuildInput): VpaDto {
  const ns = vpa.metadata.namespace ?? '';
  const name = vpa.metadata.name ?? '';
  const t = Vpa.target(vpa);
  const workload = t ? graph.nodes.get(targetKey(t))?.object : undefined;
  const pods = workload ? indexOf(s).podsOf(workload) : [];
  const siblings = t ? s.objects.vpas.filter((o) => o !== vpa && o.metadata.namespace === ns && Vpa.target(o)?.key === t.key) : [];
  // An attempt still waiting on a pod that is gone will never be answered: its outcome is final.
  const live = new Set(pods.map((p) => p.metadata.name ?? ''));
  const history = input.history(ns, name).map((e) => (e.settled || live.has(e.pod) ? e : { ...e, settled: true }));
  const mode = Vpa.updateMode(vpa);
  const minReplicas = int(at(vpa.spec, 'updatePolicy', 'minReplicas'));
  return {
    namespace: ns,
    name,
    ...(vpa.metadata.creationTimestamp ? { createdAt: vpa.metadata.creationTimestamp } : {}),
    target: {
      apiVersion: t?.apiVersion ?? '',
      kind: t?.kind ?? str(at(vpa.spec, 'targetRef', 'kind')) ?? '',
      name: t?.name ?? str(at(vpa.spec, 'targetRef', 'name')) ?? '',
      exists: !!workload,
      ...(workload && t ? { href: workloadHref({ namespace: ns, kind: t.kind, name: t.name }) } : {}),
    },
    updateMode: mode,
    effectiveMode: Vpa.effectiveMode(vpa),
    deprecatedMode: mode === 'Auto',
    controlledResources: Vpa.controlledResources(vpa),
    ...(minReplicas !== undefined ? { minReplicas } : {}),
    containers: containersOf(vpa, workload, pods),
    conditions: conditionsOf(vpa),
    pods: pods.map(podOf).sort((a, b) => a.name.localeCompare(b.name)),
    siblings: siblings.map((o) => o.metadata.name ?? '').sort(),
    controlling: controllingVpa([vpa, ...siblings]) === vpa,
    history,
    summary: summarizeResizes(history),
    findings: input.findings
      .filter((f) => f.subjects.some((r) => r.kind === 'VerticalPodAutoscaler' && r.namespace === ns && r.name === name))
      .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
  };
}

function policiesOf(vpa: KubeObject): ContainerPolicy[] {
  return list(at(vpa.spec, 'resourcePolicy', 'containerPolicies')).filter(isRecord).map((p) => ({
    ...(str(p.containerName) ? { containerName: str(p.containerName) } : {}),
    ...(str(p.mode) === 'Off' || str(p.mode) === 'Auto' ? { mode: str(p.mode) as 'Auto' | 'Off' } : {}),
    minAllowed: stringMap(p.minAllowed),
    maxAllowed: stringMap(p.maxAllowed),
  }));
}

function containersOf(vpa: KubeObject, workload: KubeObject | undefined, pods: readonly KubeObject[]): VpaContainerDto[] {
  const recs = vpaRecommendations(vpa);
  const template = list(at(workload?.spec, 'template', 'spec', 'containers')).filter(isRecord);
  const names = [...new Set([...template.map((c) => str(c.name) ?? ''), ...recs.map((r) => r.containerName)])].filter(Boolean);
  const policies = policiesOf(vpa);
  const sightings = pods.map((p) => podSighting(p, 0));
  return names.map((name) => {
    const c = template.find((x) => x.name === name);
    const rec = recs.find((r) => r.containerName === name);
    const policy = containerPolicy(policies, name);
    const resizePolicy: Record<string, string> = {};
    for (const p of list(c?.resizePolicy).filter(isRecord)) {
      const r = str(p.resourceName);
      if (r) resizePolicy[r] = str(p.restartPolicy) ?? 'NotRequired';
    }
    const minAllowed = stringMap(policy?.minAllowed);
    const maxAllowed = stringMap(policy?.maxAllowed);
    return {
      name,
      mode: policy?.mode ?? 'Auto',
      controlledResources: Vpa.controlledResources(vpa, name),
      requests: stringMap(at(c, 'resources', 'requests')),
      podRequests: sightings.flatMap((p) => {
        const pc = p.containers.find((x) => x.name === name);
        return pc ? [{ pod: p.name, requests: pc.actual ?? pc.desired }] : [];
      }),
      ...(rec ? { target: rec.target, lowerBound: rec.lowerBound, upperBound: rec.upperBound, uncappedTarget: rec.uncappedTarget } : {}),
      resizePolicy,
      ...(Object.keys(minAllowed).length ? { minAllowed } : {}),
      ...(Object.keys(maxAllowed).length ? { maxAllowed } : {}),
    };
  });
}

function conditionsOf(vpa: KubeObject): VpaConditionDto[] {
  return list(at(vpa.status, 'conditions')).filter(isRecord).flatMap((c) => {
    const type = str(c.type);
    if (!type) return [];
    return [{
      type, status: str(c.status) ?? 'Unknown',
      ...(str(c.reason) ? { reason: str(c.reason) } : {}),
      ...(str(c.message) ? { message: str(c.message) } : {}),
      ...(str(c.lastTransitionTime) ? { lastTransitionTime: str(c.lastTransitionTime) } : {}),
    }];
  });
}

function podOf(pod: KubeObject): VpaPodDto {
  const s = podSighting(pod, 0);
  const { state, source, reason, message, since } = s.resize;
  return {
    name: s.name,
    ...(str(at(pod.status, 'phase')) ? { phase: str(at(pod.status, 'phase')) } : {}),
    resize: { state, ...(source ? { source } : {}), ...(reason ? { reason } : {}), ...(message ? { message } : {}), ...(since ? { since } : {}) },
    restarts: s.containers.reduce((n, c) => n + c.restartCount, 0),
  };
}
