/**
 * The list/struct merge tags of the built-in kinds the simulator serves, transcribed from
 * k8s.io/api v1.32 (`patchStrategy`/`patchMergeKey` struct tags, checked against the strings compiled
 * into kubectl v1.32; `+listType`/`+listMapKey`/`+structType`/`+mapType` markers from types.go).
 * Only fields whose merge differs from the default (maps by field, lists replaced/atomic) or that
 * lead to such fields are listed.
 */
import type { JsonObject } from '@/lib/k8s/object';
import type { ListMeta, MetaNode } from './patch-meta';

const struct = (fields: Record<string, MetaNode>): MetaNode => ({ fields });
const mapOf = (values: MetaNode = {}): MetaNode => ({ values });
/** SMP merge on `mergeKey` and SSA list-map on `keys` (they differ for ports). */
const mergeMap = (mergeKey: string, keys: string[], items: MetaNode = {}, extra: Partial<ListMeta> = {}): MetaNode => ({
  list: { smp: 'merge', mergeKey, ssa: 'map', keys, ...extra },
  items,
});
/** SSA list-map without an SMP strategy (replaced by strategic merge). */
const ssaMap = (keys: string[], items: MetaNode = {}): MetaNode => ({ list: { smp: 'replace', ssa: 'map', keys }, items });
/** SMP merge on a key but `+listType=atomic` for SSA (Job conditions, PodStatus hostIPs). */
const mergeAtomic = (mergeKey: string): MetaNode => ({ list: { smp: 'merge', mergeKey, ssa: 'atomic' }, items: {} });
const atomicList = (items: MetaNode = {}): MetaNode => ({ list: { smp: 'replace', ssa: 'atomic' }, items });
/** A list of scalars merged as a set by both SMP (`patchStrategy:"merge"`) and SSA (`+listType=set`). */
const scalarSet = (): MetaNode => ({ list: { smp: 'merge', ssa: 'set' } });
const ATOMIC: MetaNode = { atomic: true };

/** metav1.ObjectMeta, shared by every kind (custom resources and pod templates included). */
export const OBJECT_META: MetaNode = {
  fields: {
    ownerReferences: mergeMap('uid', ['uid']),
    finalizers: scalarSet(),
    labels: mapOf(),
    annotations: mapOf(),
  },
};
const CONDITIONS = mergeMap('type', ['type']);

/** metav1.LabelSelector is `+structType=atomic`. */
const LABEL_SELECTOR = ATOMIC;

const RESOURCES = struct({ limits: mapOf(), requests: mapOf(), claims: ssaMap(['name']) });

const CONTAINER = struct({
  ports: mergeMap('containerPort', ['containerPort', 'protocol'], {}, { keyDefaults: { protocol: 'TCP' } }),
  env: mergeMap('name', ['name']),
  envFrom: atomicList(),
  volumeMounts: mergeMap('mountPath', ['mountPath']),
  volumeDevices: mergeMap('devicePath', ['devicePath']),
  resources: RESOURCES,
  resizePolicy: atomicList(),
  command: atomicList(),
  args: atomicList(),
});

