/**
 * The autoscalers of a generated cluster, per Deployment, with statuses as their controllers
 * report them: native HPAs (cpu, some cpu+memory, some with behavior), ScaledObjects with the
 * HPAs KEDA made for them, VPAs, CronHPAs (on the HPA, or on the Deployment beside it) and Flagger
 * Canaries, plus `Load` documents that keep the HPAs near their targets. A few percent of each
 * are the conflicts the dashboard looks for.
 */
import type { KubeObject } from '@/lib/k8s/object';
import type { LoadDoc } from '../scenario/docs/load';
import { SIM_API_VERSION } from '../scenario/schema-base';
import { managedFieldsFor } from './managed-fields';
import type { Gen } from './random';
import type { GeneratedDeployment } from './workloads';

const cond = (type: string, status: string, reason: string, message: string, at: string) => ({ type, status, reason, message, lastTransitionTime: at });

function targetRef(d: KubeObject) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name! };
}

/** A native HPA on `d`, its status as a settled HPA controller leaves it. */
export function nativeHpa(g: Gen, gd: GeneratedDeployment, name: string, now: string, heavy: boolean): { hpa: KubeObject; cpuTarget: number; withMemory: boolean } {
  const d = gd.object;
  const replicas = (d.spec as { replicas: number }).replicas;
  const cpuTarget = g.pick([60, 70, 75, 80]);
  const withMemory = g.chance(0.3);
  const metrics: unknown[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuTarget } } }];
  if (withMemory) metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } });
  const spec: Record<string, unknown> = { scaleTargetRef: targetRef(d), minReplicas: Math.min(replicas, g.pick([1, 2, 2, 3])), maxReplicas: replicas * g.int(2, 5), metrics };
  if (g.chance(0.2)) spec.behavior = { scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] }, scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } };
  const current = metrics.map((m) => {
    const r = (m as { resource: { name: string; target: { averageUtilization: number } } }).resource;
    return { type: 'Resource', resource: { name: r.name, current: { averageUtilization: r.target.averageUtilization, averageValue: r.name === 'cpu' ? `${Math.round(gd.cpuRequest * r.target.averageUtilization * 10)}m` : String(Math.round((gd.memoryRequest * r.target.averageUtilization) / 100)) } } };
  });
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: d.metadata.namespace, uid: g.uuid(), labels: { app: d.metadata.name!, 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': d.metadata.name! } },
    spec,
    status: {
      currentReplicas: replicas, desiredReplicas: replicas, currentMetrics: current,
      conditions: [
        cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now),
        cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', now),
        cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range', now),
      ],
    },
  };
  hpa.metadata.managedFields = managedFieldsFor(hpa, 'helm', now, heavy);
  return { hpa, cpuTarget, withMemory };
}

const TRIGGERS = [
  (name: string) => ({ type: 'prometheus', name: 'requests', metadata: { serverAddress: 'http://prometheus.monitoring:9090', query: `sum(rate(http_requests_total{app="${name}"}[2m]))`, threshold: '50' } }),
  (name: string) => ({ type: 'kafka', name: 'lag', metadata: { bootstrapServersFromEnv: 'KAFKA_BOOTSTRAP_SERVERS', consumerGroup: `${name}-v1`, topic: `${name}-events`, lagThreshold: '100' } }),
  (name: string) => ({ type: 'rabbitmq', name: 'queue', metadata: { host: 'amqp://rabbitmq.messaging:5672', queueName: name, mode: 'QueueLength', value: '20' } }),
  () => ({ type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } }),
];

/** A ScaledObject on `d` and the HPA KEDA made for it (`keda-hpa-<name>`, owned by the ScaledObject). */
export function scaledObject(g: Gen, gd: GeneratedDeployment, now: string, heavy: boolean): { so: KubeObject; hpa: KubeObject; cpu: boolean } {
  const d = gd.object;
  const name = d.metadata.name!;
  const replicas = (d.spec as { replicas: number }).replicas;
  const trigger = g.pick(TRIGGERS)(name);
  const cpu = trigger.type === 'cpu';
  const min = Math.min(replicas, 1);
  const max = replicas * g.int(3, 6);
  const so: KubeObject = {
    apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject',
    metadata: { name, namespace: d.metadata.namespace, uid: g.uuid(), labels: { app: name } },
    spec: { scaleTargetRef: { name }, minReplicaCount: min, maxReplicaCount: max, pollingInterval: 30, cooldownPeriod: 300, triggers: [trigger] },
    status: {
      scaleTargetKind: 'apps/v1.Deployment', scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' }, hpaName: `keda-hpa-${name}`,
      originalReplicaCount: replicas, externalMetricNames: cpu ? [] : [`s0-${trigger.type}-${name}`],
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ScaledObjectReady', message: 'ScaledObject is defined correctly and is ready for scaling' },
        { type: 'Active', status: 'True', reason: 'ScalerActive', message: 'Scaling is performed because triggers are active' },
        { type: 'Fallback', status: 'False', reason: 'NoFallbackFound', message: 'No fallbacks are active on this scaled object' },
      ],
    },
  };
  const metric = cpu
    ? { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }
    : { type: 'External', external: { metric: { name: `s0-${trigger.type}-${name}`, selector: { matchLabels: { 'scaledobject.keda.sh/name': name } } }, target: { type: 'AverageValue', averageValue: String((trigger.metadata as Record<string, string>).threshold ?? (trigger.metadata as Record<string, string>).lagThreshold ?? (trigger.metadata as Record<string, string>).value) } } };
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: `keda-hpa-${name}`, namespace: d.metadata.namespace, uid: g.uuid(),
      labels: { app: name, 'app.kubernetes.io/managed-by': 'keda-operator', 'app.kubernetes.io/name': `keda-hpa-${name}`, 'app.kubernetes.io/part-of': name, 'app.kubernetes.io/version': '2.16.1', 'scaledobject.keda.sh/name': name },
      ownerReferences: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name, uid: so.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { scaleTargetRef: targetRef(d), minReplicas: Math.max(1, min), maxReplicas: max, metrics: [metric] },
    status: { currentReplicas: replicas, desiredReplicas: replicas, conditions: [cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now)] },
  };
  so.metadata.managedFields = managedFieldsFor(so, 'kubectl-client-side-apply', now, heavy);
  hpa.metadata.managedFields = managedFieldsFor(hpa, 'keda', now, heavy);
  return { so, hpa, cpu };
}

