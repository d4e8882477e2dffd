/**
 * Activation vs scaling, per trigger, in words (seed 003), pure. KEDA alone decides between 0 (or
 * `idleReplicaCount`) and running: a trigger is active when its value is strictly greater than its
 * activation threshold (default 0), and the workload runs when any trigger is active. Above that
 * the HPA KEDA made scales by the scaling threshold. With `minReplicaCount` ≥ 1 (and no idle count)
 * activation decides nothing, so `Active=False` is normal there (keda#6145).
 *
 * @example
 * explainActivation({ value: 40, thresholds: { targetKey: 'value', target: 10, activationKey: 'activationValue', activation: 50, … },
 *   minReplicaCount: 0, maxReplicaCount: 10, currentReplicas: 0, readyReplicas: 0, cooldownPeriodSeconds: 300, otherActive: [] }).sentence
 * // 'value 40 ≤ activationValue 50: inactive, so the workload stays at 0 although the HPA would want 4'
 */
import { perPodValueReplicas, usageRatioReplicas, DEFAULT_CALCULATOR_OPTIONS, type PodSample } from '../hpa';
import type { TriggerThresholds } from './explain-thresholds';

export type Relation = 'above' | 'equal' | 'below';

export interface ActivationInput {
  /** The trigger's value now (from `external.metrics.k8s.io`); undefined when unknown. */
  value: number | undefined;
  thresholds: TriggerThresholds;
  /** `spec.minReplicaCount` (KEDA's default 0). */
  minReplicaCount: number;
  maxReplicaCount: number;
  idleReplicaCount?: number;
  /** The scale target's replicas now (`spec.replicas`). */
  currentReplicas: number;
  readyReplicas: number;
  /** `spec.cooldownPeriod` (default 300). */
  cooldownPeriodSeconds: number;
  /** Other triggers of the ScaledObject that are active now, as labels (e.g. `` `lag` ``). */
  otherActive: string[];
  /** The pause annotation in effect. */
  paused?: { annotation: string; value: string };
}

export interface ActivationExplanation {
  /** The value against the activation threshold; undefined when the value is unknown. */
  relation?: Relation;
  /** This trigger is active (value > activation threshold). */
  active?: boolean;
  /** What the HPA would want on this trigger alone, within its bounds, and before them. */
  hpaWants?: number;
  hpaWantsRaw?: number;
  phase: 'active' | 'inactive' | 'unknown' | 'invalid';
  /** e.g. `value 40 ≤ activationValue 50: inactive`. */
  comparison: string;
  /** The comparison and what follows from it, in one sentence. */
  sentence: string;
  /** Further remarks: equality, defaults, a dominating activation threshold, keda#6145. */
  notes: string[];
}

/** A number as people read it: `40`, `0.5`, `1234.568`. */
export function fmtNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3)));
}

function relationOf(value: number, activation: number): Relation {
  return value > activation ? 'above' : value === activation ? 'equal' : 'below';
}

/** The HPA's proposal for one External metric (upstream replica calculator), bounded by the HPA KEDA made: max(minReplicaCount, 1) … maxReplicaCount. */
export function hpaProposal(i: Pick<ActivationInput, 'currentReplicas' | 'readyReplicas' | 'minReplicaCount' | 'maxReplicaCount'>, value: number, target: number, metricType: 'AverageValue' | 'Value'): { raw: number; bounded: number } | undefined {
  if (!(target > 0)) return undefined;
  const tolerance = DEFAULT_CALCULATOR_OPTIONS.tolerance;
  let raw: number;
  if (metricType === 'AverageValue') {
    raw = perPodValueReplicas(i.currentReplicas, target, value, tolerance).replicas;
  } else {
    const pods: PodSample[] = Array.from({ length: i.readyReplicas }, (_, n) => ({ name: `p${n}`, phase: 'Running', deleting: false, ready: { status: 'True', lastTransitionTime: 0 }, containers: [] }));
    const r = usageRatioReplicas(i.currentReplicas, value / target, pods, tolerance);
    if (!r.ok) return undefined;
    raw = r.replicas;
  }
  const min = Math.max(i.minReplicaCount, 1);
  return { raw, bounded: Math.min(Math.max(raw, min), Math.max(i.maxReplicaCount, min)) };
}

function wants(p: { raw: number; bounded: number } | undefined, max: number): string {
  if (!p) return 'the HPA cannot tell how many it would want';
  if (p.raw > p.bounded && p.bounded === max) return `the HPA would want ${p.bounded} (${p.raw}, capped at maxReplicaCount ${max})`;
  return `the HPA would want ${p.bounded}`;
}

