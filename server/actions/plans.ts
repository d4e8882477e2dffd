import 'server-only';
/**
 * `POST /api/v1/plans`: gather facts, run the pure planner on the context's snapshot, then preview,
 * dry-run and review access for every step. Plans live in this process's memory for a while
 * (30 minutes by default); starting a migration consumes one. The plan id becomes the migration id,
 * so the previewed YAML already carries the `scaleguard.dev/migration` annotation it will be written with.
 */
import { randomBytes } from 'node:crypto';
import type { ActionId } from '@/lib/actions';
import type { PlanDto, PlanStepDto } from '@/lib/dto/migrations';
import type { ObjectRef } from '@/lib/k8s/object';
import { RESOURCE_KINDS } from '@/lib/k8s/resources';
import { planFor } from '@/lib/plans/index';
import type { ObjectBasis } from '@/lib/plans/record';
import { blocked, type Plan, type PlanOptions, type PlanTarget } from '@/lib/plans/types';
import type { Snapshot } from '@/lib/snapshot';
import { indexOf } from '@/lib/snapshot-index';
import { planPermissions, reviewAccess } from './access';
import type { ActionContext } from './context';
import { ActionError } from './errors';
import { gatherFacts } from './facts';
import { Reads, previewStep, stepDto } from './preview';
import { fromSnapshot } from './snapshot-sync';

export interface StoredPlan {
  id: string;
  context: string;
  plan: Plan;
  options: PlanOptions;
  basis: ObjectBasis[];
  dto: PlanDto;
  expiresAt: number;
}

/** Plans by id, forgotten after their expiry (an expired id is remembered a while longer, to answer 410). */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly expired = new Map<string, number>();
  constructor(readonly ttlMs = 30 * 60_000) {}

  put(p: StoredPlan): void {
    this.sweep(Date.now());
    this.plans.set(p.id, p);
  }

  /** The plan, `'expired'`, or undefined for an id this process never made (or forgot long ago). */
  get(id: string, now = Date.now()): StoredPlan | 'expired' | undefined {
    this.sweep(now);
    return this.plans.get(id) ?? (this.expired.has(id) ? 'expired' : undefined);
  }

  /** A started plan cannot be started again. */
  consume(id: string): void {
    this.plans.delete(id);
  }

  private sweep(now: number): void {
    for (const [id, p] of this.plans) {
      if (p.expiresAt <= now) {
        this.plans.delete(id);
        this.expired.set(id, now);
      }
    }
    for (const [id, at] of this.expired) if (now - at > 24 * 3_600_000) this.expired.delete(id);
  }
}

/** A short id that is a valid DNS label part: the migration's ConfigMap is `scaleguard-migration-<id>`. */
export function newId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The target object in the snapshot; a kind may be given as `Deployment`, `deployment` or `deployments`. */
export function findTarget(s: Snapshot, target: PlanTarget): { found: boolean; loading: boolean; kindKnown: boolean } {
  const k = target.kind.toLowerCase();
  const kinds = RESOURCE_KINDS.filter((r) => r.kind.toLowerCase() === k || r.plural === k);
  if (!kinds.length) return { found: false, loading: false, kindKnown: false };
  const found = kinds.some((r) => indexOf(s).get(r.id, target.namespace, target.name));
  const loading = kinds.every((r) => s.kinds[r.id].state === 'pending');
  return { found, loading, kindKnown: true };
}

/** The basis of a plan: what its operations were computed from (see `ObjectBasis`). */
export function basisOf(s: Snapshot, refs: ObjectRef[]): ObjectBasis[] {
  return refs.map((ref) => {
    const o = fromSnapshot(s, ref);
    return { ref, ...(o?.metadata.uid ? { uid: o.metadata.uid } : {}), ...(typeof o?.metadata.generation === 'number' ? { generation: o.metadata.generation } : {}) };
  });
}

/** Plans an action for the caller: facts, planner, previews, dry-runs, access review. */
export async function createPlan(ctx: ActionContext, type: ActionId, target: PlanTarget, options: PlanOptions): Promise<StoredPlan> {
  const planner = planFor(type);
  if (!planner) throw new ActionError(400, 'No planner', `The action "${type}" cannot be planned by this version of scaleguard yet.`);
  const snapshot = ctx.cache.snapshot();
  const where = findTarget(snapshot, target);
  if (!where.kindKnown) throw new ActionError(400, 'Unknown kind', `scaleguard does not know the kind "${target.kind}"; use e.g. Deployment, StatefulSet, HorizontalPodAutoscaler or Canary.`);
  if (!where.found) {
    if (where.loading) throw new ActionError(503, 'Cluster not read yet', `scaleguard is still reading ${ctx.cache.context}; try again in a moment.`);
    throw new ActionError(404, 'Target not found', `${target.kind} ${target.namespace}/${target.name} is not in context ${ctx.cache.context} (or not listed yet).`);
  }
  const now = ctx.now();
  const facts = await gatherFacts(ctx.client, snapshot, now);
  const plan = planner(snapshot, target, facts, options);
  const id = newId();
  const reads = new Reads(ctx.client);
  const [previews, permissions] = await Promise.all([
    Promise.all(plan.steps.map((_, i) => previewStep(ctx.client, reads, plan.steps, i, id))),
    planPermissions(ctx.client, plan),
  ]);
  const access = await reviewAccess(ctx.client, permissions);
  const steps: PlanStepDto[] = plan.steps.map((s, i) => stepDto(s, i, previews[i]!));
  const expiresAt = now.getTime() + ctx.plans.ttlMs;
  const dto: PlanDto = {
    id,
    type,
    target,
    summary: plan.summary,
    preflight: plan.preflight,
    steps,
    access: { allowed: access.allowed, ...(access.reason ? { reason: access.reason } : {}) },
    blocked: blocked(plan) || previews.some((p) => p.refused) || plan.steps.length === 0,
    createdAt: now.toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
  };
  const stored: StoredPlan = { id, context: ctx.cache.context, plan, options, basis: basisOf(snapshot, plan.touches), dto, expiresAt };
  ctx.plans.put(stored);
  return stored;
}
