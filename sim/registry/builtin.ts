/**
 * The built-in resources the simulator serves, with their discovery names, subresources, storage,
 * printers, defaults and validation.
 */
import type { JsonObject, KubeObject } from '@/lib/k8s/object';
import { builtinPatchMeta } from '../engine/patch-meta';
import * as d from '../kinds/defaults';
import { eventsV1Converter } from '../kinds/events-v1';
import { hpaV1Converter } from '../kinds/hpa-v1';
import { pruneByModel } from '../kinds/known-fields';
import * as p from '../kinds/printers';
import { validateMeta, type NameRule } from '../kinds/validate-meta';
import * as v from '../kinds/validate-kinds';
import { getPath } from '../store/json';
import { validateCrd } from './crd';
import type { GenerationPolicy } from '../store/store';
import { ALL_VERBS, type FieldError, type Printer, type ResourceInfo, type VersionConverter } from './types';

interface Spec {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  model: string;
  short?: string[];
  categories?: string[];
  sub?: string[];
  verbs?: string[];
  generation?: GenerationPolicy;
  nameRule?: NameRule;
  printer?: Printer;
  defaults?: (o: JsonObject) => void;
  validate?: (o: KubeObject, old: KubeObject | undefined) => FieldError[];
  fields?: (o: KubeObject) => Record<string, string>;
  storageVersion?: string;
  /** Storage shared with another group's resource (events.k8s.io events live with core events). */
  storage?: string;
  preferred?: boolean;
  convert?: VersionConverter;
  createOnly?: boolean;
}

const s = (x: unknown): string => (x === undefined || x === null ? '' : String(x));

function build(spec: Spec): ResourceInfo {
  const nameRule = spec.nameRule ?? 'subdomain';
  const validate = spec.validate;
  let meta: ReturnType<typeof builtinPatchMeta> | undefined;
  const info: ResourceInfo = {
    group: spec.group,
    version: spec.version,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    kind: spec.kind,
    namespaced: spec.namespaced,
    shortNames: spec.short ?? [],
    categories: spec.categories ?? [],
    verbs: spec.verbs ?? ALL_VERBS,
    subresources: spec.sub ?? [],
    storage: spec.storage ?? `${spec.group}/${spec.plural}`,
    storageVersion: spec.storageVersion ?? (spec.group ? `${spec.group}/${spec.version}` : spec.version),
    preferred: spec.preferred ?? true,
    strategy: {
      generation: spec.generation ?? 'none',
      patchMeta: () => (meta ??= builtinPatchMeta(spec.group, spec.kind)),
      prune: (o) => pruneByModel(spec.model, o),
      validate: (o, old) => [...validateMeta(o, nameRule, spec.namespaced), ...(validate ? validate(o, old) : [])],
    },
  };
  if (spec.sub?.includes('scale')) info.scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
  if (spec.printer) info.strategy.printer = spec.printer;
  if (spec.defaults) info.strategy.defaults = spec.defaults;
  if (spec.fields) info.strategy.fields = spec.fields;
  if (spec.convert) info.convert = spec.convert;
  if (spec.createOnly) info.createOnly = true;
  return info;
}

const podFields = (o: KubeObject): Record<string, string> => ({
  'spec.nodeName': s(getPath(o, ['spec', 'nodeName'])),
  'spec.restartPolicy': s(getPath(o, ['spec', 'restartPolicy'])),
  'spec.schedulerName': s(getPath(o, ['spec', 'schedulerName'])),
  'spec.serviceAccountName': s(getPath(o, ['spec', 'serviceAccountName'])),
  'spec.hostNetwork': String(getPath(o, ['spec', 'hostNetwork']) === true),
  'status.phase': s(getPath(o, ['status', 'phase'])),
  'status.podIP': s(getPath(o, ['status', 'podIP'])),
  'status.nominatedNodeName': s(getPath(o, ['status', 'nominatedNodeName'])),
});

const eventFields = (o: KubeObject): Record<string, string> => {
  const io = (o.involvedObject ?? {}) as Record<string, unknown>;
  return {
    'involvedObject.kind': s(io.kind),
    'involvedObject.namespace': s(io.namespace),
    'involvedObject.name': s(io.name),
    'involvedObject.uid': s(io.uid),
    'involvedObject.apiVersion': s(io.apiVersion),
    'involvedObject.resourceVersion': s(io.resourceVersion),
    'involvedObject.fieldPath': s(io.fieldPath),
    reason: s(o.reason),
    reportingComponent: s(o.reportingComponent),
    source: s(getPath(o, ['source', 'component'])),
    type: s(o.type),
  };
};

const WORKLOAD = ['all'];
const REVIEW_VERBS = ['create'];

