/**
 * `GET /api/v1/scaledobjects` and the `/keda` page: every ScaledObject and ScaledJob with its
 * target, replica bounds, triggers, KEDA's four conditions, pause annotations, the HPA it owns
 * (`status.hpaName`) and that HPA's state, and the findings about it. Pure.
 */
import { at, int, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import { findCondition, type KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import { Workload } from '../k8s/workload';
import { DEFAULT_COOLDOWN_PERIOD_S, DEFAULT_POLLING_INTERVAL_S } from '../keda/scaling';
import type { ScalingGraph } from '../graph/scaling-graph';
import type { Finding, Severity } from '../rules/types';
import { SEVERITY_ORDER } from '../rules/types';
import { indexOf } from '../snapshot-index';
import type { Snapshot } from '../snapshot';
import type { KedaInstallationDto } from './keda-install';
import { triggerDtos, type TriggerDto } from './keda-triggers';

export const KEDA_CONDITION_TYPES = ['Ready', 'Active', 'Fallback', 'Paused'] as const;
export type KedaConditionType = (typeof KEDA_CONDITION_TYPES)[number];

export interface KedaConditionDto {
  type: KedaConditionType;
  /** `absent` when KEDA has not written the condition. */
  status: 'True' | 'False' | 'Unknown' | 'absent';
  reason?: string;
  message?: string;
}

export interface HpaStateDto {
  name: string;
  exists: boolean;
  /** The HPA controller has written its status (`desiredReplicas`); before that replicas are unknown. */
  observed: boolean;
  /** The ScaledObject its controller ownerReference names, if any. */
  ownedBy?: string;
  min?: number;
  max?: number;
  current?: number;
  desired?: number;
  /** AbleToScale, ScalingActive, ScalingLimited. */
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  /** Its metrics, e.g. `s0-rabbitmq-invoices 10 (external)`. */
  metrics: string[];
}

export interface ScaledObjectRowDto {
  namespace: string;
  name: string;
  generation?: number;
  target: { apiVersion: string; kind: string; name: string; exists: boolean; replicas?: { desired: number; ready: number } };
  min: number;
  /** `spec.minReplicaCount` is written (else KEDA's default 0). */
  minSet: boolean;
  max: number;
  idle?: number;
  pollingInterval: number;
  cooldownPeriod: number;
  triggers: TriggerDto[];
  conditions: KedaConditionDto[];
  pause?: { annotation: string; value: string };
  hpa: HpaStateDto;
  findings: { rule: string; severity: Severity; message: string }[];
}

export interface ScaledJobRowDto {
  namespace: string;
  name: string;
  /** Image of the job template's first container. */
  image?: string;
  min: number;
  max: number;
  pollingInterval: number;
  triggers: TriggerDto[];
  conditions: KedaConditionDto[];
  pause?: { annotation: string; value: string };
}

export interface KedaDto {
  context: string;
  installation: KedaInstallationDto;
  scaledObjects: ScaledObjectRowDto[];
  scaledJobs: ScaledJobRowDto[];
  generatedAt: string;
}

/** KEDA's four conditions in their fixed order, `absent` where not written. */
export function kedaConditions(obj: KubeObject): KedaConditionDto[] {
  return KEDA_CONDITION_TYPES.map((type) => {
    const c = findCondition(obj.status, type);
    if (!c) return { type, status: 'absent' };
    const status = c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
    return { type, status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
  });
}

/** The HPA a ScaledObject owns: `status.hpaName`, else the name KEDA would give it. */
export function hpaState(s: Snapshot, so: KubeObject): HpaStateDto {
  const name = str(at(so.status, 'hpaName')) ?? ScaledObject.hpaName(so);
  const hpa = indexOf(s).get('hpas', so.metadata.namespace, name);
  if (!hpa) return { name, exists: false, observed: false, conditions: [], metrics: [] };
  const owner = Hpa.ownerScaledObject(hpa);
  const desired = Hpa.desiredReplicas(hpa);
  const observed = desired !== undefined;
  // `currentReplicas` is omitempty upstream: absent next to a written status means 0.
  const current = Hpa.currentReplicas(hpa) ?? (observed ? 0 : undefined);
  return {
    name, exists: true, observed,
    ...(owner ? { ownedBy: owner } : {}),
    min: Hpa.minReplicas(hpa), max: Hpa.maxReplicas(hpa), current, desired,
    conditions: list(at(hpa.status, 'conditions')).flatMap((c) => {
      const type = str(at(c, 'type'));
      const status = str(at(c, 'status'));
      return type && status ? [{ type, status, ...(str(at(c, 'reason')) ? { reason: str(at(c, 'reason')) } : {}), ...(str(at(c, 'message')) ? { message: str(at(c, 'message')) } : {}) }] : [];
    }),
    metrics: Hpa.metrics(hpa).map((m) => m.label),
  };
}

function pauseOf(obj: KubeObject): { annotation: string; value: string } | undefined {
  return ScaledObject.pause(obj);
}

/** Findings whose subjects include this ScaledObject, most severe first. */
export function findingsAbout(findings: readonly Finding[], so: KubeObject): Finding[] {
  return findings
    .filter((f) => f.subjects.some((x) => x.kind === 'ScaledObject' && x.namespace === so.metadata.namespace && x.name === so.metadata.name))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** One ScaledObject's row. */
export function scaledObjectRow(s: Snapshot, g: ScalingGraph, so: KubeObject, findings: readonly Finding[]): ScaledObjectRowDto {
  const t = ScaledObject.scaleTarget(so);
  const workload = t ? g.nodes.get(targetKey(t))?.object : undefined;
  const replicas = workload ? Workload.replicas(workload) : undefined;
  const pause = pauseOf(so);
  const idle = ScaledObject.idleReplicas(so);
  const generation = so.metadata.generation;
  return {
    namespace: so.metadata.namespace ?? '',
    name: so.metadata.name ?? '',
    ...(generation !== undefined ? { generation } : {}),
    target: {
      apiVersion: t?.apiVersion ?? 'apps/v1', kind: t?.kind ?? 'Deployment', name: t?.name ?? '', exists: !!workload,
      ...(replicas ? { replicas: { desired: replicas.desired, ready: replicas.ready } } : {}),
    },
    min: ScaledObject.minReplicas(so),
    minSet: at(so.spec, 'minReplicaCount') !== undefined,
    max: ScaledObject.maxReplicas(so),
    ...(idle !== undefined ? { idle } : {}),
    pollingInterval: int(at(so.spec, 'pollingInterval')) ?? DEFAULT_POLLING_INTERVAL_S,
    cooldownPeriod: int(at(so.spec, 'cooldownPeriod')) ?? DEFAULT_COOLDOWN_PERIOD_S,
    triggers: triggerDtos(so),
    conditions: kedaConditions(so),
    ...(pause ? { pause } : {}),
    hpa: hpaState(s, so),
    findings: findingsAbout(findings, so).map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
  };
}

function scaledJobRow(sj: KubeObject): ScaledJobRowDto {
  const image = str(at(list(at(sj.spec, 'jobTargetRef', 'template', 'spec', 'containers'))[0], 'image'));
  const pause = pauseOf(sj);
  return {
    namespace: sj.metadata.namespace ?? '',
    name: sj.metadata.name ?? '',
    ...(image ? { image } : {}),
    min: int(at(sj.spec, 'minReplicaCount')) ?? 0,
    max: int(at(sj.spec, 'maxReplicaCount')) ?? 100,
    pollingInterval: int(at(sj.spec, 'pollingInterval')) ?? DEFAULT_POLLING_INTERVAL_S,
    triggers: triggerDtos(sj),
    conditions: kedaConditions(sj),
    ...(pause ? { pause } : {}),
  };
}

/** Every ScaledObject and ScaledJob of the snapshot, by namespace and name. */
export function buildKeda(s: Snapshot, g: ScalingGraph, findings: readonly Finding[], installation: KedaInstallationDto, now: string): KedaDto {
  return {
    context: s.context,
    installation,
    scaledObjects: s.objects.scaledobjects.map((so) => scaledObjectRow(s, g, so, findings)),
    scaledJobs: s.objects.scaledjobs.map(scaledJobRow),
    generatedAt: now,
  };
}
