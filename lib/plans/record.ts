/**
 * A migration's record as it lives in the cluster (design §2): a ConfigMap
 * `scaleguard-migration-<id>` in the target's namespace holding the plan, the step states and log,
 * and the backups. A restart, or a second dashboard replica, continues from it. Pure encode and
 * decode; the server reads and writes the ConfigMap.
 */
import { z } from 'zod';
import type { ActionId } from '../actions';
import { ACTION_IDS } from '../actions';
import type { DryRunDto, MigrationLogEntry, MigrationStatus, ObjectDiffDto, StepState } from '../dto/migrations';
import type { JsonValue, KubeObject, ObjectMeta, ObjectRef } from '../k8s/object';
import type { Operation, Plan, PlanOptions, PlanTarget } from './types';

/** Label on the record (value: the migration id), and annotation on every object a migration wrote. */
export const MIGRATION_LABEL = 'scaleguard.dev/migration';
export const MIGRATION_ANNOTATION = 'scaleguard.dev/migration';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'scaleguard';
/** Annotation on the record: which dashboard process runs its step, until when (JSON of `Lease`). */
export const LEASE_ANNOTATION = 'scaleguard.dev/lease';
const NAME_PREFIX = 'scaleguard-migration-';
/** The log keeps the newest entries only: a ConfigMap holds at most 1 MiB. */
const LOG_LIMIT = 200;

export function recordName(id: string): string {
  return `${NAME_PREFIX}${id}`;
}

/** An operation of a step that was applied, and what it created (for an exact undo). */
export interface AppliedOperation {
  op: number;
  ref: ObjectRef;
  /** uid of the object after the write (a created object is deleted only with this uid). */
  uid?: string;
  at: string;
  /** Applied by an earlier attempt or found already in effect, not written again. */
  skipped?: boolean;
}

export interface StepRecord {
  id: string;
  state: StepState;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  checks: { description: string; met: boolean }[];
  applied: AppliedOperation[];
  /** The preview and dry-run shown for this step (refreshed when the step is re-planned). */
  diff: ObjectDiffDto[];
  dryRun: DryRunDto;
  /** Re-plans after conflicts during the last run. */
  replans: number;
}

/** A full manifest taken before a step's first write (managedFields dropped). */
export interface BackupRecord {
  ref: ObjectRef;
  step: number;
  takenAt: string;
  manifest: KubeObject;
}

/**
 * What a step's operations were computed from: each touched object's uid and generation when the
 * plan was made (or the last step finished). A create has no server-side precondition, so the
 * pipeline checks these before writing: a changed spec means the plan is out of date.
 */
export interface ObjectBasis {
  ref: ObjectRef;
  /** Absent when the object did not exist. */
  uid?: string;
  generation?: number;
}

export interface RollbackRecord {
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  message?: string;
}

export interface MigrationRecord {
  schema: 1;
  id: string;
  /** The kubeconfig context that started it; only that context's credentials continue it. */
  context: string;
  type: ActionId;
  target: PlanTarget;
  summary: string;
  status: MigrationStatus;
  /** The next step to run (0-based). */
  step: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  options: PlanOptions;
  plan: Plan;
  steps: StepRecord[];
  basis: ObjectBasis[];
  backups: BackupRecord[];
  log: MigrationLogEntry[];
  rollback?: RollbackRecord;
}

export interface Lease {
  holder: string;
  expiresAt: string;
}

/** The ConfigMap shape the server writes (name, namespace, labels, annotations, data). */
export interface RecordConfigMap {
  metadata: ObjectMeta & { name: string; namespace: string };
  data: Record<string, string>;
}

const KEYS = { record: 'migration.json', plan: 'plan.json', backups: 'backups.json' } as const;