function others(names: string[]): string {
  const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.length === 1 ? 'trigger' : 'triggers'} ${list} ${names.length === 1 ? 'is' : 'are'} active`;
}

/** Explains one trigger's activation and scaling with its current value (or without, when unknown). */
export function explainActivation(i: ActivationInput): ActivationExplanation {
  const { thresholds: th } = i;
  const T = `${th.targetKey}`;
  const K = `${th.activationKey}`;
  const notes = noteDefaults(th);
  if (th.target === undefined || th.activation === undefined) {
    const bad = th.target === undefined ? T : K;
    return { phase: 'invalid', comparison: `${bad} is not a number`, sentence: `${bad} is missing or not a number: KEDA cannot build this scaler, so the trigger reports an error instead of a value`, notes };
  }
  const t = th.target;
  const a = th.activation;
  const idle = i.idleReplicaCount;
  const min = i.minReplicaCount;
  const capable = min === 0 || idle !== undefined;
  const floor = idle ?? 0;
  const floorText = idle !== undefined ? `its idleReplicaCount ${idle}` : '0';
  const activeFloor = Math.max(min, 1);
  if (capable && a >= t && t > 0) {
    notes.push(`\`${K}\` ${fmtNumber(a)} is not below \`${T}\` ${fmtNumber(t)}: for values from ${fmtNumber(t)} up to ${fmtNumber(a)} the HPA would want replicas, yet KEDA keeps the workload at ${floor}.`);
  }
  if (!capable) notes.push(`With minReplicaCount ${min} activation only decides between 0 and 1, which never happens here: Active=False is normal (keda#6145).`);
  if (i.value === undefined) {
    const scaling = th.metricType === 'AverageValue' ? `the HPA runs one replica per ${fmtNumber(t)} of value (${T})` : `the HPA scales up while the value exceeds ${T} ${fmtNumber(t)}`;
    const activation = capable
      ? `KEDA runs the workload only while the value is above ${K} ${fmtNumber(a)}, else it stays at ${floorText}`
      : `activation (${K} ${fmtNumber(a)}) does not change the replicas`;
    return { phase: 'unknown', comparison: 'value unknown', sentence: `value unknown: ${activation}; ${scaling}`, notes };
  }
  const v = i.value;
  const relation = relationOf(v, a);
  const active = relation === 'above';
  if (relation === 'equal') notes.push(`The value equals \`${K}\`: KEDA activates only when the value is strictly greater.`);
  const comparison = active ? `value ${fmtNumber(v)} > ${K} ${fmtNumber(a)}: active` : `value ${fmtNumber(v)} ≤ ${K} ${fmtNumber(a)}: inactive`;
  const proposal = hpaProposal(i, v, t, th.metricType);
  const base = { relation, active, hpaWants: proposal?.bounded, hpaWantsRaw: proposal?.raw, phase: active ? 'active' as const : 'inactive' as const, comparison, notes };
  const wantsText = wants(proposal, i.maxReplicaCount);
  if (i.paused) {
    const held = i.paused.annotation.endsWith('paused-replicas') ? `holds the workload at ${i.paused.value}` : `leaves the workload at its ${i.currentReplicas}`;
    return { ...base, sentence: `${comparison}, but the ScaledObject is paused (${i.paused.annotation}: ${i.paused.value}), so KEDA ${held} replicas whatever the value` };
  }
  let rest: string;
  if (!capable) {
    rest = active
      ? `; with minReplicaCount ${min} activation changes nothing: the HPA scales between ${min} and ${i.maxReplicaCount}, and ${wantsText}`
      : ` (Active=False), which is normal with minReplicaCount ${min}: activation only decides between 0 and 1, so the HPA keeps scaling between ${min} and ${i.maxReplicaCount}, and ${wantsText}`;
  } else if (active) {
    // KEDA activates from 0, or (idle mode) from anything below minReplicaCount, straight to max(min, 1).
    rest = i.currentReplicas === 0 || (idle !== undefined && i.currentReplicas < min)
      ? `, so KEDA scales the workload from ${i.currentReplicas} to ${activeFloor}, then ${wantsText}`
      : `, so the workload keeps running and ${wantsText}`;
  } else if (i.otherActive.length) {
    rest = `, but ${others(i.otherActive)}, so the workload keeps running; on this trigger alone ${wantsText}`;
  } else if (i.currentReplicas <= floor) {
    rest = `, so the workload stays at ${floorText}${proposal && proposal.raw >= 1 ? ` although ${wantsText}` : ''}`;
  } else {
    rest = `, so KEDA scales the workload from ${i.currentReplicas} to ${floor} once the cooldown (${i.cooldownPeriodSeconds} s since it was last active) has passed${proposal && proposal.raw >= 1 ? `, although ${wantsText}` : ''}`;
  }
  return { ...base, sentence: `${comparison}${rest}` };
}

function noteDefaults(th: TriggerThresholds): string[] {
  const notes: string[] = [];
  if (th.targetDefaulted && th.target !== undefined) notes.push(`\`${th.targetKey}\` is not set: KEDA's default ${fmtNumber(th.target)} applies.`);
  if (th.activationDefaulted) notes.push(`\`${th.activationKey}\` is not set: KEDA's default 0 applies (active on any value above 0).`);
  return notes;
}