const POD_SPEC = struct({
  volumes: mergeMap('name', ['name'], {}, { retainKeys: true }),
  initContainers: mergeMap('name', ['name'], CONTAINER),
  containers: mergeMap('name', ['name'], CONTAINER),
  ephemeralContainers: mergeMap('name', ['name'], CONTAINER),
  // core/v1 LocalObjectReference is `+structType=atomic`.
  imagePullSecrets: mergeMap('name', ['name'], ATOMIC),
  hostAliases: mergeMap('ip', ['ip']),
  topologySpreadConstraints: mergeMap('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  schedulingGates: mergeMap('name', ['name']),
  resourceClaims: mergeMap('name', ['name'], {}, { retainKeys: true }),
  tolerations: atomicList(),
  readinessGates: atomicList(),
  nodeSelector: ATOMIC, // `+mapType=atomic`
  overhead: mapOf(),
  resources: RESOURCES,
});

const POD_STATUS = struct({
  conditions: CONDITIONS,
  podIPs: mergeMap('ip', ['ip']),
  hostIPs: mergeAtomic('ip'),
  containerStatuses: atomicList(),
  initContainerStatuses: atomicList(),
  ephemeralContainerStatuses: atomicList(),
  resourceClaimStatuses: mergeMap('name', ['name'], {}, { retainKeys: true }),
});

/** PodTemplateSpec; `metadata` is filled in by the caller (shared ObjectMeta). */
const podTemplate = (objectMeta: MetaNode): MetaNode => struct({ metadata: objectMeta, spec: POD_SPEC });

const workload = (objectMeta: MetaNode, spec: Record<string, MetaNode>): MetaNode =>
  struct({
    spec: struct({ selector: LABEL_SELECTOR, template: podTemplate(objectMeta), ...spec }),
    status: struct({ conditions: CONDITIONS }),
  });

const HPA_RULES = struct({ policies: atomicList() });

const WEBHOOK = struct({
  rules: atomicList(),
  admissionReviewVersions: atomicList(),
  namespaceSelector: LABEL_SELECTOR,
  objectSelector: LABEL_SELECTOR,
  matchConditions: mergeMap('name', ['name']),
});

const POLICY_RULES = atomicList();

function table(objectMeta: MetaNode): Record<string, MetaNode> {
  return {
    '/Pod': struct({ spec: POD_SPEC, status: POD_STATUS }),
    '/PodTemplate': struct({ template: podTemplate(objectMeta) }),
    '/Service': struct({
      spec: struct({
        ports: mergeMap('port', ['port', 'protocol'], {}, { keyDefaults: { protocol: 'TCP' } }),
        selector: ATOMIC, // `+mapType=atomic`
        clusterIPs: atomicList(),
        externalIPs: atomicList(),
        ipFamilies: atomicList(),
        loadBalancerSourceRanges: atomicList(),
      }),
      status: struct({ conditions: CONDITIONS, loadBalancer: struct({ ingress: atomicList() }) }),
    }),
    '/ConfigMap': struct({ data: mapOf(), binaryData: mapOf() }),
    '/Secret': struct({ data: mapOf(), stringData: mapOf() }),
    '/Namespace': struct({ spec: struct({ finalizers: atomicList() }), status: struct({ conditions: CONDITIONS }) }),
    '/Node': struct({
      spec: struct({ podCIDRs: scalarSet(), taints: atomicList() }),
      status: struct({
        conditions: CONDITIONS,
        addresses: mergeMap('type', ['type']),
        images: atomicList(),
        volumesInUse: atomicList(),
        volumesAttached: atomicList(),
        capacity: mapOf(),
        allocatable: mapOf(),
      }),
    }),
    '/Event': struct({ involvedObject: struct({}), related: struct({}) }),
    '/ServiceAccount': struct({ secrets: mergeMap('name', ['name']), imagePullSecrets: atomicList() }),
    'apps/Deployment': workload(objectMeta, { strategy: { retainKeys: true } }),
    'apps/StatefulSet': workload(objectMeta, { volumeClaimTemplates: atomicList() }),
    'apps/ReplicaSet': workload(objectMeta, {}),
    'apps/DaemonSet': workload(objectMeta, {}),
    'batch/Job': struct({
      spec: struct({ selector: LABEL_SELECTOR, template: podTemplate(objectMeta), podFailurePolicy: struct({ rules: atomicList() }) }),
      status: struct({ conditions: mergeAtomic('type') }),
    }),
    'autoscaling/HorizontalPodAutoscaler': struct({
      spec: struct({ metrics: atomicList(), behavior: struct({ scaleUp: HPA_RULES, scaleDown: HPA_RULES }) }),
      status: struct({ conditions: CONDITIONS, currentMetrics: atomicList() }),
    }),
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration': struct({ webhooks: mergeMap('name', ['name'], WEBHOOK) }),
    'admissionregistration.k8s.io/MutatingWebhookConfiguration': struct({ webhooks: mergeMap('name', ['name'], WEBHOOK) }),
    'rbac.authorization.k8s.io/Role': struct({ rules: POLICY_RULES }),
    'rbac.authorization.k8s.io/ClusterRole': struct({
      rules: POLICY_RULES,
      aggregationRule: struct({ clusterRoleSelectors: atomicList() }),
    }),
    'rbac.authorization.k8s.io/RoleBinding': struct({ subjects: atomicList() }),
    'rbac.authorization.k8s.io/ClusterRoleBinding': struct({ subjects: atomicList() }),
    'apiextensions.k8s.io/CustomResourceDefinition': struct({
      spec: struct({ versions: atomicList(), names: struct({ shortNames: atomicList(), categories: atomicList() }) }),
      status: struct({
        conditions: ssaMap(['type']),
        storedVersions: atomicList(),
        acceptedNames: struct({ shortNames: atomicList(), categories: atomicList() }),
      }),
    }),
  };
}

const BY_KIND = table(OBJECT_META);

/** The description of `group/kind` without its top-level `metadata`, or undefined if not in the table. */
export function builtinRoot(group: string, kind: string): MetaNode | undefined {
  const key = `${group}/${kind}`;
  return Object.hasOwn(BY_KIND, key) ? BY_KIND[key] : undefined;
}

const TEMPLATE = { metadata: { creationTimestamp: null }, spec: { containers: null } };
const ZEROS: Record<string, JsonObject> = {
  '/Pod': { spec: { containers: null }, status: {} },
  '/Service': { spec: {}, status: { loadBalancer: {} } },
  '/Namespace': { spec: {}, status: {} },
  '/Node': { spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } },
  'apps/Deployment': { spec: { selector: null, template: TEMPLATE, strategy: {} }, status: {} },
  'apps/StatefulSet': { spec: { selector: null, template: TEMPLATE, serviceName: '', updateStrategy: {} }, status: { replicas: 0, availableReplicas: 0 } },
  'apps/ReplicaSet': { spec: { selector: null, template: TEMPLATE }, status: { replicas: 0 } },
  'apps/DaemonSet': { spec: { selector: null, template: TEMPLATE, updateStrategy: {} }, status: {} },
  'batch/Job': { spec: { template: TEMPLATE }, status: {} },
  'autoscaling/HorizontalPodAutoscaler': { spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { desiredReplicas: 0 } },
  'rbac.authorization.k8s.io/Role': { rules: null },
  'rbac.authorization.k8s.io/ClusterRole': { rules: null },
  'rbac.authorization.k8s.io/RoleBinding': { roleRef: { apiGroup: '', kind: '', name: '' } },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { roleRef: { apiGroup: '', kind: '', name: '' } },
  'apiextensions.k8s.io/CustomResourceDefinition': { spec: { group: '', names: { plural: '', kind: '' }, scope: '', versions: null }, status: { acceptedNames: { plural: '', kind: '' }, storedVersions: null } },
};

/** The zero value of a built-in kind (see PatchMeta.zero); a fresh copy each call. */
export function builtinZero(group: string, kind: string): JsonObject | undefined {
  const key = `${group}/${kind}`;
  return Object.hasOwn(ZEROS, key) ? structuredClone(ZEROS[key]) : undefined;
}

/** Kinds whose `status` is a subresource (main-resource writes reset it and do not own it). */
export const STATUS_SUBRESOURCE_KINDS: ReadonlySet<string> = new Set([
  '/Pod',
  '/Service',
  '/Namespace',
  '/Node',
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'batch/Job',
  'autoscaling/HorizontalPodAutoscaler',
  'apiextensions.k8s.io/CustomResourceDefinition',
]);
