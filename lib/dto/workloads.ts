/**
 * `GET /api/v1/workloads`: every Deployment and StatefulSet with the autoscalers that act on it.
 * Filtering, sorting and paging happen here (pure), so the API and the page agree.
 */
import { sources, type AutoscalerKind, type ScalingGraph, type GraphNode } from '../graph/scaling-graph';
import { Canary } from '../k8s/canary';
import { CronHpa } from '../k8s/cron-hpa';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { Vpa } from '../k8s/vpa';
import { Workload, type WorkloadReplicas } from '../k8s/workload';
import { workloadHref } from '../links';

export interface AutoscalerDto {
  kind: AutoscalerKind;
  apiVersion: string;
  namespace: string;
  name: string;
  /** One line of what it does, e.g. `2–10 replicas · cpu 70%`. */
  summary: string;
  /** The ScaledObject that owns this HPA, when KEDA manages it. */
  ownedBy?: string;
  /** The HPA a CronHPA reaches this workload through. */
  via?: string;
  /** A pause annotation in effect, for ScaledObjects. */
  paused?: string;
}

export interface WorkloadRowDto {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  href: string;
  replicas: WorkloadReplicas;
  autoscalers: AutoscalerDto[];
  /** Set when a Flagger Canary drives this workload (`target`) or it is a canary's `-primary`. */
  canary?: { name: string; role: 'target' | 'primary'; phase?: string };
  createdAt?: string;
}

export function buildWorkloadRows(g: ScalingGraph): WorkloadRowDto[] {
  return g.workloads.filter((n) => n.object).map((n) => row(g, n, n.object!));
}

function row(g: ScalingGraph, node: GraphNode, w: KubeObject): WorkloadRowDto {
  const autoscalers: AutoscalerDto[] = [];
  for (const s of sources(g, node.key, 'scales')) {
    if (!s.object) continue;
    autoscalers.push(describe(s.object));
    // A CronHPA pointed at one of this workload's HPAs reaches it through the HPA.
    if (s.ref.kind === 'HorizontalPodAutoscaler') {
      for (const c of sources(g, s.key, 'adjusts')) if (c.object) autoscalers.push({ ...describe(c.object), via: s.ref.name });
    }
  }
  return {
    apiVersion: w.apiVersion,
    kind: w.kind,
    namespace: w.metadata.namespace ?? '',
    name: w.metadata.name ?? '',
    href: workloadHref({ namespace: w.metadata.namespace ?? '', kind: w.kind, name: w.metadata.name ?? '' }),
    replicas: Workload.replicas(w),
    autoscalers: autoscalers.sort(byKindThenName),
    canary: canaryRole(g, node),
    createdAt: w.metadata.creationTimestamp,
  };
}

function canaryRole(g: ScalingGraph, node: GraphNode): WorkloadRowDto['canary'] {
  const driver = sources(g, node.key, 'targets')[0]?.object;
  if (driver) return { name: driver.metadata.name ?? '', role: 'target', phase: Canary.phase(driver) };
  const shadowed = sources(g, node.key, 'shadows')[0];
  const canary = shadowed && sources(g, shadowed.key, 'targets')[0]?.object;
  return canary ? { name: canary.metadata.name ?? '', role: 'primary', phase: Canary.phase(canary) } : undefined;
}

const KIND_ORDER: AutoscalerKind[] = ['ScaledObject', 'HorizontalPodAutoscaler', 'CronHorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'Canary'];

function byKindThenName(a: AutoscalerDto, b: AutoscalerDto): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name);
}

