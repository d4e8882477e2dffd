/**
 * Activation vs scaling for every trigger of one ScaledObject, and for the ScaledObject as a whole
 * (KEDA runs the workload when any trigger is active), from the current values the server read
 * from `external.metrics.k8s.io` (unknown when not served). Pure; the per-trigger words are
 * `lib/keda/explain-activation.ts`.
 */
import { at, int, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { explainActivation, fmtNumber, type ActivationExplanation } from '../keda/explain-activation';
import type { KedaConditionDto, ScaledObjectRowDto } from './keda';
import type { TriggerDto } from './keda-triggers';

/** A trigger's current value as KEDA's metrics server answered (or why it is unknown). */
export interface MetricValueDto {
  state: 'ok' | 'unknown';
  value?: number;
  /** The quantity as served, e.g. `40` or `1500m`. */
  raw?: string;
  /** When KEDA's metrics server measured it. */
  at?: string;
  reason?: string;
}

export interface TriggerExplanationDto {
  trigger: TriggerDto;
  value: MetricValueDto;
  /** `thresholds`: explained from the value; `resource`: cpu/memory; `other`: a type without known thresholds. */
  kind: 'thresholds' | 'resource' | 'other';
  explanation?: ActivationExplanation;
  /** For `resource` and `other`: what can be said without thresholds. */
  text?: string;
}

export interface ActivitySummaryDto {
  tone: 'ok' | 'warn' | 'info' | 'neutral';
  headline: string;
  sentence: string;
  /** Active as the values say (undefined when some value is unknown). */
  computedActive?: boolean;
  condition: KedaConditionDto;
  /** The values and KEDA's Active condition disagree, in words. */
  mismatch?: string;
}

const UNKNOWN: MetricValueDto = { state: 'unknown', reason: 'not read' };

/** Explains each trigger with its value; `values` by trigger index. */
export function explainTriggers(so: KubeObject, row: ScaledObjectRowDto, values: ReadonlyMap<number, MetricValueDto>): TriggerExplanationDto[] {
  const base = {
    minReplicaCount: row.min, maxReplicaCount: row.max, idleReplicaCount: row.idle,
    currentReplicas: row.target.replicas?.desired ?? 0, readyReplicas: row.target.replicas?.ready ?? 0,
    cooldownPeriodSeconds: row.cooldownPeriod, paused: ScaledObject.pause(so),
  };
  const first = row.triggers.map((t): TriggerExplanationDto => {
    const value = values.get(t.index) ?? (t.resource ? { state: 'unknown', reason: 'a resource metric: the HPA reads it from the pods' } : UNKNOWN);
    if (t.resource) {
      const target = t.metadata.find((m) => m.key === 'value')?.value ?? '?';
      return { trigger: t, value, kind: 'resource', text: `A resource metric: the HPA reads ${t.resource} from the pods (target ${target}${t.metricType === 'Utilization' ? '% of the request' : ' per pod'}). Without pods there is nothing to measure, so cpu/memory triggers never wake a workload from 0; with no other trigger KEDA counts the ScaledObject as always active.` };
    }
    if (!t.thresholds) {
      return { trigger: t, value, kind: 'other', text: `scaleguard does not know which parameters of a \`${t.type}\` trigger are its thresholds. KEDA activates a trigger when its value is strictly above its activation threshold (0 unless set), and its HPA scales on the scaling threshold.` };
    }
    return { trigger: t, value, kind: 'thresholds' };
  });
  // Activity is decided by the non-resource triggers; with only cpu/memory KEDA counts the object as active.
  const activeLabels = (except: number) => first.filter((x) => x.kind !== 'resource' && x.trigger.index !== except && x.value.state === 'ok' && x.trigger.thresholds?.activation !== undefined && (x.value.value ?? 0) > x.trigger.thresholds.activation).map((x) => x.trigger.name ? `\`${x.trigger.name}\`` : x.trigger.label);
  return first.map((x) => (x.kind !== 'thresholds' ? x : {
    ...x,
    explanation: explainActivation({ ...base, value: x.value.state === 'ok' ? x.value.value : undefined, thresholds: x.trigger.thresholds!, otherActive: activeLabels(x.trigger.index) }),
  }));
}

/** The ScaledObject as a whole: active when any trigger is, against KEDA's Active condition. */
export function summarizeActivity(so: KubeObject, row: ScaledObjectRowDto, triggers: TriggerExplanationDto[]): ActivitySummaryDto {
  const condition = row.conditions.find((c) => c.type === 'Active') ?? { type: 'Active', status: 'absent' };
  const capable = row.min === 0 || row.idle !== undefined;
  const floor = row.idle ?? 0;
  const workload = `${row.target.kind} \`${row.target.name}\``;
  if (row.pause) {
    const pinned = row.pause.annotation.endsWith('paused-replicas');
    return { tone: 'info', headline: 'Paused', condition, sentence: `\`${row.pause.annotation}: ${row.pause.value}\` is set: KEDA ${pinned ? `removed its HPA and holds ${workload} at ${row.pause.value} replicas` : `stopped scaling ${workload} and removed its HPA`}; no trigger is acted on until the annotation is removed.` };
  }
  const external = triggers.filter((t) => t.kind !== 'resource');
  if (external.length === 0) {
    return { tone: 'ok', headline: 'Always active', condition, computedActive: true, sentence: `Only cpu/memory triggers: KEDA counts the ScaledObject as always active and its HPA scales ${workload} between ${Math.max(row.min, 1)} and ${row.max} on the pods' usage.` };
  }
  const judged = external.filter((t) => t.explanation && t.explanation.active !== undefined);
  const active = judged.filter((t) => t.explanation!.active);
  const allKnown = judged.length === external.length;
  const computedActive = active.length > 0 ? true : allKnown ? false : undefined;
  const names = (xs: TriggerExplanationDto[]) => xs.map((t) => t.trigger.label).join(', ');
  let headline: string;
  let sentence: string;
  let tone: ActivitySummaryDto['tone'];
  if (computedActive === true) {
    headline = 'Active';
    tone = 'ok';
    sentence = `${names(active)} ${active.length === 1 ? 'is' : 'are'} above ${active.length === 1 ? 'its' : 'their'} activation threshold, so KEDA keeps ${workload} running${capable ? ` (at least ${Math.max(row.min, 1)})` : ''} and its HPA scales it up to ${row.max}.`;
  } else if (computedActive === false) {
    headline = 'Inactive';
    tone = capable ? 'warn' : 'neutral';
    sentence = capable
      ? `No trigger is above its activation threshold, so KEDA keeps ${workload} at ${floor}${row.idle !== undefined ? ' (idleReplicaCount)' : ''}, or takes it there once the cooldown (${row.cooldownPeriod} s) has passed.`
      : `No trigger is above its activation threshold. That is normal with minReplicaCount ${row.min} (keda#6145): activation only decides between 0 and 1, and the HPA keeps scaling ${workload} between ${row.min} and ${row.max}.`;
  } else {
    headline = 'Not known';
    tone = 'neutral';
    sentence = `The current value of ${names(external.filter((t) => !judged.includes(t)))} is unknown (external.metrics.k8s.io did not answer), so only KEDA's own Active condition tells whether ${workload} is active.`;
  }
  const mismatch = computedActive !== undefined && (condition.status === 'True' || condition.status === 'False') && (condition.status === 'True') !== computedActive
    ? `KEDA's Active condition says ${condition.status}${condition.reason ? ` (${condition.reason})` : ''} while the values read now say ${computedActive ? 'active' : 'inactive'}. KEDA polls every ${row.pollingInterval} s${condition.reason === 'ScalerCooldown' ? ' and is inside the cooldown' : ''}, so it may not have caught up yet.`
    : undefined;
  return { tone, headline, sentence, computedActive, condition, ...(mismatch ? { mismatch } : {}) };
}

/** `status.lastActiveTime`, if KEDA recorded one. */
export function lastActiveTime(so: KubeObject): string | undefined {
  return str(at(so.status, 'lastActiveTime'));
}

/** `initialCooldownPeriod` as written, for the detail page. */
export function initialCooldown(so: KubeObject): number | undefined {
  return int(at(so.spec, 'initialCooldownPeriod'));
}

export { fmtNumber };
