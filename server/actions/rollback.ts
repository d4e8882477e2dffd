import 'server-only';
/**
 * Rollback: the inverses of every applied step, last step first — created objects deleted (only
 * the very object this migration created, by uid, with the inverse's propagation: `Orphan` keeps a
 * ScaledObject's HPA), changed objects restored from the backup (spec, labels and annotations of
 * the backup; ownerReferences reset to the backup's where the inverse says so) with a precondition
 * on their current resourceVersion — then waits until each restored object is as backed up.
 */
import { ObjectRef, type KubeObject } from '@/lib/k8s/object';
import { sameJson } from '@/lib/plans/preview';
import { appendLog, MIGRATION_ANNOTATION, type BackupRecord } from '@/lib/plans/record';
import type { Inverse } from '@/lib/plans/types';
import { StoppedError, type ActionContext } from './context';
import { KubeError } from './kube';
import { recordOutcome, type EventSubject } from './recorder';
import { LeaseLost, type RecordHandle } from './record-store';
import { waitUntil } from './wait';

const APPLIED_STATES = new Set(['done', 'failed', 'running', 'waiting', 'blocked']);

/** The object restored from its backup, on top of the current one (identity, finalizers, status kept). */
export function restored(current: KubeObject, backup: KubeObject, resetOwners: boolean): KubeObject {
  const { metadata: _bm, status: _bs, ...content } = backup;
  const { managedFields: _mf, ...meta } = current.metadata;
  const owners = resetOwners ? backup.metadata.ownerReferences : current.metadata.ownerReferences;
  return {
    ...content,
    apiVersion: backup.apiVersion,
    kind: backup.kind,
    metadata: {
      ...meta,
      labels: backup.metadata.labels ?? {},
      annotations: backup.metadata.annotations ?? {},
      ownerReferences: owners ?? [],
    },
  };
}

/** Whether the live object is as backed up (what `restored` writes). */
export function matchesBackup(current: KubeObject, backup: KubeObject, resetOwners: boolean): boolean {
  const strip = (o: KubeObject) => { const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o; return rest; };
  return sameJson(strip(current), strip(backup))
    && sameJson(current.metadata.labels ?? {}, backup.metadata.labels ?? {})
    && sameJson(current.metadata.annotations ?? {}, backup.metadata.annotations ?? {})
    && (!resetOwners || sameJson(current.metadata.ownerReferences ?? [], backup.metadata.ownerReferences ?? []));
}

/** A backup as a create body (the object was deleted since): no identity of the old object. */
function recreated(backup: KubeObject, resetOwners: boolean): KubeObject {
  const { status: _s, ...rest } = backup;
  const { uid: _u, resourceVersion: _rv, creationTimestamp: _c, generation: _g, deletionTimestamp: _d, managedFields: _m, ownerReferences, ...meta } = backup.metadata;
  return { ...rest, metadata: { ...meta, ...(resetOwners || !ownerReferences ? {} : { ownerReferences }) } };
}

async function until(ctx: ActionContext, what: string, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ctx.settings.rollbackTimeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new KubeError(`timed out after ${Math.round(ctx.settings.rollbackTimeoutMs / 1000)} s waiting until ${what}`, 0);
    await new Promise((r) => setTimeout(r, Math.min(ctx.settings.pollMs, 500)));
  }
}

async function undo(ctx: ActionContext, handle: RecordHandle, k: number, inv: Inverse): Promise<{ subject?: EventSubject; note: string }> {
  const rec = handle.record;
  if (inv.kind === 'await') {
    const settled = await waitUntil(ctx, inv.conditions, rec.plan.touches, ctx.settings.rollbackTimeoutMs);
    if (!settled.met) throw new KubeError(`step ${k + 1}: ${settled.detail}`, 0);
    return { note: inv.conditions.map((c) => c.description).join('; ') };
  }
  const name = `${inv.target.kind} ${inv.target.namespace ?? ''}/${inv.target.name}`;
  if (inv.kind === 'delete-created') {
    const created = rec.steps[k]!.applied.find((a) => ObjectRef.key(a.ref) === ObjectRef.key(inv.target));
    const current = await ctx.client.get(inv.target);
    // A process that died between its create and the record of it left the object unrecorded: it is
    // still this migration's when it carries the migration's annotation.
    const ours = current?.metadata.annotations?.[MIGRATION_ANNOTATION] === rec.id;
    if (!created && !ours) return { note: `${name} was not created by this migration; left alone` };
    if (!current || (created?.uid && current.metadata.uid !== created.uid)) return { note: `${name} is already gone` };
    await ctx.client.delete(inv.target, { propagationPolicy: inv.propagationPolicy, precondition: { uid: current.metadata.uid } });
    await until(ctx, `${name} is gone`, async () => {
      const o = await ctx.client.get(inv.target);
      return !o || o.metadata.uid !== current.metadata.uid;
    });
    return { subject: { ref: inv.target, uid: current.metadata.uid }, note: `deleted ${name}${inv.propagationPolicy ? ` (propagation ${inv.propagationPolicy})` : ''}` };
  }
  const backup: BackupRecord | undefined = rec.backups.find((b) => ObjectRef.key(b.ref) === ObjectRef.key(inv.target));
  if (!backup) return { note: `${name} has no backup (the step never changed it); left alone` };
  const reset = inv.dropOwnerReferences === true;
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.client.get(inv.target);
    try {
      if (!current) await ctx.client.create(recreated(backup.manifest, reset));
      else if (!matchesBackup(current, backup.manifest, reset)) await ctx.client.replace(restored(current, backup.manifest, reset));
      break;
    } catch (e) {
      // Someone wrote in between: read again and restore on top of that, never over it blindly.
      if (!(e instanceof KubeError) || e.status !== 409 || attempt >= 4) throw e;
    }
  }
  let uid: string | undefined;
  await until(ctx, `${name} is as backed up`, async () => {
    const o = await ctx.client.get(inv.target);
    uid = o?.metadata.uid;
    return !!o && matchesBackup(o, backup.manifest, reset);
  });
  return { subject: { ref: inv.target, uid }, note: `restored ${name} from the backup of step ${backup.step + 1}${reset ? ' (ownerReferences as backed up)' : ''}` };
}

