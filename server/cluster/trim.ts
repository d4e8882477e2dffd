import 'server-only';
import type { KubeObject } from '@/lib/k8s/object';
import type { ResourceId } from '@/lib/k8s/resources';

/**
 * Keeps only what scaleguard reads of the high-volume kinds, so a 10,000-workload cluster's pods
 * and old ReplicaSets fit in memory (design §10). Every field kept here is one a rule or page uses.
 */
export function trim(id: ResourceId, obj: KubeObject): KubeObject {
  switch (id) {
    case 'pods':
      return trimPod(obj);
    case 'replicasets':
      return trimReplicaSet(obj);
    case 'configmaps':
      return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata, data: obj.data };
    case 'deployments':
    case 'statefulsets':
      return trimWorkload(obj);
    default:
      return obj;
  }
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);

function trimPod(pod: KubeObject): KubeObject {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  return {
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata: pod.metadata,
    spec: {
      nodeName: spec.nodeName,
      containers: arr(spec.containers).map((c) => ({ name: c.name, image: c.image, resources: c.resources, resizePolicy: c.resizePolicy })),
    },
    status: {
      phase: status.phase,
      startTime: status.startTime,
      conditions: status.conditions,
      resize: status.resize,
      qosClass: status.qosClass,
      containerStatuses: arr(status.containerStatuses).map((c) => ({
        name: c.name, ready: c.ready, restartCount: c.restartCount, started: c.started,
        resources: c.resources, allocatedResources: c.allocatedResources, state: c.state, lastState: c.lastState,
      })),
    },
  };
}

/**
 * A workload keeps its replicas, selector and what its containers ask for and read (image, env,
 * requests, resize policy); probes, volumes and scheduling constraints go. Guarded actions read
 * the full object from the API before they write, so nothing is lost by trimming the cache.
 */
function trimWorkload(w: KubeObject): KubeObject {
  const spec = rec(w.spec);
  const template = rec(spec.template);
  const meta = rec(template.metadata);
  return {
    apiVersion: w.apiVersion,
    kind: w.kind,
    metadata: w.metadata,
    spec: {
      replicas: spec.replicas,
      selector: spec.selector,
      ...(spec.serviceName !== undefined ? { serviceName: spec.serviceName } : {}),
      template: {
        metadata: { labels: meta.labels, annotations: meta.annotations },
        spec: {
          containers: arr(rec(template.spec).containers).map((c) => ({
            name: c.name, image: c.image, env: c.env, envFrom: c.envFrom, resources: c.resources, resizePolicy: c.resizePolicy,
          })),
        },
      },
    },
    status: w.status,
  };
}

/** A ReplicaSet is kept for its revision and its containers' env: when a template's env changed. */
function trimReplicaSet(rs: KubeObject): KubeObject {
  const spec = rec(rs.spec);
  const template = rec(spec.template);
  return {
    apiVersion: rs.apiVersion,
    kind: rs.kind,
    metadata: rs.metadata,
    spec: {
      replicas: spec.replicas,
      template: {
        metadata: { labels: rec(template.metadata).labels, annotations: rec(template.metadata).annotations },
        spec: { containers: arr(rec(template.spec).containers).map((c) => ({ name: c.name, env: c.env, envFrom: c.envFrom })) },
      },
    },
    status: rs.status,
  };
}
