/**
 * The decisions of `reconcileAutoscaler` / `computeReplicasForMetrics` in kubernetes/kubernetes
 * `pkg/controller/podautoscaler/horizontal.go` that sit between the per-metric proposals and the
 * stabilization: out-of-bounds targets, the maximum over metrics, when failed metrics block
 * scaling, and the reason text of a rescale. Pure, for the simulator and for explanations.
 */

/** One metric's outcome: a replica proposal, or why it could not be computed. */
export type MetricProposal =
  | { ok: true; replicas: number; /** e.g. `cpu resource utilization (percentage of request)` */ metric: string }
  | {
    ok: false;
    /** As `computeReplicasForMetric` returns it (e.g. `failed to get cpu resource metric value: …`). */
    error: string;
    /** ScalingActive=False reason, e.g. FailedGetResourceMetric. */
    reason: string;
    /** The inner error the condition and the event quote, when it differs from `error`. */
    conditionError?: string;
  };

export type Combined =
  | { ok: true; replicas: number; metric: string; /** set when some metrics failed but scaling goes on */ partialError?: string }
  | { ok: false; error: string; reason: string; /** for the ScalingActive condition message */ failedError: string };

/**
 * The highest proposal wins; with every metric failing, or some failing while the rest would
 * scale down, the HPA does not act and reports the first failure (upstream since 1.27).
 */
export function combineProposals(specReplicas: number, proposals: MetricProposal[]): Combined {
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: Extract<MetricProposal, { ok: false }> | undefined;
  for (const p of proposals) {
    if (!p.ok) {
      if (!first) first = p;
      invalid++;
      continue;
    }
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metric = p.metric;
    }
  }
  const error = first ? `invalid metrics (${invalid} invalid out of ${proposals.length}), first error is: ${first.error}` : undefined;
  if (first && (invalid >= proposals.length || replicas < specReplicas)) return { ok: false, error: error!, reason: first.reason, failedError: first.conditionError ?? first.error };
  return error ? { ok: true, replicas, metric, partialError: error } : { ok: true, replicas, metric };
}

/** What the controller does before looking at metrics at all. */
export type BoundsDecision =
  | { kind: 'disabled' }
  | { kind: 'rescale'; desired: number; reason: string }
  | { kind: 'metrics' };

/** Zero replicas disable autoscaling (when minReplicas > 0); outside min/max the HPA corrects at once. */
export function boundsDecision(currentReplicas: number, minReplicas: number, maxReplicas: number): BoundsDecision {
  if (currentReplicas === 0 && minReplicas !== 0) return { kind: 'disabled' };
  if (currentReplicas > maxReplicas) return { kind: 'rescale', desired: maxReplicas, reason: 'Current number of replicas above Spec.MaxReplicas' };
  if (currentReplicas < minReplicas) return { kind: 'rescale', desired: minReplicas, reason: 'Current number of replicas below Spec.MinReplicas' };
  return { kind: 'metrics' };
}

/** The `reason` of `SuccessfulRescale` events: `New size: 4; reason: cpu resource utilization (percentage of request) above target`. */
export function rescaleReason(metricDesired: number, currentReplicas: number, metric: string): string {
  if (metricDesired > currentReplicas) return `${metric} above target`;
  if (metricDesired < currentReplicas) return 'All metrics below target';
  return '';
}