/** The ConfigMap of a record; `lease` goes into the annotations, `resourceVersion` makes it a precondition. */
export function encodeRecord(rec: MigrationRecord, opts: { lease?: Lease; resourceVersion?: string } = {}): RecordConfigMap {
  const { plan, backups, ...rest } = rec;
  const annotations: Record<string, string> = {};
  if (opts.lease) annotations[LEASE_ANNOTATION] = JSON.stringify(opts.lease);
  return {
    metadata: {
      name: recordName(rec.id),
      namespace: rec.target.namespace,
      labels: { [MIGRATION_LABEL]: rec.id, [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations,
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
    },
    data: {
      [KEYS.record]: JSON.stringify({ ...rest, log: rest.log.slice(-LOG_LIMIT) }),
      [KEYS.plan]: JSON.stringify(plan),
      [KEYS.backups]: JSON.stringify(backups),
    },
  };
}

const Ref = z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string().optional(), name: z.string() });
const Step = z.object({
  id: z.string(),
  state: z.enum(['pending', 'running', 'waiting', 'done', 'failed', 'blocked', 'rolled-back']),
  message: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  checks: z.array(z.object({ description: z.string(), met: z.boolean() })),
  applied: z.array(z.object({ op: z.number().int(), ref: Ref, uid: z.string().optional(), at: z.string(), skipped: z.boolean().optional() })),
  diff: z.array(z.object({ ref: Ref, change: z.enum(['create', 'update', 'delete']), before: z.string().nullable(), after: z.string().nullable(), unified: z.string() })),
  dryRun: z.object({ ok: z.boolean(), messages: z.array(z.string()), deferred: z.boolean().optional() }),
  replans: z.number().int(),
});
const RecordSchema = z.object({
  schema: z.literal(1),
  id: z.string().regex(/^[a-z0-9]{4,40}$/),
  context: z.string(),
  type: z.enum(ACTION_IDS),
  target: z.object({ namespace: z.string(), kind: z.string(), name: z.string() }),
  summary: z.string(),
  status: z.enum(['not-started', 'ready', 'in-progress', 'blocked', 'done', 'rolled-back', 'failed']),
  step: z.number().int().min(0),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  options: z.record(z.string(), z.unknown()),
  steps: z.array(Step),
  basis: z.array(z.object({ ref: Ref, uid: z.string().optional(), generation: z.number().optional() })),
  log: z.array(z.object({ at: z.string(), level: z.enum(['info', 'warning', 'error']), message: z.string() })),
  rollback: z.object({ state: z.enum(['running', 'done', 'failed']), startedAt: z.string(), finishedAt: z.string().optional(), message: z.string().optional() }).optional(),
});
const PlanShape = z.object({
  type: z.enum(ACTION_IDS),
  summary: z.string(),
  steps: z.array(z.object({ id: z.string(), operations: z.array(z.unknown()), inverse: z.array(z.unknown()), postConditions: z.array(z.unknown()) }).passthrough()),
}).passthrough();
const BackupsShape = z.array(z.object({ ref: Ref, step: z.number().int(), takenAt: z.string(), manifest: z.object({ metadata: z.object({}).passthrough() }).passthrough() }));

export type DecodedRecord = { ok: true; record: MigrationRecord; lease?: Lease; resourceVersion?: string } | { ok: false; error: string };

/**
 * Reads a record ConfigMap. Anyone allowed to edit ConfigMaps can edit it, so it is validated
 * like any untrusted input; a malformed record is reported, never half-read.
 */
