/**
 * Action `keda-operator-restart` (design §5, seed 002): a rollout restart of the keda-operator
 * Deployment, as `kubectl rollout restart` does it — the pod-template annotation
 * `kubectl.kubernetes.io/restartedAt` set to now. A new operator process starts with an empty
 * scaler cache and rebuilds the scalers of **every** ScaledObject and ScaledJob in the cluster, so
 * it fixes every stale `*FromEnv` value at once, at the price of a short pause in all scaling
 * decisions while the new pod starts and takes the leader lease.
 *
 * The target is the ScaledObject whose finding asked for it (its finding must clear), or the
 * keda-operator Deployment itself (then every ScaledObject reading env must be clear).
 * Post-conditions: the rollout finished (new generation observed, every replica updated and ready,
 * no old pod left) — i.e. a new keda-operator pod started after the patch and is Ready — and no
 * `scaledobject-stale-env` finding remains on the subjects.
 */
import { findController } from '../components';
import type { JsonValue, ObjectRef } from '../k8s/object';
import { Workload } from '../k8s/workload';
import { envReadsOf } from '../keda/explain-env';
import { indexOf } from '../snapshot-index';
import { applyOperation } from './apply';
import { check } from './preflight';
import { scaledObjectFor, soRefOf } from './scaledobject-refresh';
import type { Operation, Plan, Planner, PostCondition, PreflightCheck } from './types';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Plans the rollout restart of the keda-operator. */
export const planKedaOperatorRestart: Planner = (s, target, facts) => {
  const base = { type: 'keda-operator-restart' as const, target };
  const found = findController('keda', s.objects.deployments);
  const operator = found ? indexOf(s).get('deployments', found.namespace, found.name) : undefined;
  const so = target.kind === 'Deployment' && found && target.name === found.name ? undefined : scaledObjectFor(s, target);
  const readers = s.objects.scaledobjects.filter((x) => envReadsOf(x).length > 0);
  const count = s.objects.scaledobjects.length + s.objects.scaledjobs.length;
  if (!operator || !found) {
    return { ...base, summary: 'Restart the keda-operator', steps: [], touches: [],
      preflight: [check('keda-operator-found', false, 'No keda-operator Deployment (name or label keda-operator) was found.', true, 'Install KEDA, or restart its operator by hand: kubectl rollout restart deployment keda-operator -n <namespace>.')] };
  }
  const ref: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: found.namespace, name: found.name };
  const opName = `${found.namespace}/${found.name}`;
  const generation = operator.metadata.generation ?? 1;
  const replicas = Workload.replicas(operator).desired;
  const subjects = so ? [soRefOf(so)] : readers.map(soRefOf);
  const preflight: PreflightCheck[] = [
    check('keda-operator-found', true, `Deployment ${opName}${found.version ? ` (KEDA ${found.version})` : ''}, ${found.ready} of ${found.desired} replicas ready, at generation ${generation}.`, true),
    check('affects-every-scaledobject', false,
      `A new operator rebuilds the scalers of all ${count} ScaledObjects and ScaledJobs in the cluster, and scaling decisions pause while it starts and takes the leader lease (usually seconds).`,
      false, so ? `To rebuild only ScaledObject ${so.metadata.namespace}/${so.metadata.name}, use the action scaledobject-refresh instead.` : 'To rebuild one ScaledObject only, use the action scaledobject-refresh on it.'),
  ];
  if (target.kind === 'ScaledObject' && !so) preflight.push(check('scaledobject-exists', false, `No ScaledObject ${target.namespace}/${target.name} in the cluster.`, true, 'Pick an existing ScaledObject, or plan the restart for the keda-operator Deployment itself.'));
  // kubectl writes RFC 3339 without fractions.
  const now = facts.now.replace(/\.\d+Z$/, 'Z');
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now } } } } };
  const op: Operation = {
    kind: 'patch', target: ref, patchType: 'strategic', patch,
    precondition: { ...(operator.metadata.uid ? { uid: operator.metadata.uid } : {}), ...(operator.metadata.resourceVersion ? { resourceVersion: operator.metadata.resourceVersion } : {}) },
    after: operator,
  };
  const field = (path: string[], equals: JsonValue, description: string): PostCondition => ({ kind: 'field', target: ref, path, equals, description });
  const plan: Plan = {
    ...base,
    summary: `Rollout restart of Deployment ${opName}: a new keda-operator rebuilds the scalers of every ScaledObject (${count} in the cluster)${so ? `, ${so.metadata.namespace}/${so.metadata.name} among them` : ''}.`,
    preflight,
    touches: [ref, ...subjects],
    steps: [{
      index: 0,
      id: 'restart-operator',
      title: `Restart Deployment ${opName}`,
      description: `Sets the pod-template annotation ${RESTARTED_AT_ANNOTATION} to ${now}, as kubectl rollout restart does: the Deployment replaces its pods, and the new operator process builds every scaler afresh, reading each target's current environment. It cannot be undone — rolling back does not bring the old process back, and needs nothing.`,
      operations: [{ ...op, after: applyOperation(operator, op) ?? operator }],
      inverse: [],
      postConditions: [
        field(['status', 'observedGeneration'], generation + 1, `Deployment ${opName} observed generation ${generation + 1}`),
        field(['status', 'updatedReplicas'], replicas, `${replicas} keda-operator pod${replicas === 1 ? '' : 's'} started from the new template`),
        field(['status', 'readyReplicas'], replicas, `the new keda-operator pod${replicas === 1 ? ' is' : 's are'} Ready`),
        field(['status', 'replicas'], replicas, 'no keda-operator pod from before the restart is left'),
        ...(subjects.length ? [{ kind: 'no-findings' as const, subjects, rules: ['scaledobject-stale-env'], description: `No scaledobject-stale-env finding on ${so ? `ScaledObject ${so.metadata.namespace}/${so.metadata.name}` : 'any ScaledObject'}: the scalers use the current environment` }] : []),
      ],
      timeoutSeconds: 300,
    }],
  };
  return plan;
};
