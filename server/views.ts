import 'server-only';
/**
 * Derived views of a snapshot, computed once per snapshot version and shared by every request and
 * page that reads the same version (snapshots are immutable, so a WeakMap is a safe cache).
 */
import { buildScalingGraph, type ScalingGraph } from '@/lib/graph/scaling-graph';
import { buildWorkloadRows, type WorkloadRowDto } from '@/lib/dto/workloads';
import type { Snapshot } from '@/lib/snapshot';

const graphs = new WeakMap<Snapshot, ScalingGraph>();
const workloadRows = new WeakMap<Snapshot, WorkloadRowDto[]>();

export function graphOf(s: Snapshot): ScalingGraph {
  let g = graphs.get(s);
  if (!g) graphs.set(s, (g = buildScalingGraph(s)));
  return g;
}

export function workloadRowsOf(s: Snapshot): WorkloadRowDto[] {
  let rows = workloadRows.get(s);
  if (!rows) workloadRows.set(s, (rows = buildWorkloadRows(graphOf(s))));
  return rows;
}