/** Every built-in resource version, in discovery order. */
export function builtinResources(): ResourceInfo[] {
  return [
    build({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, model: 'V1Namespace', short: ['ns'], sub: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], nameRule: 'label', printer: p.namespacePrinter, defaults: d.defaultNamespace, fields: (o) => ({ 'status.phase': s(getPath(o, ['status', 'phase'])) }) }),
    build({ group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false, model: 'V1Node', short: ['no'], sub: ['status'], printer: p.nodePrinter, fields: (o) => ({ 'spec.unschedulable': String(getPath(o, ['spec', 'unschedulable']) === true) }) }),
    build({ group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, model: 'V1Pod', short: ['po'], categories: WORKLOAD, sub: ['status', 'resize', 'eviction'], printer: p.podPrinter, defaults: d.defaultPod, validate: v.validatePod, fields: podFields }),
    build({ group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true, model: 'CoreV1Event', short: ['ev'], printer: p.eventPrinter, fields: eventFields, nameRule: 'subdomain' }),
    build({ group: 'events.k8s.io', version: 'v1', plural: 'events', kind: 'Event', namespaced: true, model: 'EventsV1Event', short: ['ev'], printer: p.eventPrinter, fields: eventFields, storageVersion: 'v1', storage: '/events', convert: eventsV1Converter }),
    build({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, model: 'V1ConfigMap', short: ['cm'], printer: p.configMapPrinter }),
    build({ group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true, model: 'V1Secret', printer: p.secretPrinter, defaults: d.defaultSecret, fields: (o) => ({ type: s(o.type) }) }),
    build({ group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, model: 'V1ServiceAccount', short: ['sa'], printer: p.serviceAccountPrinter }),
    build({ group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true, model: 'V1Service', short: ['svc'], categories: WORKLOAD, sub: ['status'], nameRule: 'label', printer: p.servicePrinter, defaults: d.defaultService, validate: v.validateService }),
    build({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true, model: 'V1Deployment', short: ['deploy'], categories: WORKLOAD, sub: ['status', 'scale'], generation: 'spec', printer: p.deploymentPrinter, defaults: d.defaultDeployment, validate: v.validateDeployment }),
    build({ group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true, model: 'V1StatefulSet', short: ['sts'], categories: WORKLOAD, sub: ['status', 'scale'], generation: 'spec', printer: p.statefulSetPrinter, defaults: d.defaultStatefulSet, validate: v.validateStatefulSet }),
    build({ group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, model: 'V1ReplicaSet', short: ['rs'], categories: WORKLOAD, sub: ['status', 'scale'], generation: 'spec', printer: p.replicaSetPrinter, defaults: d.defaultReplicaSet, validate: v.validateReplicaSet, fields: (o) => ({ 'status.replicas': s(getPath(o, ['status', 'replicas']) ?? 0) }) }),
    build({ group: 'apps', version: 'v1', plural: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true, model: 'V1ControllerRevision', printer: p.controllerRevisionPrinter }),
    build({ group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, model: 'V1Job', categories: WORKLOAD, sub: ['status'], generation: 'spec', printer: p.jobPrinter, defaults: d.defaultJob, validate: v.validateJob, fields: (o) => ({ 'status.successful': s(getPath(o, ['status', 'succeeded']) ?? 0) }) }),
    build({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, model: 'V2HorizontalPodAutoscaler', short: ['hpa'], categories: WORKLOAD, sub: ['status'], generation: 'spec', printer: p.hpaPrinter, defaults: d.defaultHpaV2, validate: v.validateHpa }),
    build({ group: 'autoscaling', version: 'v1', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, model: 'V1HorizontalPodAutoscaler', short: ['hpa'], categories: WORKLOAD, sub: ['status'], generation: 'spec', printer: p.hpaPrinter, defaults: d.defaultHpaV2, validate: v.validateHpa, storageVersion: 'autoscaling/v2', preferred: false, convert: hpaV1Converter }),
    build({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, model: 'V1CustomResourceDefinition', short: ['crd', 'crds'], categories: ['api-extensions'], sub: ['status'], generation: 'spec', defaults: d.defaultCrd, validate: validateCrd }),
    build({ group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, model: 'V1ValidatingWebhookConfiguration', categories: ['api-extensions'], generation: 'all-but-metadata', printer: p.webhookConfigPrinter, defaults: (o) => d.defaultWebhookConfiguration(o, false) }),
    build({ group: 'admissionregistration.k8s.io', version: 'v1', plural: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, model: 'V1MutatingWebhookConfiguration', categories: ['api-extensions'], generation: 'all-but-metadata', printer: p.webhookConfigPrinter, defaults: (o) => d.defaultWebhookConfiguration(o, true) }),
    build({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false, model: 'V1ClusterRoleBinding', nameRule: 'path-segment', printer: p.roleBindingPrinter, validate: v.validateRoleBinding }),
    build({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false, model: 'V1ClusterRole', nameRule: 'path-segment' }),
    build({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true, model: 'V1RoleBinding', nameRule: 'path-segment', printer: p.roleBindingPrinter, validate: v.validateRoleBinding }),
    build({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true, model: 'V1Role', nameRule: 'path-segment' }),
    build({ group: 'authorization.k8s.io', version: 'v1', plural: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview', namespaced: true, model: 'V1LocalSubjectAccessReview', verbs: REVIEW_VERBS, createOnly: true }),
    build({ group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, model: 'V1SelfSubjectAccessReview', verbs: REVIEW_VERBS, createOnly: true }),
    build({ group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false, model: 'V1SelfSubjectRulesReview', verbs: REVIEW_VERBS, createOnly: true }),
    build({ group: 'authorization.k8s.io', version: 'v1', plural: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false, model: 'V1SubjectAccessReview', verbs: REVIEW_VERBS, createOnly: true }),
  ];
}

/** The order of API groups in `/apis`, as kube-apiserver's group priorities put them. */
export const BUILTIN_GROUP_ORDER = ['apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io'];