/** Runs the rollback; the handle must hold the lease. Never throws. */
export async function runRollback(ctx: ActionContext, handle: RecordHandle): Promise<void> {
  const rec = () => handle.record;
  try {
    // Every step that started: one recorded as running may have written before its process died
    // (unrecorded), or be the step an interrupted rollback was undoing. Undoing is idempotent.
    const order = rec().steps.map((s, i) => ({ s, i })).filter((x) => APPLIED_STATES.has(x.s.state) && (x.s.state === 'done' || x.s.state === 'running' || x.s.state === 'waiting' || x.s.applied.length > 0)).reverse();
    for (const { i } of order) {
      // Shown as running while its inverses run, so a page watching the step sees the progress.
      await handle.update((r) => {
        r.steps[i]!.state = 'running';
        r.steps[i]!.message = 'Rolling back: running the inverse operations.';
      });
      const subjects: EventSubject[] = [];
      const notes: string[] = [];
      for (const inv of rec().plan.steps[i]!.inverse) {
        const r = await undo(ctx, handle, i, inv);
        if (r.subject) subjects.push(r.subject);
        notes.push(r.note);
      }
      await ctx.faults?.afterUndo?.(rec().id, i);
      // Some undos set controllers in motion (KEDA renaming an HPA back): wait for them before the step before.
      const after = rec().plan.steps[i]!.undoPostConditions ?? [];
      if (after.length) {
        const settled = await waitUntil(ctx, after, rec().plan.touches, ctx.settings.rollbackTimeoutMs);
        if (!settled.met) throw new KubeError(`step ${i + 1}: ${settled.detail}`, 0);
        notes.push(after.map((pc) => pc.description).join('; '));
      }
      const message = `Migration ${rec().id}: step ${i + 1} "${rec().plan.steps[i]!.title}" rolled back${notes.length ? `: ${notes.join('; ')}` : ''}.`;
      const problems = await recordOutcome(ctx, rec(), { step: i, outcome: 'rolled-back', type: 'Normal', message, subjects });
      const at = ctx.now().toISOString();
      await handle.update((r) => {
        r.steps[i]!.state = 'rolled-back';
        r.steps[i]!.message = notes.join('; ') || 'Nothing to undo.';
        appendLog(r, at, 'info', message);
        for (const p of problems) appendLog(r, at, 'warning', p);
      });
    }
    const at = ctx.now().toISOString();
    const done = `Migration ${rec().id} rolled back (by ${ctx.client.userName()}).`;
    ctx.log.append({ at, context: ctx.cache.context, user: ctx.client.userName(), migration: rec().id, step: -1, action: rec().type, outcome: 'rolled-back', message: done });
    await handle.release((r) => {
      r.status = 'rolled-back';
      r.step = 0;
      r.rollback = { ...r.rollback!, state: 'done', finishedAt: at };
      appendLog(r, at, 'info', done);
    });
  } catch (e) {
    if (e instanceof LeaseLost || e instanceof StoppedError) return handle.abandon();
    const reason = e instanceof Error ? e.message : String(e);
    const at = ctx.now().toISOString();
    const message = `Migration ${rec().id}: rollback failed: ${reason}`;
    const target = rec().plan.touches.find((t) => t.kind === rec().target.kind && t.name === rec().target.name);
    await recordOutcome(ctx, rec(), { step: -1, outcome: 'rollback-failed', type: 'Warning', message, subjects: target ? [{ ref: target }] : [] }).catch(() => []);
    await handle.release((r) => {
      r.status = 'failed';
      r.rollback = { ...r.rollback!, state: 'failed', finishedAt: at, message: reason };
      appendLog(r, at, 'error', `${message} Roll back again to retry; what was undone stays undone.`);
    }).catch(() => handle.abandon());
  }
}
