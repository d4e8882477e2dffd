/**
 * The neighbourhood of one workload in the scaling graph, laid out in three columns for a small
 * diagram: drivers (ScaledObjects, CronHPAs, Canaries) → direct scalers (HPAs, VPAs) → workloads.
 */
import { sources, targets, type EdgeType, type GraphNode, type ScalingGraph } from '../graph/scaling-graph';
import type { ObjectRef } from '../k8s/object';

export interface DiagramNode {
  key: string;
  ref: ObjectRef;
  column: 0 | 1 | 2;
  /** False for a referenced object that does not exist. */
  exists: boolean;
  /** The workload the page is about. */
  focus?: boolean;
}

export interface DiagramEdge {
  from: string;
  to: string;
  type: EdgeType;
}

export interface WorkloadDiagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const COLUMN: Record<string, 0 | 1 | 2> = {
  ScaledObject: 0,
  CronHorizontalPodAutoscaler: 0,
  Canary: 0,
  HorizontalPodAutoscaler: 1,
  VerticalPodAutoscaler: 1,
};

export function workloadDiagram(g: ScalingGraph, workloadKey: string): WorkloadDiagram {
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const add = (n: GraphNode, focus = false) => {
    if (!nodes.has(n.key)) nodes.set(n.key, { key: n.key, ref: n.ref, column: COLUMN[n.ref.kind] ?? 2, exists: !!n.object, ...(focus ? { focus } : {}) });
  };
  const link = (from: GraphNode, to: GraphNode, type: EdgeType) => {
    add(from);
    add(to);
    if (!edges.some((e) => e.from === from.key && e.to === to.key && e.type === type)) edges.push({ from: from.key, to: to.key, type });
  };
  const w = g.nodes.get(workloadKey);
  if (!w) return { nodes: [], edges: [] };
  add(w, true);
  for (const s of sources(g, w.key, 'scales')) {
    link(s, w, 'scales');
    for (const owner of sources(g, s.key, 'owns')) link(owner, s, 'owns');
    for (const cron of sources(g, s.key, 'adjusts')) link(cron, s, 'adjusts');
    for (const owned of targets(g, s.key, 'owns')) link(s, owned, 'owns');
  }
  for (const c of sources(g, w.key, 'targets')) link(c, w, 'targets');
  for (const p of targets(g, w.key, 'shadows')) if (p.object) link(w, p, 'shadows');
  for (const t of sources(g, w.key, 'shadows')) {
    link(t, w, 'shadows');
    for (const c of sources(g, t.key, 'targets')) link(c, t, 'targets');
  }
  return { nodes: [...nodes.values()], edges };
}
