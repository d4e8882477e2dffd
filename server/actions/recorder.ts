import 'server-only';
/**
 * Step 8 of the guard pipeline: what happened is written where people look — a Kubernetes Event
 * on each object (reason `Scaleguard<Action>`, e.g. `ScaleguardHpaToScaledobject`; Normal on
 * success, Warning otherwise) and a row in the action log. Neither may turn a done step into a
 * failed one: a refused Event is reported in the migration's log instead.
 */
import type { ObjectRef } from '@/lib/k8s/object';
import { eventReason, type MigrationRecord } from '@/lib/plans/record';
import type { ActionContext } from './context';

export interface EventSubject {
  ref: ObjectRef;
  uid?: string;
}

export interface Outcome {
  /** 0-based step, or -1 for the migration as a whole. */
  step: number;
  outcome: string;
  type: 'Normal' | 'Warning';
  message: string;
  subjects: EventSubject[];
}

/** Records Events and the action-log row; returns what could not be recorded, in words. */
export async function recordOutcome(ctx: ActionContext, rec: MigrationRecord, o: Outcome): Promise<string[]> {
  const now = ctx.now();
  const problems: string[] = [];
  try {
    ctx.log.append({
      at: now.toISOString(), context: ctx.cache.context, user: ctx.client.userName(), migration: rec.id,
      step: o.step, action: rec.type, outcome: o.outcome, message: o.message,
    });
  } catch (e) {
    problems.push(`the action log could not be written: ${e instanceof Error ? e.message : String(e)}`);
  }
  const reason = eventReason(rec.type);
  await Promise.all(o.subjects.map(async (s) => {
    try {
      await ctx.client.createEvent({ involved: { ...s.ref, ...(s.uid ? { uid: s.uid } : {}) }, reason, type: o.type, message: o.message, now });
    } catch (e) {
      problems.push(`no Event on ${s.ref.kind} ${s.ref.namespace ?? ''}/${s.ref.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }));
  return problems;
}
