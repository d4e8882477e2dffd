import 'server-only';
/**
 * The wait after a step: re-read the objects each post-condition names (fresh, as the caller) and
 * evaluate them with the planners' `evaluatePostCondition`; `no-findings` runs the rules engine on
 * the context's snapshot once it holds what was read. Progress goes into the record's step
 * (`checks`, `message`) whenever it changes, so the page can show it while the step waits.
 */
import { ObjectRef, type KubeObject } from '@/lib/k8s/object';
import { evaluatePostCondition, type PostConditionResult } from '@/lib/plans/post-conditions';
import type { PostCondition } from '@/lib/plans/types';
import type { Finding } from '@/lib/rules/types';
import { findingsOf } from '../findings';
import type { ActionContext } from './context';
import type { RecordHandle } from './record-store';
import { distinctRefs, snapshotAtLeast } from './snapshot-sync';

export type WaitResult = { met: true } | { met: false; detail: string; aborted?: boolean };

/** Evaluates post-conditions once, against fresh reads; `touches` are also awaited in the cache for `no-findings`. */
export async function evaluateAll(ctx: ActionContext, pcs: PostCondition[], touches: ObjectRef[]): Promise<PostConditionResult[]> {
  const wantsFindings = pcs.some((pc) => pc.kind === 'no-findings');
  const refs = distinctRefs([...pcs.flatMap((pc) => (pc.kind === 'no-findings' ? pc.subjects : [pc.target])), ...(wantsFindings ? touches : [])]);
  const reads = await Promise.all(refs.map(async (ref) => ({ ref, object: await ctx.client.get(ref) })));
  const byKey = new Map<string, KubeObject | undefined>(reads.map((r) => [ObjectRef.key(r.ref), r.object]));
  let findings: readonly Finding[] = [];
  let fresh = true;
  if (wantsFindings) {
    // Rules read the cache; judging them before it saw our reads could pass on stale data.
    const synced = await snapshotAtLeast(ctx.cache, reads, Math.min(5_000, ctx.settings.pollMs * 5));
    fresh = synced.fresh;
    findings = findingsOf(synced.snapshot);
  }
  const lookup = { get: (ref: ObjectRef) => byKey.get(ObjectRef.key(ref)), findings: () => findings };
  return pcs.map((pc) => (pc.kind === 'no-findings' && !fresh ? { met: false, detail: 'the dashboard\'s view of the cluster has not caught up yet' } : evaluatePostCondition(pc, lookup)));
}

/** Waits until every condition holds, or the time is up (rollback's `undoPostConditions`). */
export async function waitUntil(ctx: ActionContext, pcs: PostCondition[], touches: ObjectRef[], timeoutMs: number): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await evaluateAll(ctx, pcs, touches);
    const unmet = results.map((r, i) => ({ r, pc: pcs[i]! })).filter((x) => !x.r.met);
    if (!unmet.length) return { met: true };
    if (Date.now() >= deadline) return { met: false, detail: `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for: ${unmet.map((u) => `${u.pc.description} (${u.r.detail})`).join('; ')}` };
    await sleep(ctx.settings.pollMs);
  }
}

/** Waits for step `k`'s post-conditions with its timeout; `signal` stops the wait (a rollback asked for it). */
export async function waitForStep(ctx: ActionContext, handle: RecordHandle, k: number, signal?: AbortSignal): Promise<WaitResult> {
  const step = handle.record.plan.steps[k]!;
  const deadline = Date.now() + step.timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    if (signal?.aborted) return { met: false, detail: 'stopped: a rollback was requested', aborted: true };
    const results = await evaluateAll(ctx, step.postConditions, handle.record.plan.touches);
    const checks = step.postConditions.map((pc, i) => ({ description: pc.description, met: results[i]!.met }));
    const unmet = results.map((r, i) => ({ r, pc: step.postConditions[i]! })).filter((x) => !x.r.met);
    const message = unmet.length ? `Waiting for: ${unmet.map((u) => `${u.pc.description} (${u.r.detail})`).join('; ')}` : 'All post-conditions hold.';
    const fingerprint = JSON.stringify([checks, message]);
    if (fingerprint !== last) {
      last = fingerprint;
      await handle.update((r) => {
        r.steps[k]!.checks = checks;
        r.steps[k]!.message = message;
      });
    }
    if (!unmet.length) return { met: true };
    if (Date.now() >= deadline) {
      return { met: false, detail: `Timed out after ${step.timeoutSeconds} s waiting for: ${unmet.map((u) => `${u.pc.description} (${u.r.detail})`).join('; ')}` };
    }
    await sleep(ctx.settings.pollMs, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
