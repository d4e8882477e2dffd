import 'server-only';
/**
 * Steps 3 and 4 of the guard pipeline: each step's YAML diff against the objects as they are now
 * (read fresh as the caller), and a server-side dry-run of every operation. Later steps may depend
 * on earlier ones (a ScaledObject that does not exist yet, an HPA not yet adopted); their refusals
 * are kept verbatim but marked as such, and do not block the plan — they are judged again, for
 * real, right before that step runs.
 */
import type { DryRunDto, ObjectDiffDto, PlanStepDto } from '@/lib/dto/migrations';
import { ObjectRef, type KubeObject } from '@/lib/k8s/object';
import { describeOperation, operationDiff, operationRef } from '@/lib/plans/preview';
import type { Operation, PlanStep } from '@/lib/plans/types';
import { KubeError, type KubeClient } from './kube';
import { execute, prepare } from './operations';

/** Fresh reads shared by the steps of one preview (one GET per object). */
export class Reads {
  private readonly cache = new Map<string, Promise<KubeObject | undefined>>();
  constructor(private readonly client: KubeClient) {}
  get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const key = ObjectRef.key(ref);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.client.get(ref).catch(() => undefined);
      this.cache.set(key, hit);
    }
    return hit;
  }
}

export interface StepPreview {
  diff: ObjectDiffDto[];
  dryRun: DryRunDto;
  /** A refusal that does not depend on an earlier step: it blocks. */
  refused: boolean;
}

/** What earlier steps change, by object key (to tell dependency-caused refusals). */
function changedBefore(steps: PlanStep[], index: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of steps.slice(0, index)) {
    for (const op of s.operations) out.set(ObjectRef.key(operationRef(op)), s.title);
    for (const pc of s.postConditions) if (pc.kind !== 'no-findings') out.set(ObjectRef.key(pc.target), s.title);
  }
  return out;
}

/** The diff and dry-run of step `index` of `steps`, with the migration's annotation as it will be written. */
export async function previewStep(client: KubeClient, reads: Reads, steps: PlanStep[], index: number, migrationId: string): Promise<StepPreview> {
  const step = steps[index]!;
  const earlier = changedBefore(steps, index);
  const diff: ObjectDiffDto[] = [];
  const messages: string[] = [];
  let ok = true;
  let refused = false;
  for (const op of step.operations) {
    const ref = operationRef(op);
    const current = await reads.get(ref);
    const prepared = prepare(op, migrationId, current);
    diff.push(operationDiff(prepared, current ?? null));
    let verdict = await dryRun(client, prepared);
    const moved = verdict.conflict && op.kind === 'patch' ? statusOnlyMove(op, current) : undefined;
    if (moved && op.kind === 'patch') {
      // Only status or metadata moved on since the snapshot (a VPA's recommender, an HPA's controller
      // write status all the time): the apply re-sends the same patch (`rebase`), so dry-run it that way.
      verdict = await dryRun(client, prepare({ ...op, precondition: { ...op.precondition, resourceVersion: moved } }, migrationId, current));
      if (verdict.ok) messages.push(`${op.target.kind} ${op.target.name} changed only in its status since the plan was computed (same uid and generation): checked against resourceVersion ${moved}, as the apply will be.`);
    }
    messages.push(...verdict.messages);
    if (verdict.ok) continue;
    ok = false;
    const dependsOn = earlier.get(ObjectRef.key(ref)) ?? (index > 0 && verdict.notFound ? steps[index - 1]!.title : undefined);
    if (dependsOn) messages.push(`Expected before the earlier step "${dependsOn}" has run: ${describeOperation(op).summary} is dry-run again, for real, right before step ${index + 1} runs.`);
    else refused = true;
  }
  if (!step.operations.length) messages.push('This step changes nothing: it only checks the cluster.');
  return { diff, dryRun: { ok, messages, ...(!ok && !refused ? { deferred: true } : {}) }, refused };
}

/** The current resourceVersion when a patch's object differs from the planned one only outside its spec. */
function statusOnlyMove(op: Extract<Operation, { kind: 'patch' }>, current: KubeObject | undefined): string | undefined {
  if (!current) return undefined;
  const planned = op.after.metadata;
  if (!planned.uid || current.metadata.uid !== planned.uid) return undefined;
  if (typeof planned.generation !== 'number' || current.metadata.generation !== planned.generation) return undefined;
  const rv = current.metadata.resourceVersion;
  return rv && rv !== op.precondition.resourceVersion ? rv : undefined;
}

/** A server-side dry-run of one prepared operation: the server's answers verbatim. */
export async function dryRun(client: KubeClient, op: Operation): Promise<{ ok: boolean; messages: string[]; notFound: boolean; conflict: boolean }> {
  try {
    const r = await execute(client, op, true);
    return { ok: true, messages: r.warnings, notFound: false, conflict: false };
  } catch (e) {
    const err = e instanceof KubeError ? e : new KubeError(String(e), 0);
    return { ok: false, messages: [err.message], notFound: err.status === 404, conflict: err.status === 409 };
  }
}

/** A step as the API shows it, with its preview. */
export function stepDto(step: PlanStep, index: number, preview: Pick<StepPreview, 'diff' | 'dryRun'>): PlanStepDto {
  return {
    index,
    id: step.id,
    title: step.title,
    description: step.description,
    operations: step.operations.map(describeOperation),
    diff: preview.diff,
    dryRun: preview.dryRun,
    postConditions: step.postConditions.map((p) => p.description),
    timeoutSeconds: step.timeoutSeconds,
    ...(step.confirm ? { confirm: step.confirm } : {}),
  };
}
