/**
 * The resource kinds scaleguard reads, declared as data: group, version, plural, kind, scope and
 * which add-on (if any) installs them. The informer cache in `server/` watches exactly these.
 */

/** Add-ons whose CRDs may or may not be installed in a cluster. */
export type Component = 'keda' | 'flagger' | 'vpa' | 'cronhpa';

export const COMPONENTS: readonly Component[] = ['keda', 'flagger', 'vpa', 'cronhpa'];

export const COMPONENT_LABELS: Record<Component, string> = {
  keda: 'KEDA',
  flagger: 'Flagger',
  vpa: 'Vertical Pod Autoscaler',
  cronhpa: 'CronHPA',
};

export interface ResourceKind {
  /** Short stable id used in snapshots and API shapes. */
  id: ResourceId;
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** The add-on that installs this kind through a CRD; built-in kinds have none. */
  component?: Component;
}

export type ResourceId =
  | 'namespaces'
  | 'pods'
  | 'replicasets'
  | 'configmaps'
  | 'deployments'
  | 'statefulsets'
  | 'hpas'
  | 'scaledobjects'
  | 'scaledjobs'
  | 'vpas'
  | 'cronhpas'
  | 'canaries'
  | 'events';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  { id: 'namespaces', group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { id: 'pods', group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { id: 'replicasets', group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { id: 'configmaps', group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { id: 'deployments', group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  { id: 'statefulsets', group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { id: 'hpas', group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true },
  { id: 'scaledobjects', group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects', kind: 'ScaledObject', namespaced: true, component: 'keda' },
  { id: 'scaledjobs', group: 'keda.sh', version: 'v1alpha1', plural: 'scaledjobs', kind: 'ScaledJob', namespaced: true, component: 'keda' },
  { id: 'vpas', group: 'autoscaling.k8s.io', version: 'v1', plural: 'verticalpodautoscalers', kind: 'VerticalPodAutoscaler', namespaced: true, component: 'vpa' },
  { id: 'cronhpas', group: 'autoscaling.alibabacloud.com', version: 'v1beta1', plural: 'cronhorizontalpodautoscalers', kind: 'CronHorizontalPodAutoscaler', namespaced: true, component: 'cronhpa' },
  { id: 'canaries', group: 'flagger.app', version: 'v1beta1', plural: 'canaries', kind: 'Canary', namespaced: true, component: 'flagger' },
  // Only the resize Events of the VPA updater and the kubelet are kept (server/cluster/trim.ts): the
  // VPA resize history reads them before the API server expires them (1 h by default).
  { id: 'events', group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
];

export function apiVersionOf(k: Pick<ResourceKind, 'group' | 'version'>): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** The URL path of a collection, e.g. `/apis/apps/v1/namespaces/shop/deployments`. */
export function collectionPath(k: Pick<ResourceKind, 'group' | 'version' | 'plural'>, namespace?: string): string {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${base}/${k.plural}`;
}

export function resourceKind(id: ResourceId): ResourceKind {
  const k = RESOURCE_KINDS.find((r) => r.id === id);
  if (!k) throw new Error(`unknown resource id ${id}`);
  return k;
}
