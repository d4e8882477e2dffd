/**
 * Where the simulated HPA controller's numbers come from:
 * - resource metrics (metrics-server, `metrics.k8s.io`) from scenario `Load` documents: a running
 *   pod's container uses the curve's value, divided by the ready pods when `per: total`;
 * - Pods and Object metrics (`custom.metrics.k8s.io`) from `MetricValue` documents with `metric`;
 * - External metrics through `ctx.metrics.readExternal`, to which this module adds a provider for
 *   `MetricValue` documents of type External (KEDA registers its own for its triggers).
 * Errors are worded as the upstream metrics clients word them (`rest_metrics_client.go`).
 */
import { parseDuration } from '@/lib/duration';
import type { PodMetric, PodSample } from '@/lib/hpa';
import type { KubeObject } from '@/lib/k8s/object';
import { parseQuantity } from '@/lib/k8s/quantity';
import { valueAt } from '../../scenario/curve';
import type { LoadDoc } from '../../scenario/docs/load';
import type { MetricValueDoc } from '../../scenario/docs/metric-value';
import type { ControllerContext } from '../runtime/controller';
import type { ExternalMetricsProvider } from '../runtime/metrics';
import { isPodReady, podPhase } from '../workloads/objects';

type Container = { name: string; resources?: { requests?: Record<string, string> }; restartPolicy?: string };

const ms = (t: string | undefined) => (t ? Date.parse(t) : undefined);

