/**
 * `GET /api/v1/canaries`: every Flagger Canary with its target, its autoscalerRef, and the state of
 * the primary autoscaler Flagger derives from it (`<autoscalerRef.name>-primary`), plus any other
 * autoscaler left on the primary (flagger#1646). Pure: built from a snapshot.
 */
import { Canary } from '../k8s/canary';
import { Hpa } from '../k8s/hpa';
import { findCondition, type KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { isWorkloadKind, Workload, type WorkloadReplicas } from '../k8s/workload';
import { workloadHref } from '../links';
import { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';

export interface CanaryAutoscalerDto {
  apiVersion: string;
  kind: string;
  name: string;
  exists: boolean;
  /** `2–6 replicas · cpu 80%`, for an autoscaler that exists. */
  summary?: string;
  /** A ScaledObject's Ready condition. */
  ready?: { status: string; reason?: string; message?: string };
  /** The ScaledObject that owns this HPA. */
  ownedBy?: string;
  /** A ScaledObject pause annotation in effect, e.g. `autoscaling.keda.sh/paused-replicas: 0`. */
  paused?: string;
}

export interface CanaryWorkloadDto {
  kind: string;
  name: string;
  exists: boolean;
  href?: string;
  replicas?: WorkloadReplicas;
}

export interface CanaryDto {
  namespace: string;
  name: string;
  phase?: string;
  target?: CanaryWorkloadDto;
  /** `<target>-primary`, the copy that serves the traffic. */
  primary?: CanaryWorkloadDto;
  autoscalerRef?: CanaryAutoscalerDto;
  /** `<autoscalerRef.name>-primary`: what Flagger makes from the autoscalerRef to scale the primary. */
  primaryAutoscaler?: CanaryAutoscalerDto;
  /** Other HPAs and ScaledObjects scaling the primary (e.g. an HPA left from before a migration). */
  primaryOthers: CanaryAutoscalerDto[];
  createdAt?: string;
}

export interface CanariesDto {
  items: CanaryDto[];
  /** Whether Flagger's CRDs are served (`null` while discovery has not answered). */
  installed: boolean | null;
  generatedAt: string;
}

function autoscaler(o: KubeObject | undefined, ref: { apiVersion: string; kind: string; name: string }): CanaryAutoscalerDto {
  const base = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, exists: !!o };
  if (!o) return base;
  if (o.kind === 'HorizontalPodAutoscaler') {
    const metrics = Hpa.metrics(o).map((m) => m.label).join(', ');
    const owner = Hpa.ownerScaledObject(o);
    return { ...base, summary: [`${Hpa.minReplicas(o)}–${Hpa.maxReplicas(o) ?? '?'} replicas`, metrics].filter(Boolean).join(' · '), ...(owner ? { ownedBy: owner } : {}) };
  }
  const ready = findCondition(o.status, 'Ready');
  const pause = ScaledObject.pause(o);
  return {
    ...base,
    summary: [`${ScaledObject.minReplicas(o)}–${ScaledObject.maxReplicas(o)} replicas`, ScaledObject.triggers(o).map((t) => t.type).join(', ')].filter(Boolean).join(' · '),
    ...(ready ? { ready: { status: ready.status, ...(ready.reason ? { reason: ready.reason } : {}), ...(ready.message ? { message: ready.message } : {}) } } : {}),
    ...(pause ? { paused: `${pause.annotation}: ${pause.value}` } : {}),
  };
}

const KIND_IDS = { HorizontalPodAutoscaler: 'hpas', ScaledObject: 'scaledobjects' } as const;

export function buildCanaries(s: Snapshot, now: string): CanariesDto {
  const idx = indexOf(s);
  const lookup = (kind: string, ns: string, name: string) => {
    if (kind === 'Deployment') return idx.get('deployments', ns, name);
    if (kind === 'StatefulSet') return idx.get('statefulsets', ns, name);
    const id = KIND_IDS[kind as keyof typeof KIND_IDS];
    return id ? idx.get(id, ns, name) : undefined;
  };
  const workload = (ns: string, kind: string, name: string): CanaryWorkloadDto => {
    const o = lookup(kind, ns, name);
    return { kind, name, exists: !!o, ...(isWorkloadKind(kind) ? { href: workloadHref({ namespace: ns, kind, name }) } : {}), ...(o ? { replicas: Workload.replicas(o) } : {}) };
  };
  const items = s.objects.canaries.map((c): CanaryDto => {
    const ns = c.metadata.namespace ?? '';
    const target = Canary.target(c);
    const ref = Canary.autoscaler(c);
    const primaryName = target ? Canary.primaryName(target.name) : undefined;
    const primaryAutoscalerName = ref ? Canary.primaryName(ref.name) : undefined;
    const primaryAutoscaler = ref && primaryAutoscalerName ? autoscaler(lookup(ref.kind, ns, primaryAutoscalerName), { apiVersion: ref.apiVersion, kind: ref.kind, name: primaryAutoscalerName }) : undefined;
    // Anything else that scales the primary: HPAs and ScaledObjects whose target is `<target>-primary`.
    const others = primaryName && target
      ? [...idx.inNamespace('hpas', ns).filter((h) => Hpa.scaleTarget(h)?.name === primaryName && Hpa.scaleTarget(h)?.kind === target.kind),
         ...idx.inNamespace('scaledobjects', ns).filter((so) => ScaledObject.scaleTarget(so)?.name === primaryName && ScaledObject.scaleTarget(so)?.kind === target.kind)]
        .filter((o) => !(o.kind === primaryAutoscaler?.kind && o.metadata.name === primaryAutoscaler.name))
        // The HPA a primary ScaledObject owns is part of it, not another autoscaler.
        .filter((o) => !(o.kind === 'HorizontalPodAutoscaler' && primaryAutoscaler?.kind === 'ScaledObject' && Hpa.ownerScaledObject(o) === primaryAutoscaler.name))
        .map((o) => autoscaler(o, { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name ?? '' }))
      : [];
    return {
      namespace: ns,
      name: c.metadata.name ?? '',
      ...(Canary.phase(c) ? { phase: Canary.phase(c) } : {}),
      ...(target ? { target: workload(ns, target.kind, target.name) } : {}),
      ...(target && primaryName ? { primary: workload(ns, target.kind, primaryName) } : {}),
      ...(ref ? { autoscalerRef: autoscaler(lookup(ref.kind, ns, ref.name), ref) } : {}),
      ...(primaryAutoscaler ? { primaryAutoscaler } : {}),
      primaryOthers: others,
      ...(c.metadata.creationTimestamp ? { createdAt: c.metadata.creationTimestamp } : {}),
    };
  }).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { items, installed: Snapshot.componentInstalled(s, 'flagger') ?? null, generatedAt: now };
}
