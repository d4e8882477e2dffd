/** `GET /api/v1/overview`: what the cluster runs and how fresh scaleguard's view of it is. */
import { findController, type ControllerStatus } from '../components';
import { COMPONENT_LABELS, COMPONENTS, RESOURCE_KINDS, type Component, type ResourceId } from '../k8s/resources';
import type { Severity } from '../rules/types';
import { Snapshot, type Connection, type KindSync } from '../snapshot';

export interface ComponentDto {
  id: Component;
  label: string;
  /** `null` while discovery has not answered yet. */
  installed: boolean | null;
  kinds: { id: ResourceId; kind: string; count: number }[];
  controller: ControllerStatus | null;
}

export interface KindFreshnessDto extends KindSync {
  id: ResourceId;
  kind: string;
  group: string;
}

export interface OverviewDto {
  context: string;
  cluster: { server?: string; version?: string };
  connection: Connection;
  /** Set when some data is older than the server's: the oldest moment a kind went stale. */
  staleSince?: string;
  components: ComponentDto[];
  counts: { id: ResourceId; kind: string; count: number; present: boolean }[];
  freshness: KindFreshnessDto[];
  /** Findings per severity (design §4). */
  findings: Record<Severity, number>;
  snapshotVersion: number;
  generatedAt: string;
}

const COUNTED: ResourceId[] = ['deployments', 'statefulsets', 'hpas', 'scaledobjects', 'scaledjobs', 'vpas', 'cronhpas', 'canaries'];

export function buildOverview(s: Snapshot, now: string, findings: Record<Severity, number> = { critical: 0, warning: 0, info: 0 }): OverviewDto {
  const deployments = s.objects.deployments;
  const components = COMPONENTS.map((id): ComponentDto => {
    const installed = Snapshot.componentInstalled(s, id);
    return {
      id,
      label: COMPONENT_LABELS[id],
      installed: installed ?? null,
      kinds: RESOURCE_KINDS.filter((k) => k.component === id).map((k) => ({ id: k.id, kind: k.kind, count: s.kinds[k.id].count })),
      controller: findController(id, deployments) ?? null,
    };
  });
  const counts = COUNTED.map((id) => {
    const k = RESOURCE_KINDS.find((r) => r.id === id)!;
    return { id, kind: k.kind, count: s.kinds[id].count, present: s.kinds[id].state !== 'absent' };
  });
  const freshness = RESOURCE_KINDS.map((k) => ({ id: k.id, kind: k.kind, group: k.group, ...s.kinds[k.id] }));
  return {
    context: s.context,
    cluster: s.cluster,
    connection: s.connection,
    staleSince: Snapshot.staleSince(s),
    components,
    counts,
    freshness,
    findings,
    snapshotVersion: s.version,
    generatedAt: now,
  };
}