/** A pod as the replica calculator sees it; requests in milli-units. */
export function podSample(p: KubeObject): PodSample {
  const spec = p.spec as { containers?: Container[]; initContainers?: Container[] };
  const status = (p.status ?? {}) as { startTime?: string; conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  // Restartable init containers (sidecars) count towards requests, as upstream calculatePodRequests does.
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  return {
    name: p.metadata.name!, phase: podPhase(p), deleting: !!p.metadata.deletionTimestamp,
    ready: ready ? { status: ready.status, lastTransitionTime: ms(ready.lastTransitionTime) ?? 0 } : undefined,
    startTime: ms(status.startTime),
    containers: containers.map((c) => ({
      name: c.name,
      requests: Object.fromEntries(Object.entries(c.resources?.requests ?? {}).map(([r, q]) => [r, Math.round((parseQuantity(q) ?? 0) * 1000)])),
    })),
  };
}

export type Sourced<T> = { ok: true; value: T } | { ok: false; error: string };

const targetKey = (t: { kind?: string; namespace: string; name: string }) => `${t.kind ?? 'Deployment'}/${t.namespace}/${t.name}`;

export class MetricSources {
  /** Load documents by target (`kind/namespace/name`); the first one for a target wins. */
  private readonly loads = new Map<string, LoadDoc>();
  private readonly values: MetricValueDoc[];

  constructor(private readonly ctx: ControllerContext, private readonly windowMs: number) {
    for (const d of ctx.docs('Load')) if (!this.loads.has(targetKey(d.spec.target))) this.loads.set(targetKey(d.spec.target), d);
    this.values = ctx.docs('MetricValue').filter((d) => d.spec.metric);
  }

  private elapsed(): number {
    return this.ctx.clock.now() - this.ctx.startedAt;
  }

  /**
   * `GetResourceMetric`: per-pod usage (milli) of `resource`, summed over containers or of one
   * container, for the running pods of a target's workload.
   */
  resourceMetrics(target: { kind: string; namespace: string; name: string }, pods: KubeObject[], resource: string, container: string): Sourced<Map<string, PodMetric>> {
    const doc = this.loads.get(targetKey(target));
    const running = pods.filter((p) => podPhase(p) === 'Running' && !p.metadata.deletionTimestamp);
    const curves = doc?.spec.containers.filter((c) => c[resource as 'cpu' | 'memory'] !== undefined) ?? [];
    if (!doc || !running.length || !curves.length) return { ok: false, error: 'no metrics returned from resource metrics API' };
    const now = this.ctx.clock.now();
    const share = doc.spec.per === 'total' ? Math.max(1, running.filter(isPodReady).length || running.length) : 1;
    const usage = (name: string, index: number): number => {
      const entry = doc.spec.containers.find((c) => (c.name ?? (index === 0 ? name : undefined)) === name);
      const curve = entry?.[resource as 'cpu' | 'memory'];
      return curve === undefined ? 0 : Math.round((valueAt(curve, this.elapsed()) * 1000) / share);
    };
    const out = new Map<string, PodMetric>();
    for (const p of running) {
      const names = ((p.spec as { containers?: Container[] }).containers ?? []).map((c) => c.name);
      if (container) {
        if (!names.includes(container)) return { ok: false, error: `failed to get container metrics: container ${container} not present in metrics for pod ${p.metadata.namespace}/${p.metadata.name}` };
        out.set(p.metadata.name!, { value: usage(container, names.indexOf(container)), timestamp: now, windowMs: this.windowMs });
      } else {
        out.set(p.metadata.name!, { value: names.reduce((s, n, i) => s + usage(n, i), 0), timestamp: now, windowMs: this.windowMs });
      }
    }
    return { ok: true, value: out };
  }

  private reading(type: 'Pods' | 'Object' | 'External', namespace: string, name: string): Sourced<number> | undefined {
    const doc = this.values.find((d) => d.spec.metric!.type === type && d.spec.metric!.namespace === namespace && d.spec.metric!.name === name);
    if (!doc) return undefined;
    const elapsed = this.elapsed();
    if ((doc.spec.error ?? []).some((w) => elapsed >= parseDuration(w.from)! && elapsed < parseDuration(w.to)!)) return { ok: false, error: 'the server is currently unable to handle the request' };
    return { ok: true, value: valueAt(doc.spec.value, elapsed) };
  }

  /** `GetRawMetric` (Pods metrics): every running pod reports the document's value. */
  podsMetric(namespace: string, name: string, pods: KubeObject[]): Sourced<Map<string, PodMetric>> {
    const r = this.reading('Pods', namespace, name);
    if (!r) return { ok: false, error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${name} for pods` };
    if (!r.ok) return { ok: false, error: `unable to fetch metrics from custom metrics API: ${r.error}` };
    const running = pods.filter((p) => podPhase(p) === 'Running');
    if (!running.length) return { ok: false, error: 'no metrics returned from custom metrics API' };
    const now = this.ctx.clock.now();
    return { ok: true, value: new Map(running.map((p) => [p.metadata.name!, { value: Math.round(r.value * 1000), timestamp: now, windowMs: this.windowMs }])) };
  }

  /** `GetObjectMetric`: the value (milli) of the described object's metric. */
  objectMetric(namespace: string, name: string, described: { kind?: string; name?: string }): Sourced<number> {
    const r = this.reading('Object', namespace, name);
    if (!r) return { ok: false, error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${name} for ${String(described.kind ?? '').toLowerCase()} ${described.name ?? ''}` };
    if (!r.ok) return { ok: false, error: `unable to fetch metrics from custom metrics API: ${r.error}` };
    return { ok: true, value: Math.round(r.value * 1000) };
  }

  /** The provider of External `MetricValue` documents, for `ctx.metrics`. */
  externalProvider(): ExternalMetricsProvider {
    return {
      read: (namespace, metricName) => {
        const r = this.reading('External', namespace, metricName);
        if (!r) return undefined;
        return r.ok ? { value: r.value, timestamp: this.ctx.clock.now() } : { error: `unable to fetch metrics from external metrics API: ${r.error}` };
      },
      list: (namespace) => this.values.filter((d) => d.spec.metric!.type === 'External' && d.spec.metric!.namespace === namespace).map((d) => d.spec.metric!.name),
    };
  }
}
