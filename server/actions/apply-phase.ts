import 'server-only';
/**
 * Steps 4, 6 and 7 of the guard pipeline for one plan step: dry-run again, back up, apply with
 * preconditions. Idempotent: an operation recorded as applied, or whose effect is already in the
 * cluster (a resumed step), is not written again. A conflict — a 409 from the server, or an object
 * that changed since the plan was computed — is returned, never overwritten: the caller re-plans.
 */
import { ObjectRef, type KubeObject } from '@/lib/k8s/object';
import { describeOperation, operationRef } from '@/lib/plans/preview';
import { appendLog, type AppliedOperation, type BackupRecord, type ObjectBasis } from '@/lib/plans/record';
import type { Operation } from '@/lib/plans/types';
import { assertAlive, type ActionContext } from './context';
import { KubeError } from './kube';
import { effectPresent, execute, preconditionBroken, prepare } from './operations';
import { dryRun } from './preview';
import type { RecordHandle } from './record-store';

export type ApplyOutcome =
  | { kind: 'applied' }
  /** `op`: the operation the server refused with 409 (a candidate for `rebase`). */
  | { kind: 'conflict'; reason: string; op?: number }
  | { kind: 'blocked'; messages: string[] };

/** Objects a step changes (and so backs up): targets of its writes, and what its inverses restore. */
export function changedBy(handle: RecordHandle, k: number): ObjectRef[] {
  const step = handle.record.plan.steps[k]!;
  const refs = [
    ...step.operations.filter((op) => op.kind !== 'create').map(operationRef),
    ...step.inverse.filter((i) => i.kind === 'restore-backup').map((i) => i.target),
  ];
  return [...new Map(refs.map((r) => [ObjectRef.key(r), r])).values()];
}

/**
 * Whether a touched object's spec moved since the plan was computed (uid or generation). A create
 * has no server-side precondition, yet its content was derived from these objects.
 */
async function basisConflict(ctx: ActionContext, handle: RecordHandle): Promise<string | undefined> {
  for (const b of handle.record.basis) {
    const now = await ctx.client.get(b.ref);
    const name = `${b.ref.kind} ${b.ref.namespace ?? ''}/${b.ref.name}`;
    if (!b.uid && now) return `${name} was created after the plan was made`;
    if (b.uid && !now) return `${name} was deleted after the plan was made`;
    if (b.uid && now && now.metadata.uid !== b.uid) return `${name} was deleted and re-created after the plan was made`;
    if (now && b.generation !== undefined && now.metadata.generation !== b.generation) {
      return `${name} changed after the plan was made (generation ${b.generation} → ${now.metadata.generation})`;
    }
  }
  return undefined;
}

