import 'server-only';
/**
 * `POST /api/v1/migrations {planId}`: checks access again (never trusted from the plan), refuses a
 * second live migration on the same target, and writes the record ConfigMap. One migration per
 * target holds across replicas too: after writing, the records are listed again and the younger of
 * two racing records withdraws.
 */
import { ObjectRef } from '@/lib/k8s/object';
import { appendLog, isActive, type MigrationRecord } from '@/lib/plans/record';
import { planPermissions, reviewAccess } from './access';
import type { ActionContext } from './context';
import { ActionError } from './errors';
import { createRecord, listRecords, type RecordHandle } from './record-store';

function overlaps(a: MigrationRecord, touches: ObjectRef[], target: MigrationRecord['target']): boolean {
  if (a.target.namespace === target.namespace && a.target.kind === target.kind && a.target.name === target.name) return true;
  const keys = new Set(touches.map((r) => ObjectRef.key(r)));
  return a.plan.touches.some((r) => keys.has(ObjectRef.key(r)));
}

export async function startMigration(ctx: ActionContext, planId: string): Promise<RecordHandle> {
  const stored = ctx.plans.get(planId, ctx.now().getTime());
  if (stored === 'expired') throw new ActionError(410, 'Plan expired', `Plan ${planId} expired (plans are kept ${Math.round(ctx.plans.ttlMs / 60_000)} minutes). Plan again: the cluster may have changed since.`);
  if (!stored) throw new ActionError(404, 'Unknown plan', `No plan ${planId} in this dashboard process (plans live in memory: a restarted or different replica does not know it). Plan again.`);
  if (stored.context !== ctx.cache.context) throw new ActionError(400, 'Wrong context', `Plan ${planId} was made for context ${stored.context}, not ${ctx.cache.context}.`);
  const { plan, dto } = stored;
  const access = await reviewAccess(ctx.client, await planPermissions(ctx.client, plan));
  if (!access.allowed) throw new ActionError(403, 'Forbidden', access.reason ?? 'Not allowed.', { missing: access.missing });
  if (dto.blocked) {
    const why = [...plan.preflight.filter((c) => c.blocking && !c.ok).map((c) => c.detail), ...dto.steps.filter((s) => !s.dryRun.ok).flatMap((s) => s.dryRun.messages)];
    throw new ActionError(409, 'Plan blocked', `Plan ${planId} is blocked: ${why.join(' ') || 'it has no steps'}`);
  }

  const ns = plan.target.namespace;
  const live = (await listRecords(ctx, ns)).filter((r) => isActive(r.record) && r.record.id !== planId);
  const clash = live.find((r) => overlaps(r.record, plan.touches, plan.target));
  if (clash) {
    throw new ActionError(409, 'Migration in progress', `Migration ${clash.record.id} (${clash.record.type}, ${clash.record.status}) is already under way for ${clash.record.target.kind} ${ns}/${clash.record.target.name}; finish or roll it back first.`, { migrationId: clash.record.id });
  }
  const at = ctx.now().toISOString();
  const user = ctx.client.userName();
  const rec: MigrationRecord = {
    schema: 1,
    id: planId,
    context: ctx.cache.context,
    type: plan.type,
    target: plan.target,
    summary: plan.summary,
    status: 'ready',
    step: 0,
    createdAt: at,
    createdBy: user,
    updatedAt: at,
    options: stored.options,
    plan,
    steps: dto.steps.map((s) => ({ id: s.id, state: 'pending', checks: [], applied: [], diff: s.diff, dryRun: s.dryRun, replans: 0 })),
    basis: stored.basis,
    backups: [],
    log: [],
  };
  appendLog(rec, at, 'info', `Migration ${planId} created by ${user} (context ${ctx.cache.context}): ${plan.summary}.`);
  let handle: RecordHandle;
  try {
    handle = await createRecord(ctx, rec);
  } catch (e) {
    if ((e as { status?: number }).status === 409) throw new ActionError(409, 'Already started', `Migration ${planId} was already started from this plan.`, { migrationId: planId });
    throw e;
  }
  // Two replicas may have passed the check at once: the older record wins, the younger withdraws.
  const after = (await listRecords(ctx, ns)).filter((r) => isActive(r.record) && overlaps(r.record, plan.touches, plan.target));
  const mine = after.find((r) => r.record.id === planId);
  const older = after.find((r) => r.record.id !== planId && mine && (r.createdAt < mine.createdAt || (r.createdAt === mine.createdAt && r.name < mine.name)));
  if (older) {
    await ctx.client.deleteConfigMap(ns, mine!.name);
    throw new ActionError(409, 'Migration in progress', `Migration ${older.record.id} was started for the same target at the same moment; finish or roll it back first.`, { migrationId: older.record.id });
  }
  ctx.plans.consume(planId);
  ctx.log.append({ at, context: ctx.cache.context, user, migration: planId, step: -1, action: plan.type, outcome: 'started', message: plan.summary });
  return handle;
}
