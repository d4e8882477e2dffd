/**
 * Generated namespaces and Deployments, each with the ReplicaSet and the status the simulated
 * Deployment and ReplicaSet controllers would have written, so a large generated cluster starts
 * settled instead of with tens of thousands of controller writes.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { defaultDeployment, defaultReplicaSet } from '../kinds/defaults';
import { DESIRED, HASH_LABEL, MAX, REVISION, deploymentView } from '../controllers/workloads/deployment-replicasets';
import { maxSurge, maxUnavailable } from '../controllers/workloads/deployment-rollout';
import { deploymentStatus } from '../controllers/workloads/deployment-status';
import { controllerRef, templateHash } from '../controllers/workloads/objects';
import { managedFieldsFor } from './managed-fields';
import type { Gen } from './random';

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'ads', 'media', 'growth', 'ml', 'data', 'logistics', 'support', 'billing', 'platform', 'mobile', 'web', 'risk', 'pricing', 'inventory', 'messaging'];
const NOUNS = ['orders', 'carts', 'users', 'sessions', 'events', 'invoices', 'images', 'feeds', 'quotes', 'prices', 'stock', 'emails', 'reports', 'tokens', 'ratings', 'offers', 'routes', 'slots', 'labels', 'alerts'];
const ROLES = ['api', 'worker', 'consumer', 'gateway', 'indexer', 'scheduler', 'sync', 'web', 'grpc', 'exporter'];
const ENV = ['LOG_LEVEL', 'LOG_FORMAT', 'HTTP_PORT', 'GRPC_PORT', 'DB_HOST', 'DB_POOL_SIZE', 'REDIS_URL', 'KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_CONSUMER_GROUP', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'FEATURE_FLAGS', 'CACHE_TTL_SECONDS', 'REGION', 'TIMEOUT_MS', 'MAX_BATCH'];

export interface GeneratedDeployment {
  object: KubeObject;
  replicaSet: KubeObject;
  team: string;
  /** Per-pod CPU request in cores (0 when the app container has none). */
  cpuRequest: number;
  memoryRequest: number;
}

export function namespaces(n: number, now: string): KubeObject[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: namespaceName(i), labels: { 'kubernetes.io/metadata.name': namespaceName(i), team: TEAMS[i % TEAMS.length]! }, creationTimestamp: now },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  }));
}

export function namespaceName(i: number): string {
  return `${TEAMS[i % TEAMS.length]}-${Math.floor(i / TEAMS.length) + 1}`;
}

function container(g: Gen, name: string, team: string, withRequests: boolean) {
  const cpu = g.pick([100, 200, 250, 500, 1000]);
  const mem = g.pick([128, 256, 512, 1024, 2048]);
  const env = g.sample(ENV, g.int(4, 12)).map((k) => ({ name: k, value: k.endsWith('PORT') ? String(g.int(8000, 9100)) : `${team}-${k.toLowerCase().replace(/_/g, '-')}` }));
  return {
    name: 'app', image: `registry.example.com/${team}/${name}:1.${g.int(0, 40)}.${g.int(0, 20)}`,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env,
    resources: withRequests ? { requests: { cpu: `${cpu}m`, memory: `${mem}Mi` }, limits: { memory: `${mem * 2}Mi` } } : { limits: { memory: `${mem}Mi` } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10 },
    cpu: withRequests ? cpu / 1000 : 0, mem: withRequests ? mem * 2 ** 20 : 0,
  };
}

/** One Deployment of `team` in `namespace`, with its ReplicaSet and settled statuses. */
export function deployment(g: Gen, namespace: string, team: string, name: string, now: string, heavy: boolean): GeneratedDeployment {
  const replicas = g.pick([1, 2, 2, 3, 3, 4, 6]);
  const { cpu, mem, ...app } = container(g, name, team, g.chance(0.97));
  const containers: unknown[] = [app];
  if (g.chance(0.2)) containers.push({ name: g.pick(['envoy', 'fluent-bit']), image: g.pick(['envoyproxy/envoy:v1.32.1', 'fluent/fluent-bit:3.2']), resources: { requests: { cpu: '50m', memory: '64Mi' } } });
  const labels = { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': team, 'app.kubernetes.io/managed-by': 'Helm' };
  const object: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name, namespace, uid: g.uuid(), creationTimestamp: now, labels: { ...labels, 'helm.sh/chart': `${team}-service-0.${g.int(1, 30)}.0` },
      annotations: { 'meta.helm.sh/release-name': name, 'meta.helm.sh/release-namespace': namespace, [REVISION]: '1' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, 'app.kubernetes.io/name': name, version: 'v1' }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } }, spec: { containers, serviceAccountName: name } },
    },
  };
  defaultDeployment(object as never);
  const tpl = (object.spec as { template: { metadata: { labels: Record<string, string> } } }).template;
  const hash = templateHash(tpl);
  const view = deploymentView(object);
  const rsName = `${name}-${hash}`;
  const rsLabels = { ...tpl.metadata.labels, [HASH_LABEL]: hash };
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: rsName, namespace, uid: g.uuid(), creationTimestamp: now, labels: rsLabels, ownerReferences: [controllerRef(object)],
      annotations: { [DESIRED]: String(replicas), [MAX]: String(replicas + maxSurge(view)), [REVISION]: '1' },
    },
    spec: { replicas, selector: { matchLabels: { app: name, [HASH_LABEL]: hash } }, template: { ...tpl, metadata: { ...tpl.metadata, labels: rsLabels } } },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
  defaultReplicaSet(replicaSet as never);
  const counts = { replicas, statusReplicas: replicas, ready: replicas, available: replicas };
  object.status = deploymentStatus({
    generation: 1, specReplicas: replicas, maxUnavailable: maxUnavailable(view), all: [counts], newRs: { ...counts, name: rsName },
    old: {}, progressDeadline: true, rollout: true, now,
  });
  object.metadata.managedFields = managedFieldsFor(object, 'helm', now, heavy);
  replicaSet.metadata.managedFields = managedFieldsFor(replicaSet, 'kube-controller-manager', now, heavy);
  return { object, replicaSet, team, cpuRequest: cpu, memoryRequest: mem };
}

/** A Deployment name: noun-role, unique within its namespace. */
export function deploymentName(g: Gen, taken: Set<string>): string {
  const base = `${g.pick(NOUNS)}-${g.pick(ROLES)}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}
