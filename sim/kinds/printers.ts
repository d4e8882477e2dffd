/**
 * Server-side table printers of the built-in kinds we serve, after kube-apiserver's
 * pkg/printers/internalversion: the same column names, types, priorities and cell formats, so
 * `kubectl get` prints what it prints against a real cluster.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { formatLabelSelector, labelSelectorRequirements } from '@/lib/k8s/label-selector';
import type { Printer, PrinterColumn } from '../registry/types';
import { getPath } from '../store/json';
import { since } from './age';

type Cell = string | number | boolean | null;
const NAME: PrinterColumn = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' };
const AGE: PrinterColumn = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata' };
const col = (name: string, type = 'string', priority = 0, description = ''): PrinterColumn => ({ name, type, description, priority });

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]) : []);
const age = (o: KubeObject, now: number): string => since(o.metadata.creationTimestamp, now);
const name = (o: KubeObject): string => o.metadata.name ?? '';

function containers(o: KubeObject): [string, string] {
  const cs = arr(getPath(o, ['spec', 'template', 'spec', 'containers']));
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

function selectorText(sel: unknown): string {
  if (sel === undefined || sel === null) return '<none>';
  const r = labelSelectorRequirements(sel);
  if (!r.ok) return '<error>';
  return r.requirements.length === 0 ? '<none>' : formatLabelSelector(r.requirements);
}

/** Name plus "Created At": kube-apiserver's default table for kinds without a printer. */
export const defaultPrinter: Printer = {
  columns: [NAME, { name: 'Created At', type: 'date', description: AGE.description, priority: 0 }],
  cells: (o) => [name(o), o.metadata.creationTimestamp ?? null],
};

export const deploymentPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 0, 'Number of the pod with ready state'), col('Up-to-date', 'integer', 0, 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'), col('Available', 'integer', 0, 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, col('Containers', 'string', 1, 'Names of each container in the template.'), col('Images', 'string', 1, 'Images referenced by each container in the template.'), col('Selector', 'string', 1, 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.')],
  cells: (o, now) => {
    const desired = num(getPath(o, ['spec', 'replicas']));
    const [c, i] = containers(o);
    return [name(o), `${num(getPath(o, ['status', 'readyReplicas']))}/${desired}`, num(getPath(o, ['status', 'updatedReplicas'])), num(getPath(o, ['status', 'availableReplicas'])), age(o, now), c, i, selectorText(getPath(o, ['spec', 'selector']))];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [NAME, col('Desired', 'integer', 0, 'Replicas is the number of desired pods.'), col('Current', 'integer', 0, 'Replicas is the most recently observed number of replicas.'), col('Ready', 'integer', 0, 'The number of ready replicas for this replica set.'), AGE, col('Containers', 'string', 1, 'Names of each container in the template.'), col('Images', 'string', 1, 'Images referenced by each container in the template.'), col('Selector', 'string', 1, 'Selector is a label query over pods that should match the replica count.')],
  cells: (o, now) => {
    const [c, i] = containers(o);
    return [name(o), num(getPath(o, ['spec', 'replicas'])), num(getPath(o, ['status', 'replicas'])), num(getPath(o, ['status', 'readyReplicas'])), age(o, now), c, i, selectorText(getPath(o, ['spec', 'selector']))];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 0, 'Number of the pod with ready state'), AGE, col('Containers', 'string', 1, 'Names of each container in the template.'), col('Images', 'string', 1, 'Images referenced by each container in the template.')],
  cells: (o, now) => {
    const [c, i] = containers(o);
    return [name(o), `${num(getPath(o, ['status', 'readyReplicas']))}/${num(getPath(o, ['spec', 'replicas']))}`, age(o, now), c, i];
  },
};