function describe(obj: KubeObject): AutoscalerDto {
  const base = { apiVersion: obj.apiVersion, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
  switch (obj.kind) {
    case 'HorizontalPodAutoscaler': {
      const metrics = Hpa.metrics(obj).map((m) => m.label).join(', ');
      const bounds = `${Hpa.minReplicas(obj)}–${Hpa.maxReplicas(obj) ?? '?'} replicas`;
      return { ...base, kind: 'HorizontalPodAutoscaler', summary: [bounds, metrics].filter(Boolean).join(' · '), ownedBy: Hpa.ownerScaledObject(obj) };
    }
    case 'ScaledObject': {
      const triggers = ScaledObject.triggers(obj).map((t) => t.type).join(', ');
      const pause = ScaledObject.pause(obj);
      return {
        ...base,
        kind: 'ScaledObject',
        summary: [`${ScaledObject.minReplicas(obj)}–${ScaledObject.maxReplicas(obj)} replicas`, triggers].filter(Boolean).join(' · '),
        paused: pause ? `${pause.annotation}: ${pause.value}` : undefined,
      };
    }
    case 'VerticalPodAutoscaler':
      return { ...base, kind: 'VerticalPodAutoscaler', summary: `${Vpa.updateMode(obj)} · ${Vpa.controlledResources(obj).join(', ') || 'no resources'}` };
    case 'CronHorizontalPodAutoscaler': {
      const jobs = CronHpa.jobs(obj);
      return { ...base, kind: 'CronHorizontalPodAutoscaler', summary: `${jobs.length} job${jobs.length === 1 ? '' : 's'}${jobs[0] ? ` · ${jobs[0].name} → ${jobs[0].targetSize ?? '?'}` : ''}` };
    }
    default:
      return { ...base, kind: 'Canary', summary: Canary.phase(obj) ?? 'no phase yet' };
  }
}

export type WorkloadSort = 'name' | 'namespace' | 'kind' | 'replicas' | 'autoscalers' | 'age';

export interface WorkloadQuery {
  namespace?: string;
  /** Case-insensitive text matched against name, namespace, kind and autoscaler names. */
  q?: string;
  sort?: WorkloadSort;
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface WorkloadsDto {
  items: WorkloadRowDto[];
  total: number;
  /** Rows before filtering, so an empty result can tell "no match" from "no workloads". */
  unfilteredTotal: number;
  namespaces: string[];
  offset: number;
  limit: number;
  generatedAt: string;
}

export const WORKLOAD_PAGE_SIZE = 100;

export function queryWorkloads(rows: WorkloadRowDto[], query: WorkloadQuery, now: string): WorkloadsDto {
  const q = query.q?.trim().toLowerCase();
  const filtered = rows.filter((r) =>
    (!query.namespace || r.namespace === query.namespace) &&
    (!q || [r.name, r.namespace, r.kind, ...r.autoscalers.map((a) => a.name)].some((t) => t.toLowerCase().includes(q))),
  );
  const sorted = filtered.sort(comparator(query.sort ?? 'namespace', query.dir ?? 'asc'));
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(Math.max(1, query.limit ?? WORKLOAD_PAGE_SIZE), 1000);
  return {
    items: sorted.slice(offset, offset + limit),
    total: filtered.length,
    unfilteredTotal: rows.length,
    namespaces: [...new Set(rows.map((r) => r.namespace))].sort(),
    offset,
    limit,
    generatedAt: now,
  };
}

function comparator(sort: WorkloadSort, dir: 'asc' | 'desc'): (a: WorkloadRowDto, b: WorkloadRowDto) => number {
  const sign = dir === 'desc' ? -1 : 1;
  const byName = (a: WorkloadRowDto, b: WorkloadRowDto) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
  const primary: Record<WorkloadSort, (a: WorkloadRowDto, b: WorkloadRowDto) => number> = {
    name: (a, b) => a.name.localeCompare(b.name),
    namespace: (a, b) => a.namespace.localeCompare(b.namespace),
    kind: (a, b) => a.kind.localeCompare(b.kind),
    replicas: (a, b) => a.replicas.desired - b.replicas.desired,
    autoscalers: (a, b) => a.autoscalers.length - b.autoscalers.length,
    // Older first in ascending order, like `kubectl get --sort-by=.metadata.creationTimestamp`.
    age: (a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''),
  };
  return (a, b) => sign * (primary[sort](a, b) || byName(a, b));
}
