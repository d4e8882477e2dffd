import 'server-only';
import type { KubeObject } from '@/lib/k8s/object';
import type { ResourceId } from '@/lib/k8s/resources';
import { RESIZE_EVENT_REASONS } from '@/lib/vpa/resize-sighting';

/**
 * Keeps only what scaleguard reads of the high-volume kinds, so a 10,000-workload cluster's pods
 * and old ReplicaSets fit in memory (design §10). Every field kept here is one a rule or page uses.
 * Returns undefined for an object not kept at all (Events other than resize Events).
 */
export function trim(id: ResourceId, obj: KubeObject): KubeObject | undefined {
  switch (id) {
    case 'events':
      return trimEvent(obj);
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

const KEPT_EVENT_REASONS = new Set<string>(RESIZE_EVENT_REASONS);

/**
 * Events are watched for the VPA resize history only: an Event whose reason is not a resize reason
 * is dropped at ingest, so the cache holds a few hundred bytes per resize, for the hour the API
 * server keeps Events, whatever else the cluster reports.
 */
function trimEvent(e: KubeObject): KubeObject | undefined {
  if (typeof e.reason !== 'string' || !KEPT_EVENT_REASONS.has(e.reason)) return undefined;
  const io = rec(e.involvedObject);
  const keep: Rec = {
    involvedObject: { kind: io.kind, namespace: io.namespace, name: io.name, uid: io.uid },
    reason: e.reason, message: e.message, type: e.type, source: e.source, reportingComponent: e.reportingComponent,
    count: e.count, firstTimestamp: e.firstTimestamp, lastTimestamp: e.lastTimestamp, eventTime: e.eventTime,
  };
  if (e.series !== undefined) keep.series = e.series;
  return { apiVersion: e.apiVersion, kind: e.kind, metadata: { name: e.metadata.name, namespace: e.metadata.namespace, uid: e.metadata.uid, resourceVersion: e.metadata.resourceVersion, creationTimestamp: e.metadata.creationTimestamp }, ...keep };
}
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
