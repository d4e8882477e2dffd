/**
 * The Canary status rules: the `Promoted` condition per phase (pkg/canary/status.go
 * `MakeStatusConditions`) and the analysis weights (pkg/controller/scheduler.go `maxWeight`,
 * `nextStepWeight`).
 */

export type CanaryPhase = 'Initializing' | 'Initialized' | 'Waiting' | 'Progressing' | 'WaitingPromotion' | 'Promoting' | 'Finalising' | 'Succeeded' | 'Failed' | 'Terminating' | 'Terminated';

export interface PromotedCondition {
  type: 'Promoted';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** Status and message of `Promoted` for a phase; `kind` is the target's kind (Deployment). */
export function promotedFor(phase: CanaryPhase, kind: string): { status: PromotedCondition['status']; message: string } {
  switch (phase) {
    case 'Initialized': return { status: 'True', message: `${kind} initialization completed.` };
    case 'Waiting':
    case 'WaitingPromotion': return { status: 'Unknown', message: 'Waiting for approval.' };
    case 'Progressing': return { status: 'Unknown', message: 'New revision detected, progressing canary analysis.' };
    case 'Promoting': return { status: 'Unknown', message: 'Canary analysis completed, starting primary rolling update.' };
    case 'Finalising': return { status: 'Unknown', message: 'Canary analysis completed, routing all traffic to primary.' };
    case 'Succeeded': return { status: 'True', message: 'Canary analysis completed successfully, promotion finished.' };
    case 'Failed': return { status: 'False', message: `Canary analysis failed, ${kind} scaled to zero.` };
    default: return { status: 'Unknown', message: `New ${kind} detected, starting initialization.` };
  }
}

/**
 * The conditions after moving to `phase`, or undefined when `Promoted` already has that status and
 * reason (then upstream leaves conditions untouched). The transition time is kept when only the
 * reason changes.
 */
export function makeStatusConditions(current: readonly { type?: unknown; status?: unknown; reason?: unknown; lastTransitionTime?: unknown }[] | undefined, phase: CanaryPhase, kind: string, now: string): PromotedCondition[] | undefined {
  const cur = (current ?? []).find((c) => c.type === 'Promoted');
  const { status, message } = promotedFor(phase, kind);
  if (cur && cur.status === status && cur.reason === phase) return undefined;
  const lastTransitionTime = cur && cur.status === status && typeof cur.lastTransitionTime === 'string' ? cur.lastTransitionTime : now;
  return [{ type: 'Promoted', status, reason: phase, message, lastUpdateTime: now, lastTransitionTime }];
}

export interface AnalysisWeights {
  stepWeight?: number;
  stepWeights?: number[];
  maxWeight?: number;
}

const TOTAL_WEIGHT = 100;

/** The weight at which the canary is promoted (scheduler.go `maxWeight`). */
export function maxWeight(a: AnalysisWeights): number {
  const steps = a.stepWeights ?? [];
  if (steps.length > 0) return Math.min(TOTAL_WEIGHT, steps[steps.length - 1]!);
  if ((a.maxWeight ?? 0) > 0) return a.maxWeight!;
  return TOTAL_WEIGHT;
}

/** How much the canary weight grows next (scheduler.go `nextStepWeight`). */
export function nextStepWeight(a: AnalysisWeights, canaryWeight: number): number {
  const steps = a.stepWeights ?? [];
  if ((a.stepWeight ?? 0) > 0 || steps.length === 0) return a.stepWeight ?? 0;
  const maxStep = TOTAL_WEIGHT - canaryWeight;
  if (maxStep === 0) return 1;
  if (canaryWeight === 0) return Math.min(maxStep, steps[0]!);
  for (let i = 0; i < steps.length - 1; i++) if (steps[i] === canaryWeight) return Math.min(maxStep, steps[i + 1]! - canaryWeight);
  return maxStep;
}