/** A VPA on `d`: `Auto` (so cpu and memory) when `fightsHpa`, another mode otherwise. */
export function vpa(g: Gen, gd: GeneratedDeployment, fightsHpa: boolean, now: string): KubeObject {
  const d = gd.object;
  const v: KubeObject = {
    apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler',
    metadata: { name: d.metadata.name!, namespace: d.metadata.namespace, uid: g.uuid() },
    spec: {
      targetRef: targetRef(d),
      updatePolicy: { updateMode: fightsHpa ? 'Auto' : g.pick(['Off', 'Off', 'Initial', 'Recreate', 'InPlaceOrRecreate']) },
      resourcePolicy: { containerPolicies: [{ containerName: '*', minAllowed: { cpu: '50m', memory: '64Mi' }, maxAllowed: { cpu: '4', memory: '8Gi' }, controlledResources: ['cpu', 'memory'] }] },
    },
  };
  v.metadata.managedFields = managedFieldsFor(v, 'kubectl-client-side-apply', now, false);
  return v;
}

/** A CronHPA with weekday business hours, on the HPA (`onHpa`) or directly on the Deployment. */
export function cronHpa(g: Gen, gd: GeneratedDeployment, hpaName: string, onHpa: boolean, now: string): KubeObject {
  const d = gd.object;
  const replicas = (d.spec as { replicas: number }).replicas;
  const c: KubeObject = {
    apiVersion: 'autoscaling.alibabacloud.com/v1beta1', kind: 'CronHorizontalPodAutoscaler',
    metadata: { name: `${d.metadata.name}-business-hours`, namespace: d.metadata.namespace, uid: g.uuid() },
    spec: {
      scaleTargetRef: onHpa ? { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: hpaName } : targetRef(d),
      excludeDates: g.chance(0.3) ? ['* * * 25 12 *', '* * * 1 1 *'] : undefined,
      jobs: [
        { name: 'scale-up', schedule: `0 ${g.pick([0, 30])} ${g.int(7, 9)} * * 1-5`, targetSize: replicas + g.int(1, 4), runOnce: false },
        { name: 'scale-down', schedule: `0 0 ${g.int(19, 22)} * * 1-5`, targetSize: 1, runOnce: false },
      ],
    },
  };
  c.metadata.managedFields = managedFieldsFor(c, 'kubectl-client-side-apply', now, false);
  return c;
}

/** A Canary on `d` with its HPA as autoscaler (Flagger then creates `<name>-primary`). */
export function canary(g: Gen, gd: GeneratedDeployment, hpaName: string, now: string): KubeObject {
  const d = gd.object;
  const c: KubeObject = {
    apiVersion: 'flagger.app/v1beta1', kind: 'Canary',
    metadata: { name: d.metadata.name!, namespace: d.metadata.namespace, uid: g.uuid() },
    spec: {
      provider: 'kubernetes', targetRef: targetRef(d), autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: hpaName },
      progressDeadlineSeconds: 600, service: { port: 8080 },
      analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10, metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }] },
    },
  };
  c.metadata.managedFields = managedFieldsFor(c, 'kubectl-client-side-apply', now, false);
  return c;
}

/** A `Load` that keeps `d`'s pods at `utilization` % of their CPU request (±3 %), in total. */
export function load(g: Gen, gd: GeneratedDeployment, utilization: number, withMemory: boolean, index: number): LoadDoc & { origin: { file: string; index: number } } {
  const d = gd.object;
  const replicas = (d.spec as { replicas: number }).replicas;
  const jitter = 1 + (g.int(-3, 3) / 100);
  const cpu = `${Math.max(1, Math.round(replicas * gd.cpuRequest * utilization * 10 * jitter))}m`;
  const memory = withMemory ? `${Math.round((replicas * gd.memoryRequest * 0.78) / 2 ** 20)}Mi` : undefined;
  return {
    apiVersion: SIM_API_VERSION, kind: 'Load', metadata: { name: `${d.metadata.namespace}-${d.metadata.name}` },
    spec: { target: { kind: 'Deployment', namespace: d.metadata.namespace!, name: d.metadata.name! }, per: 'total', containers: [{ name: 'app', cpu, ...(memory ? { memory } : {}) }] },
    origin: { file: 'generated', index },
  };
}
