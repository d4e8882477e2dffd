/**
 * KEDA's metrics side: the trigger values a scaler reads (scenario `MetricValue` documents), the
 * `ExternalMetricsProvider` the simulated HPA controller reads through `ctx.metrics`, and the
 * `external.metrics.k8s.io/v1beta1` API keda-operator-metrics-apiserver serves through the
 * aggregator (listed in discovery while that Deployment exists).
 *
 * A `MetricValue` applies to a trigger by name or index. It may also name scaler parameters in
 * annotations `keda.sim.scaleguard.dev/<param>: <value>`: it then applies only to a scaler built
 * with that value, e.g. the lag of consumer group `orders-v1` vs `orders-v2`, so a stale scaler
 * (keda#5915) reads what the old parameters point at. Without any MetricValue a trigger reads 0.
 */
import { parseDuration } from '@/lib/duration';
import { parseLabelSelector } from '@/lib/k8s/label-selector';
import { milliQuantity } from '@/lib/keda/scalers';
import { SCALED_OBJECT_NAME_LABEL } from '@/lib/keda/names';
import { at, int } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { ApiError } from '../../api/errors';
import { rfc3339 } from '../../clock';
import type { AggregatedApi } from '../../http/extensions';
import { valueAt } from '../../scenario/curve';
import type { MetricValueDoc } from '../../scenario/docs/metric-value';
import type { ControllerContext } from '../runtime/controller';
import type { MetricReading } from '../runtime/metrics';
import type { CachedScaler, ScalerCache } from './scaler-cache';

const PARAM_ANNOTATION = 'keda.sim.scaleguard.dev/';

export type Reading = { value: number } | { error: string };

/** Trigger values over simulated time. */
export class TriggerValues {
  private readonly docs: MetricValueDoc[];

  constructor(private readonly ctx: ControllerContext) {
    this.docs = ctx.docs('MetricValue').filter((d) => d.spec.trigger);
  }

  read(kind: 'ScaledObject' | 'ScaledJob', namespace: string, name: string, scaler: CachedScaler): Reading {
    const candidates = this.docs.filter((d) => {
      const t = d.spec.trigger!;
      const owner = kind === 'ScaledObject' ? t.scaledObject : t.scaledJob;
      return t.namespace === namespace && owner === name && (t.trigger === scaler.name || t.trigger === String(scaler.index));
    }).map((d) => {
      const wants = Object.entries((d.metadata as { annotations?: Record<string, string> }).annotations ?? {})
        .filter(([k]) => k.startsWith(PARAM_ANNOTATION)).map(([k, v]) => [k.slice(PARAM_ANNOTATION.length), v] as const);
      return { d, wants, matches: wants.every(([p, v]) => scaler.params[p] === v) };
    }).filter((c) => c.matches).sort((a, b) => b.wants.length - a.wants.length);
    const doc = candidates[0]?.d;
    if (!doc) return { value: 0 };
    const elapsed = this.ctx.clock.now() - this.ctx.startedAt;
    const failing = (doc.spec.error ?? []).some((w) => elapsed >= parseDuration(w.from)! && elapsed < parseDuration(w.to)!);
    if (failing) return { error: `error getting metric value for trigger ${scaler.name ?? scaler.index} (${doc.metadata.name}): simulated scaler error` };
    return { value: valueAt(doc.spec.value, elapsed) };
  }
}

/** Trigger health (status.health) as the operator last recorded it: failures per external metric name. */
export type HealthLookup = (so: KubeObject, metricName: string) => number;

/** pkg/fallback/fallback.go: a failing metric falls back once failures exceed failureThreshold. */
export function fallbackValue(so: KubeObject, scaler: CachedScaler, failures: number): number | undefined {
  const fb = at(so.spec, 'fallback');
  const threshold = int(at(fb, 'failureThreshold'));
  const replicas = int(at(fb, 'replicas'));
  if (threshold === undefined || replicas === undefined || failures <= threshold) return undefined;
  if (scaler.spec.metricType !== 'AverageValue') return undefined;
  return replicas * scaler.spec.target;
}

export class KedaMetrics {
  constructor(private readonly ctx: ControllerContext, private readonly cache: ScalerCache, private readonly values: TriggerValues, private readonly failures: HealthLookup) {}

  private scaledObjectRes() {
    return this.ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledObject');
  }

  /** What the metrics server answers for one external metric of a ScaledObject. */
  read(namespace: string, metricName: string, selector: Record<string, string>): MetricReading | undefined {
    const soName = selector[SCALED_OBJECT_NAME_LABEL];
    const res = this.scaledObjectRes();
    if (!soName || !res) return undefined;
    const so = this.ctx.store.get(res.storage, namespace, soName);
    if (!so) return { error: `scaledobjects.keda.sh "${soName}" not found` };
    const entry = this.cache.get(so);
    if (entry.error) return { error: entry.error };
    const scaler = entry.scalers.find((s) => s.spec.metricName === metricName && !s.spec.resource);
    if (!scaler) return { error: `no matching metrics found for ${metricName}` };
    const r = this.values.read('ScaledObject', namespace, soName, scaler);
    const now = this.ctx.clock.now();
    if ('value' in r) return { value: r.value, timestamp: now };
    const fb = fallbackValue(so, scaler, this.failures(so, metricName));
    return fb !== undefined ? { value: fb, timestamp: now } : { error: r.error };
  }

  list(namespace: string): string[] {
    const res = this.scaledObjectRes();
    if (!res || !this.ctx.store.has(res.storage)) return [];
    return this.ctx.store.list(res.storage, namespace).flatMap((so) => {
      const names = at(so.status, 'externalMetricNames');
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
    });
  }

  /** `external.metrics.k8s.io/v1beta1` as KEDA's metrics apiserver serves it. */
  aggregatedApi(): AggregatedApi {
    return {
      group: 'external.metrics.k8s.io',
      version: 'v1beta1',
      available: () => !!this.ctx.store.get('apps/deployments', 'keda', 'keda-operator-metrics-apiserver'),
      resources: () => [{ name: 'externalmetrics', singularName: '', namespaced: true, kind: 'ExternalMetricValueList', verbs: ['get'] }],
      handle: (req) => {
        if (!req.namespace || !req.resource || req.name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        const parsed = parseLabelSelector(req.query.get('labelSelector') ?? '');
        const selector: Record<string, string> = {};
        if (parsed.ok) for (const r of parsed.requirements) if ((r.operator === 'Equals' || r.operator === 'DoubleEquals' || r.operator === 'In') && r.values.length === 1) selector[r.key] = r.values[0]!;
        const r = this.read(req.namespace, req.resource, selector);
        if (!r) throw new ApiError(500, 'InternalError', `Internal error occurred: unable to get external metric ${req.namespace}/${req.resource}: no scaledobject.keda.sh/name in the label selector`);
        if ('error' in r) throw new ApiError(500, 'InternalError', `Internal error occurred: ${r.error}`);
        return {
          kind: 'ExternalMetricValueList', apiVersion: 'external.metrics.k8s.io/v1beta1', metadata: {},
          items: [{ metricName: req.resource, metricLabels: null, timestamp: rfc3339(r.timestamp), value: milliQuantity(r.value) }],
        };
      },
    };
  }
}
