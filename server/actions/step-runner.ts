import 'server-only';
/**
 * Runs one step of a migration in the background, holding the record's lease: apply (re-planning
 * after conflicts, a few times at most), wait for the post-conditions, record the outcome. Started
 * by `advance`, or by a process that finds a step recorded as running whose lease has expired
 * (the process that ran it went away): the same code path then re-checks what was applied and
 * continues — every operation is idempotent.
 */
import { appendLog } from '@/lib/plans/record';
import { applyStep, freshBasis, writtenBy } from './apply-phase';
import { assertAlive, StoppedError, type ActionContext } from './context';
import { recordOutcome, type EventSubject } from './recorder';
import { LeaseLost, type RecordHandle } from './record-store';
import { rebase, replan } from './replan';
import { waitForStep } from './wait';

/** Runs step `k`; the handle must hold the lease (taken by the caller). Never throws. */
export async function runStep(ctx: ActionContext, handle: RecordHandle, k: number, signal?: AbortSignal): Promise<void> {
  try {
    let replans = 0;
    for (;;) {
      const outcome = await applyStep(ctx, handle, k);
      if (outcome.kind === 'applied') break;
      if (outcome.kind === 'blocked') return await finishBlocked(ctx, handle, k, outcome.messages);
      if (replans >= ctx.settings.maxReplans) {
        return await finishFailed(ctx, handle, k, `Conflict — ${outcome.reason}. Gave up after ${replans} re-plans; nothing was overwritten.`);
      }
      replans++;
      const r = await replan(ctx, handle, k, outcome.reason, replans);
      if (r.ok) continue;
      // A planner cannot plan a later step from a half-migrated state; a conflict that is only a
      // moved resourceVersion (status or metadata writes, spec unchanged) is re-sent instead.
      const rb = outcome.op === undefined ? r : await rebase(ctx, handle, k, outcome.op, outcome.reason);
      if (!rb.ok) return await finishFailed(ctx, handle, k, `${r.reason}${rb === r ? '' : ` ${rb.reason}`} Nothing was overwritten.`);
    }
    await ctx.faults?.afterApply?.(handle.record.id, k);
    await handle.update((r) => {
      r.steps[k]!.state = 'waiting';
      r.steps[k]!.message = 'Applied; waiting for the post-conditions.';
    });
    const waited = await waitForStep(ctx, handle, k, signal);
    if (!waited.met) return await finishFailed(ctx, handle, k, waited.detail);
    await finishDone(ctx, handle, k);
  } catch (e) {
    // Another process took over, or this one is stopping: leave the record as it is for the next.
    if (e instanceof LeaseLost || e instanceof StoppedError) {
      handle.abandon();
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    await finishFailed(ctx, handle, k, message).catch(() => handle.abandon());
  }
}

/** Who hears about step `k`: the objects it wrote, or the plan's target when it writes nothing. */
function subjectsOf(handle: RecordHandle, k: number): EventSubject[] {
  const written = writtenBy(handle, k);
  if (written.length) return written;
  const t = handle.record.target;
  const target = handle.record.plan.touches.find((r) => r.kind === t.kind && r.name === t.name && r.namespace === t.namespace) ?? handle.record.plan.touches[0];
  return target ? [{ ref: target }] : [];
}

function stepName(handle: RecordHandle, k: number): string {
  return `step ${k + 1}/${handle.record.plan.steps.length} "${handle.record.plan.steps[k]!.title}"`;
}

async function finishDone(ctx: ActionContext, handle: RecordHandle, k: number): Promise<void> {
  assertAlive(ctx);
  const rec = handle.record;
  const last = k + 1 === rec.plan.steps.length;
  const message = `Migration ${rec.id}: ${stepName(handle, k)} done${last ? '; migration complete' : ''} (by ${ctx.client.userName()}).`;
  const problems = await recordOutcome(ctx, rec, { step: k, outcome: 'done', type: 'Normal', message, subjects: subjectsOf(handle, k) });
  // The next step's basis is the state this step left behind.
  const basis = await freshBasis(ctx, rec.plan.touches);
  const at = ctx.now().toISOString();
  await handle.release((r) => {
    const s = r.steps[k]!;
    s.state = 'done';
    s.finishedAt = at;
    s.message = 'Done: every post-condition holds.';
    r.step = k + 1;
    r.status = last ? 'done' : 'in-progress';
    r.basis = basis;
    appendLog(r, at, 'info', message);
    for (const p of problems) appendLog(r, at, 'warning', p);
  });
}

async function finishBlocked(ctx: ActionContext, handle: RecordHandle, k: number, messages: string[]): Promise<void> {
  assertAlive(ctx);
  const rec = handle.record;
  const message = `Migration ${rec.id}: ${stepName(handle, k)} blocked by the server's dry-run: ${messages.join(' | ')}`;
  const existing = (await Promise.all(writtenBy(handle, k).map(async (s) => ((await ctx.client.get(s.ref).catch(() => undefined)) ? s : undefined)))).filter((s): s is EventSubject => !!s);
  const problems = await recordOutcome(ctx, rec, { step: k, outcome: 'blocked', type: 'Warning', message, subjects: existing });
  const at = ctx.now().toISOString();
  await handle.release((r) => {
    const s = r.steps[k]!;
    s.state = 'blocked';
    s.finishedAt = at;
    // Verbatim: the admission answer is what the user must act on.
    s.message = messages.join('\n');
    s.dryRun = { ok: false, messages };
    r.status = 'blocked';
    appendLog(r, at, 'error', message);
    for (const p of problems) appendLog(r, at, 'warning', p);
  });
}

async function finishFailed(ctx: ActionContext, handle: RecordHandle, k: number, reason: string): Promise<void> {
  assertAlive(ctx);
  const rec = handle.record;
  const message = `Migration ${rec.id}: ${stepName(handle, k)} failed: ${reason}`;
  const subjects = (await Promise.all(subjectsOf(handle, k).map(async (s) => ((await ctx.client.get(s.ref).catch(() => undefined)) ? s : undefined)))).filter((s): s is EventSubject => !!s);
  const problems = await recordOutcome(ctx, rec, { step: k, outcome: 'failed', type: 'Warning', message, subjects });
  const at = ctx.now().toISOString();
  await handle.release((r) => {
    const s = r.steps[k]!;
    s.state = 'failed';
    s.finishedAt = at;
    s.message = reason;
    r.status = 'failed';
    appendLog(r, at, 'error', message);
    for (const p of problems) appendLog(r, at, 'warning', p);
  });
}
