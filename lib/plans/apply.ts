/**
 * Applies a plan's operations to a set of objects, purely: create, patch (merge, json,
 * strategic-lite), update and delete, each checked against its precondition. This is what *our*
 * writes do; what controllers do in reaction (KEDA adopting an HPA, Flagger creating a primary) is
 * not simulated here — the simulator tests cover that. Golden tests: `before.yaml` + plan →
 * `after.yaml`; the pipeline can use it for the preview of a step.
 */
import { ObjectRef, type JsonValue, type KubeObject } from '../k8s/object';
import { applyPatch, PatchError } from './patch';
import type { Operation, Plan, Precondition } from './types';

export class ApplyError extends Error {}

function refKey(ref: ObjectRef): string {
  return ObjectRef.key(ref);
}

function check(obj: KubeObject, pre: Precondition, what: string): void {
  if (pre.uid !== undefined && obj.metadata.uid !== pre.uid) throw new ApplyError(`${what}: precondition failed: uid is ${obj.metadata.uid ?? 'unset'}, expected ${pre.uid}`);
  if (pre.resourceVersion !== undefined && obj.metadata.resourceVersion !== pre.resourceVersion) throw new ApplyError(`${what}: precondition failed: resourceVersion is ${obj.metadata.resourceVersion ?? 'unset'}, expected ${pre.resourceVersion}`);
}

/** The result of one operation on an object: the object after it, or undefined for a delete. */
export function applyOperation(current: KubeObject | undefined, op: Operation): KubeObject | undefined {
  const what = op.kind === 'create' ? `create ${op.object.kind} ${op.object.metadata.name ?? ''}` : `${op.kind} ${op.target.kind} ${op.target.name}`;
  if (op.kind === 'create') {
    if (current) throw new ApplyError(`${what}: already exists`);
    return structuredClone(op.object);
  }
  if (!current) throw new ApplyError(`${what}: not found`);
  check(current, op.precondition, what);
  if (op.kind === 'delete') return undefined;
  if (op.kind === 'update') return structuredClone(op.object);
  try {
    const out = applyPatch(structuredClone(current) as unknown as JsonValue, op.patchType, op.patch) as unknown as KubeObject;
    // Identity is the server's: a patch cannot rename or move an object.
    return { ...out, apiVersion: current.apiVersion, kind: current.kind, metadata: { ...out.metadata, name: current.metadata.name, namespace: current.metadata.namespace } };
  } catch (e) {
    if (e instanceof PatchError) throw new ApplyError(`${what}: ${e.message}`);
    throw e;
  }
}

/** Applies operations in order to a copy of `objects`; throws ApplyError on a failed precondition or patch. */
export function applyOperations(objects: readonly KubeObject[], ops: readonly Operation[]): KubeObject[] {
  const byKey = new Map<string, KubeObject>(objects.map((o) => [refKey(ObjectRef.of(o)), o]));
  for (const op of ops) {
    const key = refKey(op.kind === 'create' ? ObjectRef.of(op.object) : op.target);
    const next = applyOperation(byKey.get(key), op);
    if (next) byKey.set(key, next);
    else byKey.delete(key);
  }
  return [...byKey.values()];
}

/** Every operation of every step, in order. */
export function applyPlan(objects: readonly KubeObject[], plan: Pick<Plan, 'steps'>): KubeObject[] {
  return applyOperations(objects, plan.steps.flatMap((s) => s.operations));
}
