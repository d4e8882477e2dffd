import 'server-only';
/**
 * After a conflict: re-read, wait for the cache to hold what was read, run the planner again on
 * that state, and replace the remaining steps of the record with the new plan's — from the step
 * with the same id on. The new steps get a fresh preview, so the page shows what will be written now.
 */
import { isRecord, type JsonValue, type KubeObject, type ObjectRef } from '@/lib/k8s/object';
import { planFor } from '@/lib/plans/index';
import { appendLog, type StepRecord } from '@/lib/plans/record';
import { blocked, type PlanStep } from '@/lib/plans/types';
import type { ActionContext } from './context';
import { gatherFacts } from './facts';
import { basisOf } from './plans';
import { Reads, previewStep } from './preview';
import type { RecordHandle } from './record-store';
import { distinctRefs, snapshotAtLeast } from './snapshot-sync';
import { operationRef } from './operations';

export type ReplanResult = { ok: true } | { ok: false; reason: string };

export async function replan(ctx: ActionContext, handle: RecordHandle, k: number, conflict: string, attempt: number): Promise<ReplanResult> {
  const rec = handle.record;
  const planner = planFor(rec.type);
  if (!planner) return { ok: false, reason: `${conflict}. The action ${rec.type} has no planner any more, so it cannot be re-planned.` };
  const refs: ObjectRef[] = distinctRefs([...rec.plan.touches, ...rec.plan.steps.flatMap((s) => s.operations.map(operationRef))]);
  const reads: { ref: ObjectRef; object: KubeObject | undefined }[] = await Promise.all(refs.map(async (ref) => ({ ref, object: await ctx.client.get(ref) })));
  const { snapshot, fresh } = await snapshotAtLeast(ctx.cache, reads);
  if (!fresh) return { ok: false, reason: `${conflict}. The dashboard's view of the cluster did not catch up with the objects it re-read, so it cannot re-plan safely.` };
  const facts = await gatherFacts(ctx.client, snapshot, ctx.now());
  const next = planner(snapshot, rec.target, facts, rec.options);
  const stepId = rec.plan.steps[k]!.id;
  if (blocked(next)) {
    const failing = next.preflight.filter((c) => c.blocking && !c.ok).map((c) => c.detail);
    return { ok: false, reason: `${conflict}. Re-planned from the current state, and the new plan is blocked: ${failing.join(' ')}` };
  }
  const from = next.steps.findIndex((s) => s.id === stepId);
  if (from < 0) return { ok: false, reason: `${conflict}. Re-planned from the current state, and it no longer has the step "${rec.plan.steps[k]!.title}".` };
  const steps: PlanStep[] = [...rec.plan.steps.slice(0, k), ...next.steps.slice(from)].map((s, i) => ({ ...s, index: i }));
  const readsCache = new Reads(ctx.client);
  const previews = await Promise.all(steps.map((_, i) => (i < k ? undefined : previewStep(ctx.client, readsCache, steps, i, rec.id))));
  const basis = basisOf(snapshot, next.touches);
  const at = ctx.now().toISOString();
  await handle.update((r) => {
    const kept = r.steps.slice(0, k);
    const current = r.steps[k]!;
    const rest: StepRecord[] = steps.slice(k).map((s, j) => {
      const p = previews[k + j]!;
      const base = j === 0 ? { ...current, id: s.id, replans: current.replans + 1 } : { id: s.id, state: 'pending' as const, checks: [], applied: [], replans: 0 };
      return { ...base, diff: p.diff, dryRun: p.dryRun };
    });
    r.plan = { ...next, steps };
    r.steps = [...kept, ...rest];
    r.basis = basis;
    r.summary = next.summary;
    appendLog(r, at, 'warning', `Step ${k + 1}: conflict — ${conflict}. Re-read the objects and re-planned steps ${k + 1}–${steps.length} from the current state (re-plan ${attempt} of ${ctx.settings.maxReplans}); nothing was overwritten.`);
  });
  return { ok: true };
}

/**
 * The other answer to a 409: when the object's spec is still the one the operation was computed
 * from (same uid and generation as the planner saw) and the operation touches nothing but the spec,
 * only its status or metadata moved on — the same patch is sent again with the current
 * resourceVersion. Anything else is refused: that would be overwriting blindly.
 */
export async function rebase(ctx: ActionContext, handle: RecordHandle, k: number, opIndex: number, conflict: string): Promise<ReplanResult> {
  const op = handle.record.plan.steps[k]!.operations[opIndex];
  if (!op || op.kind !== 'patch') return { ok: false, reason: 'Only a patch can be re-sent after a conflict.' };
  const current = await ctx.client.get(op.target);
  const planned = op.after.metadata;
  if (!current) return { ok: false, reason: `${op.target.kind} ${op.target.name} is gone.` };
  if (planned.uid && current.metadata.uid !== planned.uid) return { ok: false, reason: `${op.target.kind} ${op.target.name} was re-created.` };
  if (typeof planned.generation !== 'number' || current.metadata.generation !== planned.generation) {
    return { ok: false, reason: `The spec of ${op.target.kind} ${op.target.name} changed since the plan was made (generation ${planned.generation ?? '?'} → ${current.metadata.generation ?? '?'}).` };
  }
  const rv = current.metadata.resourceVersion;
  let patch: JsonValue;
  if (op.patchType === 'json') {
    if (!Array.isArray(op.patch)) return { ok: false, reason: 'The JSON patch is malformed.' };
    patch = op.patch.map((o) => (isRecord(o) && o.op === 'test' && o.path === '/metadata/resourceVersion' ? { ...o, value: rv ?? null } : o));
  } else {
    const body = isRecord(op.patch) ? op.patch : {};
    const meta = isRecord(body.metadata) ? body.metadata : {};
    if (Object.keys(meta).some((key) => key !== 'resourceVersion' && key !== 'uid')) return { ok: false, reason: 'The patch changes metadata, whose planned values cannot be re-checked.' };
    patch = { ...body, ...(meta.resourceVersion !== undefined ? { metadata: { ...meta, resourceVersion: rv ?? null } } : {}) } as JsonValue;
  }
  const next = { ...op, patch, precondition: { ...op.precondition, ...(rv ? { resourceVersion: rv } : {}) } };
  const at = ctx.now().toISOString();
  await handle.update((r) => {
    r.plan.steps[k]!.operations[opIndex] = next;
    appendLog(r, at, 'warning', `Step ${k + 1}: conflict — ${conflict}. ${op.target.kind} ${op.target.name} changed only in its status or metadata since the plan (uid and generation ${planned.generation} unchanged), so the same patch is sent again with resourceVersion ${rv ?? '?'}.`);
  });
  return { ok: true };
}
