/**
 * Guarded actions and migrations as data (design §5). A planner is a pure function of a snapshot
 * (plus a few facts the server looked up) that returns ordered steps; the server's guard pipeline
 * executes them: access review, dry-run, confirmation, backup, apply with preconditions, wait for
 * post-conditions, record. Nothing here performs I/O.
 */
import type { ActionId } from '../actions';
import type { JsonValue, KubeObject, ObjectRef } from '../k8s/object';
import type { Snapshot } from '../snapshot';

/** What a plan is about: the workload, canary or autoscaler the user picked. */
export interface PlanTarget {
  namespace: string;
  kind: string;
  name: string;
}

/** Facts the server looks up before planning (they are not in the snapshot). */
export interface PlanFacts {
  /** Whether KEDA's ValidatingWebhookConfiguration (`vscaledobject.kb.io`) is registered; undefined = could not tell. */
  kedaWebhookRegistered?: boolean;
  /** Kubernetes server version, e.g. `v1.33.4`. */
  serverVersion?: string;
  /** The instant of planning (ISO 8601). */
  now: string;
}

/** User choices a plan needs, e.g. a KEDA trigger for an HPA metric that has no automatic equivalent. */
export interface PlanOptions {
  /**
   * Triggers to use for HPA metrics that cannot be converted automatically, by metric index in
   * `spec.metrics` (e.g. a Prometheus query for an External metric).
   */
  triggers?: Record<string, JsonValue>;
  /** Name of the ScaledObject to create (default: the HPA's name). */
  scaledObjectName?: string;
  /** `vpa-update-mode`: the VPA update mode to set (Off, Initial, Recreate, InPlaceOrRecreate, InPlace). */
  updateMode?: string;
}

export interface PreflightCheck {
  /** Stable id, e.g. `keda-installed`, `webhook-registered`, `metrics-convertible`. */
  check: string;
  ok: boolean;
  /** What was found, with names and values. */
  detail: string;
  /** A failed blocking check stops the plan; a failed non-blocking one is a warning. */
  blocking: boolean;
  /** What to do when it fails. */
  remedy?: string;
}

/** Where an operation's object is and what it must still be when the operation runs. */
export interface Precondition {
  uid?: string;
  resourceVersion?: string;
}

export type Operation =
  | { kind: 'create'; object: KubeObject }
  | { kind: 'patch'; target: ObjectRef; patchType: 'merge' | 'json' | 'strategic'; patch: JsonValue; precondition: Precondition; after: KubeObject }
  | { kind: 'update'; target: ObjectRef; object: KubeObject; precondition: Precondition }
  | { kind: 'delete'; target: ObjectRef; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; precondition: Precondition };

/**
 * How an operation is undone: a created object is deleted (with this propagation, e.g. `Orphan`
 * for a ScaledObject whose HPA must survive); a changed or deleted object is restored from the
 * backup the pipeline took before the step — with `dropOwnerReferences`, its ownerReferences too
 * are reset to the backup's (owners added since, e.g. a ScaledObject, go; Flagger's come back).
 * `await` waits for controllers to react to the inverses before it, before the ones after it run.
 */
export type Inverse =
  | { kind: 'delete-created'; target: ObjectRef; propagationPolicy?: 'Background' | 'Orphan' }
  | { kind: 'restore-backup'; target: ObjectRef; dropOwnerReferences?: boolean }
  | { kind: 'await'; conditions: PostCondition[] };

/** A condition on the live cluster the pipeline waits for after a step, re-reading the objects. */
export type PostCondition =
  | { kind: 'exists'; target: ObjectRef; description: string }
  | { kind: 'absent'; target: ObjectRef; description: string }
  | { kind: 'owned-by'; target: ObjectRef; owner: { kind: string; name: string }; description: string }
  | { kind: 'condition'; target: ObjectRef; type: string; status: 'True' | 'False'; description: string }
  | { kind: 'field'; target: ObjectRef; path: string[]; equals: JsonValue; description: string }
  | { kind: 'annotation-absent'; target: ObjectRef; annotation: string; description: string }
  | { kind: 'no-findings'; subjects: ObjectRef[]; rules?: string[]; description: string };

export interface PlanStep {
  index: number;
  /** Stable id within the plan, e.g. `create-scaledobject`. */
  id: string;
  title: string;
  /** Why this step, in plain words. */
  description: string;
  operations: Operation[];
  inverse: Inverse[];
  postConditions: PostCondition[];
  /** How long to wait for the post-conditions before the step fails. */
  timeoutSeconds: number;
  /** Destructive steps ask the user to type this name to confirm. */
  confirm?: string;
  /**
   * What to wait for after this step's inverses ran, before undoing the step before it (added for
   * steps whose undo sets controllers in motion, e.g. KEDA renaming an HPA back). Absent: nothing.
   */
  undoPostConditions?: PostCondition[];
}

export interface Plan {
  type: ActionId;
  target: PlanTarget;
  /** One line: what the plan does. */
  summary: string;
  preflight: PreflightCheck[];
  steps: PlanStep[];
  /** Every object the plan reads or writes, for the access review and the backup. */
  touches: ObjectRef[];
}

/** A planner: pure, deterministic for a given snapshot, facts and options. */
export type Planner = (s: Snapshot, target: PlanTarget, facts: PlanFacts, options: PlanOptions) => Plan;

/** Whether any blocking preflight check failed. */
export function blocked(plan: Pick<Plan, 'preflight'>): boolean {
  return plan.preflight.some((c) => c.blocking && !c.ok);
}