export const podPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'), col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), AGE, col('IP', 'string', 1, 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'), col('Node', 'string', 1, 'NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.'), col('Nominated Node', 'string', 1, 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'), col('Readiness Gates', 'string', 1, 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates')],
  cells: (o, now) => {
    const specCs = arr(getPath(o, ['spec', 'containers']));
    const statuses = arr(getPath(o, ['status', 'containerStatuses']));
    let reason = str(getPath(o, ['status', 'reason'])) || str(getPath(o, ['status', 'phase']));
    let ready = 0;
    let restarts = 0;
    for (const cs of statuses) {
      restarts += num(cs.restartCount);
      const state = (cs.state ?? {}) as Record<string, Record<string, unknown> | undefined>;
      if (state.waiting && str(state.waiting.reason)) reason = str(state.waiting.reason);
      else if (state.terminated) reason = str(state.terminated.reason) || (num(state.terminated.signal) ? `Signal:${num(state.terminated.signal)}` : `ExitCode:${num(state.terminated.exitCode)}`);
      else if (state.running && cs.ready === true) ready++;
    }
    if (o.metadata.deletionTimestamp) reason = 'Terminating';
    const gates = arr(getPath(o, ['spec', 'readinessGates']));
    return [name(o), `${ready}/${specCs.length}`, reason, String(restarts), age(o, now), str(getPath(o, ['status', 'podIP'])) || '<none>', str(getPath(o, ['spec', 'nodeName'])) || '<none>', str(getPath(o, ['status', 'nominatedNodeName'])) || '<none>', gates.length ? `0/${gates.length}` : '<none>'];
  },
};

