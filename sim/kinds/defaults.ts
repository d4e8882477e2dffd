/**
 * Defaulting of built-in kinds, after the SetDefaults_* functions of kube's API groups: the fields a
 * real cluster fills on create, so stored objects look like a real cluster's.
 */
import type { JsonObject, JsonValue } from '@/lib/k8s/object';
import { isJsonObject } from '../store/json';

function obj(parent: JsonObject, key: string): JsonObject {
  const v = parent[key];
  if (isJsonObject(v)) return v;
  const fresh: JsonObject = {};
  parent[key] = fresh;
  return fresh;
}

function def(o: JsonObject, key: string, value: JsonValue): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function objects(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** `imagePullPolicy`: Always for `:latest` or untagged images, else IfNotPresent. */
function pullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: JsonObject): void {
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  def(c, 'imagePullPolicy', pullPolicy(typeof c.image === 'string' ? c.image : ''));
  def(c, 'resources', {});
  for (const p of objects(c.ports)) def(p, 'protocol', 'TCP');
  for (const e of objects(c.env)) {
    const from = e.valueFrom;
    if (isJsonObject(from) && isJsonObject(from.fieldRef)) def(from.fieldRef, 'apiVersion', 'v1');
  }
}

/** Pod spec defaults (core/v1 SetDefaults_PodSpec and SetDefaults_Container). */
export function defaultPodSpec(spec: JsonObject): void {
  def(spec, 'restartPolicy', 'Always');
  def(spec, 'terminationGracePeriodSeconds', 30);
  def(spec, 'dnsPolicy', 'ClusterFirst');
  def(spec, 'securityContext', {});
  def(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...objects(spec.initContainers), ...objects(spec.containers)]) defaultContainer(c);
}

function defaultTemplate(spec: JsonObject): void {
  const tpl = obj(spec, 'template');
  defaultPodSpec(obj(tpl, 'spec'));
}

export function defaultDeployment(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'replicas', 1);
  const strategy = obj(spec, 'strategy');
  def(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    def(ru, 'maxUnavailable', '25%');
    def(ru, 'maxSurge', '25%');
  }
  def(spec, 'revisionHistoryLimit', 10);
  def(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

export function defaultStatefulSet(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'replicas', 1);
  def(spec, 'podManagementPolicy', 'OrderedReady');
  const us = obj(spec, 'updateStrategy');
  def(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') def(obj(us, 'rollingUpdate'), 'partition', 0);
  def(spec, 'revisionHistoryLimit', 10);
  def(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  defaultTemplate(spec);
}

export function defaultReplicaSet(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'replicas', 1);
  defaultTemplate(spec);
}

export function defaultJob(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'parallelism', 1);
  def(spec, 'completions', 1);
  def(spec, 'backoffLimit', 6);
  def(spec, 'completionMode', 'NonIndexed');
  def(spec, 'suspend', false);
  def(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  defaultTemplate(spec);
}

export function defaultPod(o: JsonObject): void {
  const spec = obj(o, 'spec');
  defaultPodSpec(spec);
  def(spec, 'enableServiceLinks', true);
  def(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  def(spec, 'priority', 0);
  const status = obj(o, 'status');
  def(status, 'phase', 'Pending');
  def(status, 'qosClass', 'BestEffort');
}

const UP_POLICIES: JsonValue = [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }];
const DOWN_POLICIES: JsonValue = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

/** autoscaling/v2 defaults: minReplicas 1, a CPU 80 % target when no metric is given, behavior rules. */
export function defaultHpaV2(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isJsonObject(spec.behavior)) {
    const up = obj(spec.behavior, 'scaleUp');
    def(up, 'stabilizationWindowSeconds', 0);
    def(up, 'selectPolicy', 'Max');
    def(up, 'policies', UP_POLICIES);
    const down = obj(spec.behavior, 'scaleDown');
    def(down, 'stabilizationWindowSeconds', 300);
    def(down, 'selectPolicy', 'Max');
    def(down, 'policies', DOWN_POLICIES);
  }
}

export function defaultNamespace(o: JsonObject): void {
  const meta = obj(o, 'metadata');
  const labels = obj(meta, 'labels');
  if (typeof meta.name === 'string') labels['kubernetes.io/metadata.name'] = meta.name;
  const spec = obj(o, 'spec');
  def(spec, 'finalizers', ['kubernetes']);
  def(obj(o, 'status'), 'phase', 'Active');
}

let nextServiceIp = 1;
export function defaultService(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'type', 'ClusterIP');
  def(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined) {
      const n = nextServiceIp++;
      spec.clusterIP = `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
    }
    def(spec, 'clusterIPs', [spec.clusterIP as string]);
    def(spec, 'ipFamilies', ['IPv4']);
    def(spec, 'ipFamilyPolicy', 'SingleStack');
    def(spec, 'internalTrafficPolicy', 'Cluster');
  }
  for (const p of objects(spec.ports)) {
    def(p, 'protocol', 'TCP');
    def(p, 'targetPort', p.port ?? 0);
  }
  def(o, 'status', { loadBalancer: {} });
}

/** Secrets: `stringData` is write-only, merged into `data` (base64) as kube's conversion does. */
export function defaultSecret(o: JsonObject): void {
  def(o, 'type', 'Opaque');
  if (isJsonObject(o.stringData)) {
    const data = obj(o, 'data');
    for (const [k, v] of Object.entries(o.stringData)) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    delete o.stringData;
  }
}

export function defaultWebhookConfiguration(o: JsonObject, mutating: boolean): void {
  for (const w of objects(o.webhooks)) {
    def(w, 'failurePolicy', 'Fail');
    def(w, 'matchPolicy', 'Equivalent');
    def(w, 'namespaceSelector', {});
    def(w, 'objectSelector', {});
    def(w, 'timeoutSeconds', 10);
    if (mutating) def(w, 'reinvocationPolicy', 'Never');
    for (const r of objects(w.rules)) def(r, 'scope', '*');
    const svc = isJsonObject(w.clientConfig) ? w.clientConfig.service : undefined;
    if (isJsonObject(svc)) def(svc, 'port', 443);
  }
}

export function defaultCrd(o: JsonObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'conversion', { strategy: 'None' });
  const names = obj(spec, 'names');
  if (typeof names.kind === 'string') def(names, 'listKind', `${names.kind}List`);
  if (typeof names.plural === 'string') def(names, 'singular', names.kind ? String(names.kind).toLowerCase() : names.plural);
}
