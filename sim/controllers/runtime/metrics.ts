/**
 * Where metric values meet in the simulator: KEDA's operator provides the external metrics of its
 * triggers (as keda-operator-metrics-apiserver does), scenario `MetricValue` documents provide
 * the Pods/Object/External metrics native HPAs read, and the HPA controller and the
 * `external.metrics.k8s.io` API read them here.
 */

/** A metric value, or why it cannot be read (the HPA then reports FailedGetExternalMetric). */
export type MetricReading = { value: number; timestamp: number } | { error: string };

export interface ExternalMetricsProvider {
  /** Answers for `metricName` in `namespace` with the HPA's metric selector, or undefined if not its metric. */
  read(namespace: string, metricName: string, selector: Record<string, string>): MetricReading | undefined;
  /** Every metric it serves in a namespace (for discovery-like listings). */
  list?(namespace: string): string[];
}

export class MetricsRegistry {
  private readonly external: ExternalMetricsProvider[] = [];

  registerExternal(provider: ExternalMetricsProvider): void {
    this.external.push(provider);
  }

  /** The first provider's answer; an error naming the metric when nobody serves it. */
  readExternal(namespace: string, metricName: string, selector: Record<string, string> = {}): MetricReading {
    for (const p of this.external) {
      const r = p.read(namespace, metricName, selector);
      if (r) return r;
    }
    return { error: `unable to fetch metrics from external metrics API: the server could not find the metric ${metricName} for namespace ${namespace}` };
  }
}