export function decodeRecord(cm: { metadata?: ObjectMeta; data?: unknown }): DecodedRecord {
  const name = cm.metadata?.name ?? '(unnamed)';
  const data = (cm.data ?? {}) as Record<string, unknown>;
  try {
    const rest = RecordSchema.safeParse(JSON.parse(String(data[KEYS.record] ?? 'null')));
    if (!rest.success) return { ok: false, error: `ConfigMap ${name}: ${rest.error.issues[0]?.path.join('.')}: ${rest.error.issues[0]?.message}` };
    const plan = PlanShape.safeParse(JSON.parse(String(data[KEYS.plan] ?? 'null')));
    if (!plan.success) return { ok: false, error: `ConfigMap ${name}: the stored plan is malformed` };
    const backups = BackupsShape.safeParse(JSON.parse(String(data[KEYS.backups] ?? '[]')));
    if (!backups.success) return { ok: false, error: `ConfigMap ${name}: the stored backups are malformed` };
    if (plan.data.steps.length !== rest.data.steps.length) return { ok: false, error: `ConfigMap ${name}: the plan has ${plan.data.steps.length} steps, the record ${rest.data.steps.length}` };
    const record = { ...rest.data, plan: plan.data, backups: backups.data } as unknown as MigrationRecord;
    return { ok: true, record, lease: leaseOf(cm.metadata), resourceVersion: cm.metadata?.resourceVersion };
  } catch (e) {
    return { ok: false, error: `ConfigMap ${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The lease written on a record, if any and well-formed. */
export function leaseOf(metadata: ObjectMeta | undefined): Lease | undefined {
  const raw = metadata?.annotations?.[LEASE_ANNOTATION];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Lease>;
    return typeof v.holder === 'string' && typeof v.expiresAt === 'string' ? { holder: v.holder, expiresAt: v.expiresAt } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a lease stops `holder` from running the record's step at `now`. */
export function leaseBlocks(lease: Lease | undefined, holder: string, now: Date): boolean {
  return !!lease && lease.holder !== holder && Date.parse(lease.expiresAt) > now.getTime();
}

/** A migration that still owns its target: not finished and not rolled back. */
export function isActive(rec: Pick<MigrationRecord, 'status'>): boolean {
  return rec.status !== 'done' && rec.status !== 'rolled-back';
}

/** Whether a step or a rollback of the record is recorded as running (a crash leaves it so). */
export function runningWork(rec: MigrationRecord): { kind: 'step'; index: number } | { kind: 'rollback' } | undefined {
  if (rec.rollback?.state === 'running') return { kind: 'rollback' };
  const index = rec.steps.findIndex((s) => s.state === 'running' || s.state === 'waiting');
  return index >= 0 ? { kind: 'step', index } : undefined;
}

/** Appends a log entry (newest last). */
export function appendLog(rec: MigrationRecord, at: string, level: MigrationLogEntry['level'], message: string): void {
  rec.log.push({ at, level, message });
  if (rec.log.length > LOG_LIMIT) rec.log.splice(0, rec.log.length - LOG_LIMIT);
}

/** `hpa-to-scaledobject` → `ScaleguardHpaToScaledobject`: the reason of the Events a migration records. */
export function eventReason(type: ActionId): string {
  return `Scaleguard${type.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

/**
 * An operation that also marks its object with `scaleguard.dev/migration: <id>`, so anyone looking
 * at the object can find the migration (and a resumed step can tell its own writes). A JSON patch
 * needs to know whether the object has annotations at all (`add` into a missing map fails).
 */
export function withMigrationAnnotation(op: Operation, id: string, objectHasAnnotations = true): Operation {
  const mark = { [MIGRATION_ANNOTATION]: id };
  switch (op.kind) {
    case 'create':
      return { ...op, object: annotate(op.object, mark) };
    case 'update':
      return { ...op, object: annotate(op.object, mark) };
    case 'delete':
      return op;
    case 'patch': {
      const after = annotate(op.after, mark);
      if (op.patchType === 'json') {
        const add = objectHasAnnotations
          ? { op: 'add', path: `/metadata/annotations/${MIGRATION_ANNOTATION.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: id }
          : { op: 'add', path: '/metadata/annotations', value: mark };
        return { ...op, after, patch: [...(Array.isArray(op.patch) ? op.patch : []), add] };
      }
      const patch = (op.patch ?? {}) as Record<string, unknown>;
      const meta = (patch.metadata ?? {}) as Record<string, unknown>;
      const annotations = { ...((meta.annotations ?? {}) as Record<string, unknown>), ...mark };
      return { ...op, after, patch: { ...patch, metadata: { ...meta, annotations } } as JsonValue };
    }
  }
}

function annotate(obj: KubeObject, mark: Record<string, string>): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, ...mark } } };
}