export async function applyStep(ctx: ActionContext, handle: RecordHandle, k: number): Promise<ApplyOutcome> {
  const rec = handle.record;
  const id = rec.id;
  const ops = rec.plan.steps[k]!.operations;
  const currents = await Promise.all(ops.map((op) => ctx.client.get(operationRef(op))));
  const done = ops.map((op, i) => rec.steps[k]!.applied.some((a) => a.op === i) || effectPresent(op, currents[i], id));
  // A step that writes nothing cannot overwrite anything: only writing steps check their basis.
  if (ops.length && done.every((d) => !d)) {
    const moved = await basisConflict(ctx, handle);
    if (moved) return { kind: 'conflict', reason: moved };
  }
  // Effects found without a record of them: a crash came between the write and the record.
  const found: AppliedOperation[] = ops.flatMap((op, i) => done[i] && !rec.steps[k]!.applied.some((a) => a.op === i)
    ? [{ op: i, ref: operationRef(op), ...(currents[i]?.metadata.uid ? { uid: currents[i]!.metadata.uid } : {}), at: ctx.now().toISOString(), skipped: true }]
    : []);
  if (found.length) {
    await handle.update((r) => {
      r.steps[k]!.applied.push(...found);
      appendLog(r, ctx.now().toISOString(), 'info', `Step ${k + 1}: ${found.map((f) => describeOperation(ops[f.op]!).summary).join(', ')} already in effect; not written again.`);
    });
  }
  const todo = ops.map((op, i) => ({ op, i, current: currents[i] })).filter((x) => !done[x.i]);
  for (const t of todo) {
    const broken = preconditionBroken(t.op, t.current);
    if (broken) return { kind: 'conflict', reason: broken };
  }
  const prepared = todo.map((t) => ({ ...t, sent: prepare(t.op, id, t.current) }));
  const refusals: string[] = [];
  for (const p of prepared) {
    const verdict = await dryRun(ctx.client, p.sent);
    if (verdict.conflict) return { kind: 'conflict', reason: `${describeOperation(p.op).summary}: ${verdict.messages.join('; ')}`, op: p.i };
    if (!verdict.ok) refusals.push(...verdict.messages);
  }
  if (refusals.length) return { kind: 'blocked', messages: refusals };
  await backup(ctx, handle, k);
  for (const p of prepared) {
    assertAlive(ctx);
    try {
      const r = await execute(ctx.client, p.sent, false);
      await handle.update((rr) => {
        rr.steps[k]!.applied.push({ op: p.i, ref: operationRef(p.op), ...(r.object?.metadata?.uid ? { uid: r.object.metadata.uid } : {}), at: ctx.now().toISOString() });
        appendLog(rr, ctx.now().toISOString(), 'info', `Step ${k + 1}: ${describeOperation(p.op).summary} applied${r.warnings.length ? ` (warnings: ${r.warnings.join('; ')})` : ''}.`);
      });
    } catch (e) {
      const err = e instanceof KubeError ? e : new KubeError(String(e), 0);
      if (err.status === 409) return { kind: 'conflict', reason: `${describeOperation(p.op).summary}: ${err.message}`, op: p.i };
      throw new KubeError(`${describeOperation(p.op).summary} failed: ${err.message}`, err.status, err.reason);
    }
  }
  return { kind: 'applied' };
}

/** Full manifests, read fresh, of what the step changes and was not backed up yet — written before the first write. */
async function backup(ctx: ActionContext, handle: RecordHandle, k: number): Promise<void> {
  const have = new Set(handle.record.backups.map((b) => ObjectRef.key(b.ref)));
  const missing = changedBy(handle, k).filter((r) => !have.has(ObjectRef.key(r)));
  if (!missing.length) return;
  const taken: BackupRecord[] = [];
  for (const ref of missing) {
    const obj = await ctx.client.get(ref);
    if (obj) taken.push({ ref, step: k, takenAt: ctx.now().toISOString(), manifest: withoutManagedFields(obj) });
  }
  if (!taken.length) return;
  await handle.update((r) => {
    r.backups.push(...taken);
    appendLog(r, ctx.now().toISOString(), 'info', `Step ${k + 1}: backed up ${taken.map((t) => `${t.ref.kind} ${t.ref.namespace ?? ''}/${t.ref.name} (resourceVersion ${t.manifest.metadata.resourceVersion ?? '?'})`).join(', ')}.`);
  });
}

function withoutManagedFields(o: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** The objects a step wrote, for its Events (created ones with their uid). */
export function writtenBy(handle: RecordHandle, k: number): { ref: ObjectRef; uid?: string }[] {
  const applied = handle.record.steps[k]!.applied;
  const ops: Operation[] = handle.record.plan.steps[k]!.operations;
  return ops.map((op, i) => ({ ref: operationRef(op), uid: applied.find((a) => a.op === i)?.uid }));
}

/** Each object's uid and generation as the API has them now. */
export async function freshBasis(ctx: ActionContext, refs: ObjectRef[]): Promise<ObjectBasis[]> {
  const distinct = [...new Map(refs.map((r) => [ObjectRef.key(r), r])).values()];
  return Promise.all(distinct.map(async (ref) => {
    const o = await ctx.client.get(ref);
    return { ref, ...(o?.metadata.uid ? { uid: o.metadata.uid } : {}), ...(typeof o?.metadata.generation === 'number' ? { generation: o.metadata.generation } : {}) };
  }));
}
