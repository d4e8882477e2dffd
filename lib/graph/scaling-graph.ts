/**
 * The scaling graph (design §3): workloads, the autoscalers that act on them, and how those relate.
 * Built once per snapshot and indexed by target key, so "who scales X?" is a map lookup.
 */
import { Canary } from '../k8s/canary';
import { CronHpa } from '../k8s/cron-hpa';
import { Hpa } from '../k8s/hpa';
import { type KubeObject, ObjectRef, splitApiVersion } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey, type ScaleTarget, renamed } from '../k8s/scale-target';
import { Vpa } from '../k8s/vpa';
import { RESOURCE_KINDS } from '../k8s/resources';
import type { Snapshot } from '../snapshot';

export type AutoscalerKind = 'HorizontalPodAutoscaler' | 'ScaledObject' | 'VerticalPodAutoscaler' | 'CronHorizontalPodAutoscaler' | 'Canary';

/**
 * - `scales`: an autoscaler writes the target's replicas or requests.
 * - `adjusts`: a CronHPA rewrites an HPA's bounds (its scaleTargetRef is the HPA).
 * - `owns`: ScaledObject → its HPA, Canary → primary Deployment and primary autoscaler (ownerReferences).
 * - `targets`: a Canary's targetRef (Flagger drives it, it does not scale it).
 * - `shadows`: a Canary target → `<target>-primary`, the copy that serves traffic.
 */
export type EdgeType = 'scales' | 'adjusts' | 'owns' | 'targets' | 'shadows';

export interface Edge {
  type: EdgeType;
  from: string;
  to: string;
}

export interface GraphNode {
  key: string;
  ref: ObjectRef;
  /** Undefined for a referenced object that does not exist (a dangling scaleTargetRef). */
  object?: KubeObject;
}

export interface ScalingGraph {
  nodes: ReadonlyMap<string, GraphNode>;
  /** Edges leaving a node, by node key. */
  out: ReadonlyMap<string, readonly Edge[]>;
  /** Edges arriving at a node, by node key. */
  in: ReadonlyMap<string, readonly Edge[]>;
  /** Deployments and StatefulSets, in snapshot order. */
  workloads: readonly GraphNode[];
  /** `sources`/`targets` answers, per edge type and node key, computed once (rules ask per workload). */
  bySource: ReadonlyMap<EdgeType, ReadonlyMap<string, GraphNode[]>>;
  byTarget: ReadonlyMap<EdgeType, ReadonlyMap<string, GraphNode[]>>;
}

export function keyOf(obj: KubeObject): string {
  return ObjectRef.key(ObjectRef.of(obj));
}

const GROUP_OF_KIND = new Map(RESOURCE_KINDS.map((k) => [k.kind, k.group]));

/** keyOf for the kinds of a snapshot, without parsing the apiVersion of every object. */
function fastKey(obj: KubeObject): string {
  const group = GROUP_OF_KIND.get(obj.kind);
  return group === undefined ? keyOf(obj) : `${obj.metadata.namespace ?? ''}/${group}/${obj.kind}/${obj.metadata.name ?? ''}`;
}

export function buildScalingGraph(s: Snapshot): ScalingGraph {
  const b = new GraphBuilder();
  const workloads = [...s.objects.deployments, ...s.objects.statefulsets].map((w) => b.object(w));
  for (const hpa of s.objects.hpas) b.edge('scales', b.object(hpa), Hpa.scaleTarget(hpa));
  for (const so of s.objects.scaledobjects) b.edge('scales', b.object(so), ScaledObject.scaleTarget(so));
  for (const vpa of s.objects.vpas) b.edge('scales', b.object(vpa), Vpa.target(vpa));
  for (const c of s.objects.cronhpas) {
    const target = CronHpa.scaleTarget(c);
    b.edge(target?.kind === 'HorizontalPodAutoscaler' ? 'adjusts' : 'scales', b.object(c), target);
  }
  for (const c of s.objects.canaries) {
    const node = b.object(c);
    const target = Canary.target(c);
    b.edge('targets', node, target);
    if (target) b.edge('shadows', b.ref(target), renamed(target, Canary.primaryName(target.name)));
  }
  for (const obj of [...s.objects.hpas, ...s.objects.deployments, ...s.objects.scaledobjects]) b.ownerEdges(obj);
  return b.build(workloads);
}

class GraphBuilder {
  private nodes = new Map<string, GraphNode>();
  private out = new Map<string, Edge[]>();
  private in = new Map<string, Edge[]>();
  private byUid = new Map<string, string>();

  object(obj: KubeObject): GraphNode {
    const ref = ObjectRef.of(obj);
    const key = fastKey(obj);
    const node = { key, ref, object: obj };
    this.nodes.set(key, node);
    if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, key);
    return node;
  }

  ref(t: ScaleTarget): GraphNode {
    const key = targetKey(t);
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const node = { key, ref: { apiVersion: t.apiVersion, kind: t.kind, namespace: t.namespace, name: t.name } };
    this.nodes.set(key, node);
    return node;
  }

  edge(type: EdgeType, from: GraphNode, to: ScaleTarget | undefined): void {
    if (!to) return;
    this.link({ type, from: from.key, to: this.ref(to).key });
  }

  /** `owns` edges for the ScaledObject and Canary owners named in ownerReferences. */
  ownerEdges(obj: KubeObject): void {
    for (const o of Array.isArray(obj.metadata.ownerReferences) ? obj.metadata.ownerReferences : []) {
      if (o?.kind !== 'ScaledObject' && o?.kind !== 'Canary') continue;
      const ownerKey = this.byUid.get(o.uid) ?? `${obj.metadata.namespace ?? ''}/${splitApiVersion(o.apiVersion ?? '').group}/${o.kind}/${o.name}`;
      this.link({ type: 'owns', from: ownerKey, to: fastKey(obj) });
    }
  }

  private link(e: Edge): void {
    push(this.out, e.from, e);
    push(this.in, e.to, e);
  }

  build(workloads: GraphNode[]): ScalingGraph {
    const bySource = new Map<EdgeType, Map<string, GraphNode[]>>();
    const byTarget = new Map<EdgeType, Map<string, GraphNode[]>>();
    for (const edges of this.in.values()) {
      for (const e of edges) {
        const from = this.nodes.get(e.from);
        const to = this.nodes.get(e.to);
        if (from) pushNode(bySource, e.type, e.to, from);
        if (to) pushNode(byTarget, e.type, e.from, to);
      }
    }
    return { nodes: this.nodes, out: this.out, in: this.in, workloads, bySource, byTarget };
  }
}

function pushNode(map: Map<EdgeType, Map<string, GraphNode[]>>, type: EdgeType, key: string, n: GraphNode): void {
  let byKey = map.get(type);
  if (!byKey) map.set(type, (byKey = new Map()));
  const list = byKey.get(key);
  if (list) list.push(n);
  else byKey.set(key, [n]);
}

function push(map: Map<string, Edge[]>, key: string, e: Edge): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

const NONE: GraphNode[] = [];

/** Nodes with an edge of `type` into `key`, e.g. every autoscaler that scales a workload. Do not mutate. */
export function sources(g: ScalingGraph, key: string, type: EdgeType): readonly GraphNode[] {
  return g.bySource.get(type)?.get(key) ?? NONE;
}

/** Nodes an edge of `type` leaves `key` for. Do not mutate. */
export function targets(g: ScalingGraph, key: string, type: EdgeType): readonly GraphNode[] {
  return g.byTarget.get(type)?.get(key) ?? NONE;
}