/** `formatHPAMetrics`: at most two targets, then "+ N more...". */
function hpaTargets(o: KubeObject): string {
  const specs = arr(getPath(o, ['spec', 'metrics']));
  const statuses = arr(getPath(o, ['status', 'currentMetrics']));
  if (specs.length === 0) return '<none>';
  const q = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  const list = specs.map((s, i) => {
    const st = statuses[i] as Record<string, Record<string, Record<string, unknown>>> | undefined;
    const type = str(s.type);
    const src = (s[type.charAt(0).toLowerCase() + type.slice(1)] ?? {}) as Record<string, Record<string, unknown>>;
    const cur = st?.[type.charAt(0).toLowerCase() + type.slice(1)]?.current;
    const target = src.target ?? {};
    switch (type) {
      case 'External':
      case 'Object':
        if (target.averageValue !== undefined) return `${cur?.averageValue !== undefined ? q(cur.averageValue) : '<unknown>'}/${q(target.averageValue)} (avg)`;
        return `${cur?.value !== undefined ? q(cur.value) : '<unknown>'}/${q(target.value)}`;
      case 'Pods':
        return `${cur?.averageValue !== undefined ? q(cur.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
      case 'Resource':
      case 'ContainerResource': {
        const prefix = type === 'Resource' ? `${q(src.name)}` : `${q(src.name)}/${q(src.container)}`;
        if (target.averageValue !== undefined) return `${prefix}: ${cur?.averageValue !== undefined ? q(cur.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
        const current = cur?.averageUtilization !== undefined ? `${q(cur.averageUtilization)}%` : '<unknown>';
        return `${prefix}: ${current}/${target.averageUtilization !== undefined ? `${q(target.averageUtilization)}%` : '<auto>'}`;
      }
      default:
        return '<unknown type>';
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

export const hpaPrinter: Printer = {
  columns: [NAME, col('Reference', 'string', 0, 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'), col('Targets', 'string', 0, 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'), col('MinPods', 'string', 0, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'), col('MaxPods', 'string', 0, 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'), col('Replicas', 'string', 0, 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'), AGE],
  cells: (o, now) => {
    const ref = `${str(getPath(o, ['spec', 'scaleTargetRef', 'kind']))}/${str(getPath(o, ['spec', 'scaleTargetRef', 'name']))}`;
    const min = getPath(o, ['spec', 'minReplicas']);
    return [name(o), ref, hpaTargets(o), typeof min === 'number' ? min : '<unset>', num(getPath(o, ['spec', 'maxReplicas'])), num(getPath(o, ['status', 'currentReplicas'])), age(o, now)];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 0, 'The status of the namespace'), AGE],
  cells: (o, now) => [name(o), str(getPath(o, ['status', 'phase'])), age(o, now)],
};

export const nodePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 0, 'The status of the node'), col('Roles', 'string', 0, 'The roles of the node'), AGE, col('Version', 'string', 0, 'Kubelet Version reported by the node.'), col('Internal-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available.'), col('External-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available.'), col('OS-Image', 'string', 1, 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'), col('Kernel-Version', 'string', 1, 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).'), col('Container-Runtime', 'string', 1, 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')],
  cells: (o, now) => {
    const ready = arr(getPath(o, ['status', 'conditions'])).find((c) => c.type === 'Ready');
    let status = ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown';
    if (getPath(o, ['spec', 'unschedulable']) === true) status += ',SchedulingDisabled';
    const roles = Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort();
    const addr = (t: string): string => str(arr(getPath(o, ['status', 'addresses'])).find((a) => a.type === t)?.address) || '<none>';
    const info = (k: string): string => str(getPath(o, ['status', 'nodeInfo', k])) || '<unknown>';
    return [name(o), status, roles.length ? roles.join(',') : '<none>', age(o, now), info('kubeletVersion'), addr('InternalIP'), addr('ExternalIP'), info('osImage'), info('kernelVersion'), info('containerRuntimeVersion')];
  },
};

const count = (v: unknown): number => (typeof v === 'object' && v !== null ? Object.keys(v).length : 0);

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'integer', 0, 'Data contains the configuration data.'), AGE],
  cells: (o, now) => [name(o), count(o.data) + count(o.binaryData), age(o, now)],
};

export const secretPrinter: Printer = {
  columns: [NAME, col('Type', 'string', 0, 'Used to facilitate programmatic handling of secret data.'), col('Data', 'integer', 0, 'Data contains the secret data.'), AGE],
  cells: (o, now) => [name(o), str(o.type), count(o.data), age(o, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'integer', 0, 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (o, now) => [name(o), arr(o.secrets).length, age(o, now)],
};

export const servicePrinter: Printer = {
  columns: [NAME, col('Type', 'string', 0, 'The type of the service.'), col('Cluster-IP', 'string', 0, 'The IP address of the service.'), col('External-IP', 'string', 0, 'The external IP address of the service.'), col('Port(s)', 'string', 0, 'The port(s) of the service.'), AGE, col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.')],
  cells: (o, now) => {
    const ports = arr(getPath(o, ['spec', 'ports'])).map((p) => `${num(p.port)}${p.nodePort ? `:${num(p.nodePort)}` : ''}/${str(p.protocol) || 'TCP'}`);
    const sel = getPath(o, ['spec', 'selector']) as Record<string, string> | undefined;
    const ext = (getPath(o, ['spec', 'externalIPs']) as string[] | undefined)?.join(',') || (str(getPath(o, ['spec', 'type'])) === 'LoadBalancer' ? '<pending>' : '<none>');
    return [name(o), str(getPath(o, ['spec', 'type'])) || 'ClusterIP', str(getPath(o, ['spec', 'clusterIP'])) || '<none>', ext, ports.length ? ports.join(',') : '<none>', age(o, now), sel && Object.keys(sel).length ? Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(',') : '<none>'];
  },
};

export const eventPrinter: Printer = {
  columns: [col('Last Seen', 'string', 0, 'Time when this Event was last observed.'), col('Type', 'string', 0, 'Type of this event (Normal, Warning), new types could be added in the future.'), col('Reason', 'string', 0, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'), col('Object', 'string', 0, 'The object that this event is about.'), col('Subobject', 'string', 1, 'The subobject that this event is about.'), col('Source', 'string', 1, 'The component reporting this event. Should be a short machine understandable string.'), col('Message', 'string', 0, 'A human-readable description of the status of this operation.'), col('First Seen', 'string', 1, 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'), col('Count', 'string', 1, 'The number of times this event has occurred.'), { ...NAME, priority: 1 }],
  cells: (o, now) => {
    const last = str(o.lastTimestamp) || str(o.eventTime) || o.metadata.creationTimestamp;
    const first = str(o.firstTimestamp) || str(o.eventTime) || o.metadata.creationTimestamp;
    const io = (o.involvedObject ?? o.regarding ?? {}) as Record<string, unknown>;
    const src = (o.source ?? {}) as Record<string, unknown>;
    const source = str(src.component) || str(o.reportingComponent) || str(o.reportingController);
    return [since(last, now), str(o.type), str(o.reason), `${str(io.kind).toLowerCase()}/${str(io.name)}`, str(io.fieldPath), source + (str(src.host) ? `, ${str(src.host)}` : ''), str(o.message) || str(o.note), since(first, now), String(num(o.count) || 1), name(o)];
  },
};

export const jobPrinter: Printer = {
  columns: [NAME, col('Status', 'string', 0, 'Status of the job.'), col('Completions', 'string', 0, 'The desired number of successfully finished pods the job should be run with.'), col('Duration', 'string', 0, 'Time required to complete the job.'), AGE, col('Containers', 'string', 1, 'Names of each container in the template.'), col('Images', 'string', 1, 'Images referenced by each container in the template.'), col('Selector', 'string', 1, 'A label query over pods that should match the pod count.')],
  cells: (o, now) => {
    const conds = arr(getPath(o, ['status', 'conditions'])).filter((c) => c.status === 'True').map((c) => str(c.type));
    const status = conds.includes('Complete') ? 'Complete' : conds.includes('Failed') ? 'Failed' : getPath(o, ['spec', 'suspend']) === true ? 'Suspended' : 'Running';
    const completions = getPath(o, ['spec', 'completions']);
    const succeeded = num(getPath(o, ['status', 'succeeded']));
    const start = str(getPath(o, ['status', 'startTime']));
    const end = str(getPath(o, ['status', 'completionTime']));
    const duration = start ? since(start, end ? Date.parse(end) : now) : '';
    const [c, i] = containers(o);
    return [name(o), status, typeof completions === 'number' ? `${succeeded}/${completions}` : `${succeeded}/1 of ${num(getPath(o, ['spec', 'parallelism']))}`, duration, age(o, now), c, i, selectorText(getPath(o, ['spec', 'selector']))];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller', 'string', 0, 'Controller of the object'), col('Revision', 'integer', 0, 'Revision indicates the revision of the state represented by Data.'), AGE],
  cells: (o, now) => {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller);
    const group = ref ? ref.apiVersion.split('/').slice(0, -1).join('/') : '';
    return [name(o), ref ? `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}` : '<none>', num(o.revision), age(o, now)];
  },
};

export const roleBindingPrinter: Printer = {
  columns: [NAME, col('Role', 'string', 0, 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'), AGE, col('Users', 'string', 1, 'Users in the roleBinding'), col('Groups', 'string', 1, 'Groups in the roleBinding'), col('ServiceAccounts', 'string', 1, 'ServiceAccounts in the roleBinding')],
  cells: (o, now) => {
    const subjects = arr(o.subjects);
    const pick = (kind: string, f: (s: Record<string, unknown>) => string): string => subjects.filter((s) => s.kind === kind).map(f).join(', ');
    return [name(o), `${str(getPath(o, ['roleRef', 'kind']))}/${str(getPath(o, ['roleRef', 'name']))}`, age(o, now), pick('User', (s) => str(s.name)), pick('Group', (s) => str(s.name)), pick('ServiceAccount', (s) => `${str(s.namespace)}:${str(s.name)}`)];
  },
};

export const webhookConfigPrinter: Printer = {
  columns: [NAME, col('Webhooks', 'integer', 0, 'Webhooks indicates the number of webhooks included in the configuration.'), AGE],
  cells: (o, now) => [name(o), arr(o.webhooks).length, age(o, now)],
};

export type { Cell };
