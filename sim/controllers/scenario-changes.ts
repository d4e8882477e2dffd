/**
 * Applies the scenario's `Change` documents at their simulated times, as an operator with kubectl
 * would: a patch through the API (admission included), optionally while every admission webhook
 * is unreachable. A change that fails is logged and not retried.
 */
import { parseDuration } from '@/lib/duration';
import { toApiError } from '../api/errors';
import { adminContext } from '../apiserver/api-server';
import type { ChangeDoc } from '../scenario/docs/change';
import type { Controller, ControllerContext } from './runtime/controller';

export function scenarioChangesController(): Controller {
  return {
    name: 'scenario-changes',
    user: 'kubernetes-admin',
    component: 'kubectl',
    start(ctx: ControllerContext) {
      for (const doc of ctx.docs('Change')) {
        const delay = parseDuration(doc.spec.at)!;
        ctx.scheduler.after(delay, () => apply(ctx, doc));
      }
    },
  };
}

async function apply(ctx: ControllerContext, doc: ChangeDoc): Promise<void> {
  const { target, type, patch, webhooksDown } = doc.spec;
  const res = ctx.api.resourceFor(target.apiVersion, target.kind);
  if (!res) return ctx.log(`change ${doc.metadata.name}: no resource serves ${target.apiVersion} ${target.kind}`);
  if (webhooksDown) ctx.api.webhooks.setAllDown(true);
  try {
    await ctx.api.patch(res, res.namespaced ? target.namespace ?? 'default' : undefined, target.name, { type, body: JSON.stringify(patch) }, adminContext(undefined, 'kubectl'));
    ctx.log(`change ${doc.metadata.name} applied to ${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`);
  } catch (e) {
    ctx.log(`change ${doc.metadata.name} failed: ${toApiError(e).message}`);
  } finally {
    if (webhooksDown) ctx.api.webhooks.setAllDown(false);
  }
}
