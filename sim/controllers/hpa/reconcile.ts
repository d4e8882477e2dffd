/**
 * One sync of one HPA, after `reconcileAutoscaler` in kubernetes
 * `pkg/controller/podautoscaler/horizontal.go`: read the target's `/scale`, validate the selector
 * (AmbiguousSelector included), compute every metric, take the highest proposal, stabilize and
 * limit it, write `/scale` when it differs, then write `status` (currentReplicas, desiredReplicas,
 * currentMetrics, lastScaleTime, AbleToScale/ScalingActive/ScalingLimited) when it changed.
 */
import {
  boundsDecision, combineProposals, normalizeWithBehavior, normalizeWithoutBehavior, recordScaleEvent, rescaleReason,
  resolveBehavior, setCondition, withInitialRecommendation, EMPTY_HISTORY, type CalculatorOptions, type HpaCondition, type HpaHistory,
} from '@/lib/hpa';
import { matchesLabels, parseLabelSelector } from '@/lib/k8s/label-selector';
import type { KubeObject } from '@/lib/k8s/object';
import { splitApiVersion } from '@/lib/k8s/object';
import { toApiError } from '../../api/errors';
import { getScale, writeScale } from '../../apiserver/scale';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';
import { writeStatusIfChanged } from '../workloads/objects';
import { computeMetric } from './metric-compute';
import { podSample, type MetricSources } from './metric-sources';
import type { SelectorRegistry } from './selector-registry';
import { virtualPods } from './virtual-pods';

export interface ReconcileOptions {
  calculator: Omit<CalculatorOptions, 'now'>;
  downscaleStabilizationSeconds: number;
  /** Pods made up from the target's template and scale status instead of stored pods. */
  virtualPods?: boolean;
}

type Spec = { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: unknown[]; behavior?: unknown };
type Status = { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; currentMetrics?: unknown[]; conditions?: HpaCondition[] };

export class HpaReconciler {
  private readonly history = new Map<string, HpaHistory>();
  private readonly hpaRes;

  constructor(private readonly ctx: ControllerContext, private readonly sources: MetricSources, private readonly selectors: SelectorRegistry, private readonly o: ReconcileOptions) {
    this.hpaRes = ctx.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
  }

