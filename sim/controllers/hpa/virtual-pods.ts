/**
 * Pods the HPA controller measures when the cluster simulates none (`virtualPods`, set for
 * `--generate` clusters): as many Running, Ready pods as the target's `/scale` status counts, made
 * from its pod template, ready since the workload was created. They are never stored.
 */
import type { KubeObject } from '@/lib/k8s/object';

export function virtualPods(target: KubeObject | undefined, replicas: number): KubeObject[] {
  if (!target) return [];
  const tpl = (target.spec as { template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown } } | undefined)?.template ?? {};
  const since = target.metadata.creationTimestamp;
  return Array.from({ length: replicas }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${target.metadata.name}-virtual-${i}`, namespace: target.metadata.namespace, labels: { ...(tpl.metadata?.labels ?? {}) }, creationTimestamp: since },
    spec: tpl.spec,
    status: { phase: 'Running', startTime: since, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] },
  }));
}
