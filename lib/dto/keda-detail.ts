/**
 * `GET /api/v1/scaledobjects/{ns}/{name}` and `/keda/{ns}/{name}`: one ScaledObject in detail —
 * its row, every trigger's activation vs scaling with the current value, the object's activity
 * against KEDA's Active condition, the stale-environment view, the refresh and restart actions with
 * their trade-off, and the findings about it. Pure: values, findings and access come in.
 */
import { at, int } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { operatorStart, isoOf } from '../keda/explain-env';
import type { ScalingGraph } from '../graph/scaling-graph';
import { describeToggle, neutralToggle } from '../plans/scaledobject-refresh';
import type { Finding, RuleHistory } from '../rules/types';
import type { Snapshot } from '../snapshot';
import type { ActionDto, FindingDto } from './findings';
import { scaledObjectRow, type ScaledObjectRowDto } from './keda';
import { explainTriggers, lastActiveTime, summarizeActivity, type ActivitySummaryDto, type MetricValueDto, type TriggerExplanationDto } from './keda-activation';
import { buildEnvDto, type EnvDto } from './keda-env';
import type { KedaInstallationDto } from './keda-install';

export interface ScaledObjectDetailDto {
  context: string;
  row: ScaledObjectRowDto;
  triggers: TriggerExplanationDto[];
  activity: ActivitySummaryDto;
  env: EnvDto | null;
  findings: FindingDto[];
  /** `scaledobject-refresh` and `keda-operator-restart`, with whether the caller may run them. */
  actions: ActionDto[];
  /** The neutral change the refresh would make, or why there is none. */
  refresh: { change?: string; unavailable?: string };
  /** The restart's reach: every ScaledObject and ScaledJob of the cluster. */
  operator: { namespace?: string; name?: string; version?: string; start?: { pod: string; at: string }; scaledObjects: number; scaledJobs: number };
  spec: { initialCooldownPeriod?: number; fallback?: { failureThreshold?: number; replicas?: number }; lastActiveTime?: string; generationSeenAt?: string };
  externalMetrics: KedaInstallationDto['externalMetrics']['state'];
  generatedAt: string;
}

/** What the server looked up for one ScaledObject. */
export interface DetailInputs {
  graph: ScalingGraph;
  history: RuleHistory;
  /** Current values by trigger index (`external.metrics.k8s.io`). */
  values: ReadonlyMap<number, MetricValueDto>;
  /** Every finding of the snapshot (pure rule output). */
  findings: readonly Finding[];
  /** The findings about this ScaledObject, decorated with the caller's actions. */
  findingDtos: FindingDto[];
  actions: ActionDto[];
  installation: KedaInstallationDto;
  now: string;
}

/** The triggers whose current value the server should read: index and external metric name. */
export function metricQueries(so: KubeObject, row: ScaledObjectRowDto): { index: number; metricName: string }[] {
  if (ScaledObject.pause(so)) return [];
  return row.triggers.flatMap((t) => (t.metricName && !t.resource ? [{ index: t.index, metricName: t.metricName }] : []));
}

export function buildScaledObjectDetail(s: Snapshot, so: KubeObject, i: DetailInputs): ScaledObjectDetailDto {
  const row = scaledObjectRow(s, i.graph, so, i.findings);
  const triggers = explainTriggers(so, row, i.values);
  const t = ScaledObject.scaleTarget(so);
  const workload = t ? i.graph.nodes.get(targetKey(t))?.object : undefined;
  const operator = operatorStart(s);
  const toggle = neutralToggle(so);
  const installation = i.installation;
  const generation = so.metadata.generation;
  const seen = generation !== undefined && generation > 1 && so.metadata.uid ? i.history.generationObservedAt(so.metadata.uid, generation) : undefined;
  const fallback = at(so.spec, 'fallback');
  const initial = int(at(so.spec, 'initialCooldownPeriod'));
  const lastActive = lastActiveTime(so);
  return {
    context: s.context,
    row,
    triggers,
    activity: summarizeActivity(so, row, triggers),
    env: buildEnvDto(s, so, workload, i.history, operator),
    findings: i.findingDtos,
    actions: i.actions,
    refresh: toggle ? { change: describeToggle(toggle) } : { unavailable: 'pollingInterval, cooldownPeriod and maxReplicaCount all hold non-default values, so no spec change is neutral: restart the keda-operator instead.' },
    operator: {
      ...(installation.operator ? { namespace: installation.operator.namespace, name: installation.operator.name } : {}),
      ...(installation.version ? { version: installation.version } : {}),
      ...(operator ? { start: { pod: operator.pod, at: isoOf(operator.at) } } : {}),
      scaledObjects: s.objects.scaledobjects.length,
      scaledJobs: s.objects.scaledjobs.length,
    },
    spec: {
      ...(initial !== undefined ? { initialCooldownPeriod: initial } : {}),
      ...(fallback !== undefined ? { fallback: { failureThreshold: int(at(fallback, 'failureThreshold')), replicas: int(at(fallback, 'replicas')) } } : {}),
      ...(lastActive ? { lastActiveTime: lastActive } : {}),
      ...(seen ? { generationSeenAt: seen } : {}),
    },
    externalMetrics: installation.externalMetrics.state,
    generatedAt: i.now,
  };
}
