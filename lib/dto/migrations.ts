/**
 * The write API's shapes (design §7): plans, migrations and their steps. A single action is a
 * one-step migration. These are what scripts and pipelines see, so they are a stable contract.
 */
import type { ActionId } from '../actions';
import type { JsonValue, ObjectRef } from '../k8s/object';
import type { PlanTarget, PreflightCheck } from '../plans/types';

export type MigrationStatus = 'not-started' | 'ready' | 'in-progress' | 'blocked' | 'done' | 'rolled-back' | 'failed';

export type StepState = 'pending' | 'running' | 'waiting' | 'done' | 'failed' | 'blocked' | 'rolled-back';

/** One object's manifest before and after a step, as YAML, and their unified diff. */
export interface ObjectDiffDto {
  ref: ObjectRef;
  change: 'create' | 'update' | 'delete';
  before: string | null;
  after: string | null;
  /** Unified diff of `before` → `after` (the whole object for a create or delete). */
  unified: string;
}

export interface DryRunDto {
  ok: boolean;
  /** Admission and validation answers, verbatim (e.g. KEDA's webhook message). */
  messages: string[];
  /**
   * Not ok only because an object an earlier step creates or changes is not there yet: the step
   * is dry-run again, for real, right before it runs. Does not block the plan.
   */
  deferred?: boolean;
}

/** An operation in words, e.g. `create ScaledObject shop/orders`. */
export interface OperationDto {
  kind: 'create' | 'patch' | 'update' | 'delete';
  ref: ObjectRef;
  summary: string;
}

export interface PlanStepDto {
  index: number;
  id: string;
  title: string;
  description: string;
  operations: OperationDto[];
  diff: ObjectDiffDto[];
  dryRun: DryRunDto;
  postConditions: string[];
  timeoutSeconds: number;
  /** The name to type before this step runs, for destructive steps. */
  confirm?: string;
}

/** What the caller may do with this plan (SelfSubjectAccessReviews as the caller). */
export interface AccessDto {
  allowed: boolean;
  /** Every permission the caller lacks, in words. */
  reason?: string;
}

/** `POST /api/v1/plans` → */
export interface PlanDto {
  id: string;
  type: ActionId;
  target: PlanTarget;
  summary: string;
  preflight: PreflightCheck[];
  steps: PlanStepDto[];
  access: AccessDto;
  /** A blocking preflight check failed or a dry-run was refused. */
  blocked: boolean;
  createdAt: string;
  /** Plans are kept in the server's memory for a while; start the migration before this. */
  expiresAt: string;
}

/** `POST /api/v1/plans` body. */
export interface PlanRequest {
  type: ActionId;
  target: PlanTarget;
  options?: Record<string, JsonValue>;
}

export interface MigrationStepDto extends PlanStepDto {
  state: StepState;
  /** What is happening or went wrong, e.g. the post-condition being waited for, or a refusal verbatim. */
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Post-conditions and whether each held when last checked. */
  checks: { description: string; met: boolean }[];
}

export interface MigrationLogEntry {
  at: string;
  /** `info` | `warning` | `error` */
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** `GET /api/v1/migrations/{id}`, and the answer of `POST /api/v1/migrations`, `…/advance`, `…/rollback`. */
export interface MigrationDto {
  id: string;
  type: ActionId;
  target: PlanTarget;
  summary: string;
  status: MigrationStatus;
  /** The next step to run (0-based), or `steps.length` when all are done. */
  step: number;
  steps: MigrationStepDto[];
  preflight: PreflightCheck[];
  /** The ConfigMap that holds the state and the backups: `namespace/name`. */
  record: string;
  /** Objects backed up before they were changed. */
  backups: ObjectRef[];
  log: MigrationLogEntry[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  access: AccessDto;
}

/** A row of `GET /api/v1/migrations`: a candidate, or a migration in any status. */
export interface MigrationRowDto {
  type: ActionId;
  target: PlanTarget;
  /** The workload the migration changes (for a canary, its target Deployment). */
  workload: ObjectRef;
  /** The HPA(s) it moves to KEDA. */
  hpas: string[];
  status: MigrationStatus;
  /** Why it is blocked, or what step it is at, in words. */
  detail: string;
  migrationId?: string;
  /** `k of n` for migrations in progress. */
  progress?: { step: number; of: number };
  /**
   * false when planning the migration cannot help (e.g. a Canary already on ScaledObjects, blocked by
   * what a finding names: its remedy or action is the way on). Absent: plannable by its status.
   */
  plannable?: boolean;
}

export interface MigrationsDto {
  items: MigrationRowDto[];
  generatedAt: string;
}