  forget(namespace: string, name: string): void {
    this.history.delete(`${namespace}/${name}`);
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const hpa = this.ctx.store.get(this.hpaRes.storage, namespace, name);
    if (!hpa || hpa.metadata.deletionTimestamp) return;
    const key = `${namespace}/${name}`;
    const now = this.ctx.clock.now();
    const ts = rfc3339(now);
    const spec = (hpa.spec ?? {}) as Spec;
    const old = (hpa.status ?? {}) as Status;
    let conditions = old.conditions ?? [];
    const cond = (type: string, status: string, reason: string, message: string) => {
      conditions = setCondition(conditions, type, status, reason, message, ts);
    };
    const warn = (reason: string, message: string) => this.ctx.event(hpa, 'Warning', reason, message);
    const write = (status: Status) => this.writeStatus(namespace, name, status);
    const keep = (current: number, metrics?: unknown[]) => write({ currentReplicas: current, desiredReplicas: old.desiredReplicas ?? 0, lastScaleTime: old.lastScaleTime, currentMetrics: metrics, conditions });

    // --- the target's scale
    const ref = spec.scaleTargetRef ?? {};
    const group = splitApiVersion(ref.apiVersion ?? '').group;
    const badVersion = (ref.apiVersion ?? '').split('/').length > 2;
    const res = badVersion ? undefined : this.ctx.api.registry.byGroupKind(group, ref.kind ?? '');
    let scale: KubeObject;
    try {
      if (badVersion) throw new Error(`unexpected GroupVersion string: ${ref.apiVersion}`);
      if (!res) throw new Error(`no matches for kind ${JSON.stringify(ref.kind ?? '')} in group ${JSON.stringify(group)}`);
      if (!res.scale) throw new Error('the server could not find the requested resource');
      scale = getScale(this.ctx.api, res, namespace, ref.name ?? '');
    } catch (e) {
      const msg = e instanceof Error && !('status' in e) ? e.message : toApiError(e).message;
      await warn('FailedGetScale', msg);
      cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
      await write({ ...old, conditions });
      return;
    }
    cond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = (scale.spec as { replicas: number }).replicas;
    const statusReplicas = (scale.status as { replicas: number }).replicas;
    // recordInitialRecommendation: remembered at once, even if this sync fails later on.
    let history = withInitialRecommendation(this.history.get(key) ?? EMPTY_HISTORY, current, now);
    this.history.set(key, history);
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas ?? 1;
    const behavior = resolveBehavior(spec.behavior, this.o.downscaleStabilizationSeconds);

    let desired = 0;
    let reason = '';
    let rescale = true;
    let metricStatuses: unknown[] | undefined;
    const bounds = boundsDecision(current, min, max);
    if (bounds.kind === 'disabled') {
      rescale = false;
      cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (bounds.kind === 'rescale') {
      desired = bounds.desired;
      reason = bounds.reason;
    } else {
      // --- validateAndParseSelector
      const selectorText = (scale.status as { selector?: string }).selector ?? '';
      const fail = async (eventReason: string, eventMessage: string, condReason: string, condMessage: string, error: string) => {
        await warn(eventReason, eventMessage);
        cond('ScalingActive', 'False', condReason, condMessage);
        await keep(current);
        await warn('FailedComputeMetricsReplicas', error);
      };
      if (!selectorText) return fail('SelectorRequired', 'selector is required', 'InvalidSelector', "the HPA target's scale is missing a selector", 'selector is required');
      const parsed = parseLabelSelector(selectorText);
      if (!parsed.ok) {
        const msg = `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`;
        return fail('InvalidSelector', msg, 'InvalidSelector', msg, msg);
      }
      this.selectors.put(namespace, name, parsed.requirements);
      const pods = this.o.virtualPods
        ? virtualPods(this.ctx.store.get(res!.storage, namespace, ref.name ?? ''), statusReplicas)
        : this.ctx.store.list('/pods', namespace).filter((p) => matchesLabels(parsed.requirements, p.metadata.labels ?? {}));
      const controlling = this.selectors.controlling(namespace, pods);
      if (controlling.length > 1) {
        const msg = `pods by selector ${selectorText} are controlled by multiple HPAs: [${controlling.join(' ')}]`;
        return fail('AmbiguousSelector', msg, 'AmbiguousSelector', msg, msg);
      }

      // --- computeReplicasForMetrics
      const input = {
        namespace, target: { kind: ref.kind ?? '', namespace, name: ref.name ?? '' }, specReplicas: current, statusReplicas, pods,
        samples: pods.map(podSample), options: { ...this.o.calculator, now }, sources: this.sources, external: this.ctx.metrics,
      };
      const outcomes = (spec.metrics ?? []).map((m) => computeMetric(m, input));
      for (const out of outcomes) if (out.event) await warn(out.event.reason, out.event.message);
      metricStatuses = outcomes.map((out) => out.status);
      const combined = combineProposals(current, outcomes.map((out) => out.proposal));
      if (!combined.ok) {
        cond('ScalingActive', 'False', combined.reason, `the HPA was unable to compute the replica count: ${combined.failedError}`);
        await keep(current, metricStatuses);
        await warn('FailedComputeMetricsReplicas', combined.error);
        return;
      }
      cond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${combined.metric}`);
      reason = rescaleReason(combined.replicas, current, combined.metric);
      const n = behavior
        ? normalizeWithBehavior(history, now, current, combined.replicas, min, max, behavior)
        : normalizeWithoutBehavior(history, now, current, combined.replicas, min, max, this.o.downscaleStabilizationSeconds * 1000);
      history = n.history;
      for (const c of n.conditions) cond(c.type, c.status, c.reason, c.message);
      desired = n.replicas;
      rescale = desired !== current;
    }

    if (rescale) {
      try {
        await writeScale(this.ctx.api, res!, namespace, ref.name ?? '', { body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: ref.name, namespace }, spec: { replicas: desired } } }, this.ctx.as());
      } catch (e) {
        const err = toApiError(e).message;
        await warn('FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${err}`);
        cond('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${err}`);
        this.history.set(key, history);
        await keep(current, metricStatuses);
        return;
      }
      cond('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      await this.ctx.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      history = recordScaleEvent(history, behavior, current, desired, now);
    } else desired = current;
    this.history.set(key, history);
    await write({ currentReplicas: current, desiredReplicas: desired, lastScaleTime: rescale ? ts : old.lastScaleTime, currentMetrics: metricStatuses, conditions });
  }

  /** `updateStatusIfNeeded`: written only when it differs; omitempty fields left out. */
  private async writeStatus(namespace: string, name: string, s: Status): Promise<void> {
    const status: Record<string, unknown> = {};
    if (s.currentReplicas) status.currentReplicas = s.currentReplicas;
    status.desiredReplicas = s.desiredReplicas ?? 0;
    if (s.lastScaleTime) status.lastScaleTime = s.lastScaleTime;
    if (s.currentMetrics?.length) status.currentMetrics = s.currentMetrics;
    if (s.conditions?.length) status.conditions = s.conditions;
    await writeStatusIfChanged(this.ctx.api, this.hpaRes, namespace, name, this.ctx.as, status);
  }
}
