/**
 * Test-only: runs plans against the simulator (`sim/`), as the server's guard pipeline would —
 * backups before each step, operations through `sim.api` as the admin with their preconditions,
 * then simulated time until the step's post-conditions hold (evaluated by the same pure
 * `evaluatePostCondition` the pipeline uses). Rollback runs the inverses from those backups.
 */
import { ManualClock } from '@/sim/clock';
import { readScenario } from '@/sim/scenario/load';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { isRecord, ObjectRef, normalizeMetadata, type JsonValue, type KubeObject } from '@/lib/k8s/object';
import { RESOURCE_KINDS, type ResourceId } from '@/lib/k8s/resources';
import { runRules } from '@/lib/rules/engine';
import type { Finding } from '@/lib/rules/types';
import { Snapshot } from '@/lib/snapshot';
import { evaluatePostCondition } from '@/lib/plans/post-conditions';
import type { Plan, PlanStep, PostCondition } from '@/lib/plans/types';

export const START = '2026-11-22T00:00:00Z';
const TICK_MS = 5_000;

export async function startDemo(opts: { flaggerRelease?: string } = {}): Promise<Simulator> {
  const scenario = readScenario('demo');
  if (opts.flaggerRelease) {
    const controllers = { ...(scenario.settings.controllers ?? {}) };
    controllers.flagger = { ...((controllers.flagger as object | undefined) ?? {}), release: opts.flaggerRelease };
    scenario.settings = { ...scenario.settings, controllers };
  }
  return startSimulator({ scenario, port: 0, clock: new ManualClock(START), controllers: 'all' });
}

/** The simulator's API resource for an apiVersion/kind (throws when not served). */
function resOf(sim: Simulator, apiVersion: string, kind: string) {
  const res = sim.api.resourceFor(apiVersion, kind);
  if (!res) throw new Error(`${apiVersion} ${kind} is not served`);
  return res;
}

export function getObject(sim: Simulator, ref: ObjectRef): KubeObject | undefined {
  const res = sim.api.resourceFor(ref.apiVersion, ref.kind);
  return res ? sim.store.get(res.storage, ref.namespace, ref.name) : undefined;
}

/** A Snapshot of the simulator's store, as the informer cache would build it. */
export function snapshotOf(sim: Simulator): Snapshot {
  const now = new Date(sim.api.clock.now()).toISOString();
  const s = Snapshot.empty('sim', now, { state: 'connected' });
  const kinds = { ...s.kinds };
  const objects = { ...s.objects } as Record<ResourceId, KubeObject[]>;
  for (const k of RESOURCE_KINDS) {
    const res = sim.api.resource(k.group, k.version, k.plural);
    if (!res) {
      kinds[k.id] = { state: 'absent', count: 0 };
      continue;
    }
    const items = sim.api.list(res, undefined).items.map((o) => ({ ...o, metadata: normalizeMetadata(o.metadata) }));
    objects[k.id] = items;
    kinds[k.id] = { state: 'synced', count: items.length, lastSyncAt: now };
  }
  return { ...s, version: 1, cluster: { version: sim.api.serverVersion }, kinds, objects };
}

export function findingsOf(sim: Simulator): Finding[] {
  const s = snapshotOf(sim);
  return runRules(s, { now: s.builtAt }).findings;
}

export function unmet(sim: Simulator, pcs: readonly PostCondition[]): string[] {
  let findings: Finding[] | undefined;
  const lookup = { get: (r: ObjectRef) => getObject(sim, r), findings: () => (findings ??= findingsOf(sim)) };
  return pcs.map((pc) => ({ pc, r: evaluatePostCondition(pc, lookup) })).filter((x) => !x.r.met).map((x) => `${x.pc.description}: ${x.r.detail}`);
}

/** Advances simulated time in ticks until `pcs` hold (throws with what is unmet after `timeoutS`). */
export async function waitFor(sim: Simulator, pcs: readonly PostCondition[], timeoutS: number, onTick?: () => void): Promise<number> {
  let waited = 0;
  for (;;) {
    const missing = unmet(sim, pcs);
    if (missing.length === 0) return waited;
    if (waited >= timeoutS * 1000) throw new Error(`post-conditions not met after ${timeoutS} s: ${missing.join('; ')}`);
    await sim.advance(TICK_MS);
    waited += TICK_MS;
    onTick?.();
  }
}

export type Backups = Map<string, KubeObject>;

/** Every object a step's `restore-backup` inverses name, read before the step writes. */
export function backup(sim: Simulator, step: PlanStep): Backups {
  const out: Backups = new Map();
  for (const inv of step.inverse) {
    if (inv.kind !== 'restore-backup') continue;
    const obj = getObject(sim, inv.target);
    if (obj) out.set(ObjectRef.key(inv.target), structuredClone(obj));
  }
  return out;
}

/**
 * The patch as the pipeline sends it (server/actions/operations.ts `prepare`): the precondition
 * rides in the request, so the API server enforces it atomically — resourceVersion/uid in a merge
 * patch's metadata, `test` operations in front of a JSON patch.
 */
function withPrecondition(patchType: string, patch: JsonValue, pre: { uid?: string; resourceVersion?: string }): JsonValue {
  if (!pre.uid && !pre.resourceVersion) return patch;
  if (patchType === 'json') {
    const tests: JsonValue[] = [
      ...(pre.uid ? [{ op: 'test', path: '/metadata/uid', value: pre.uid }] : []),
      ...(pre.resourceVersion ? [{ op: 'test', path: '/metadata/resourceVersion', value: pre.resourceVersion }] : []),
    ];
    return [...tests, ...(Array.isArray(patch) ? patch : [])];
  }
  const body = isRecord(patch) ? patch : {};
  const meta = isRecord(body.metadata) ? body.metadata : {};
  return { ...body, metadata: { ...meta, ...(pre.resourceVersion ? { resourceVersion: pre.resourceVersion } : {}), ...(pre.uid ? { uid: pre.uid } : {}) } } as JsonValue;
}

/** Applies one step's operations through the API as the admin (admission webhooks included). */
export async function applyStep(sim: Simulator, step: PlanStep): Promise<void> {
  for (const op of step.operations) {
    if (op.kind === 'create') {
      await sim.api.create(resOf(sim, op.object.apiVersion, op.object.kind), op.object.metadata.namespace, op.object);
      continue;
    }
    const res = resOf(sim, op.target.apiVersion, op.target.kind);
    if (op.kind === 'patch') await sim.api.patch(res, op.target.namespace, op.target.name, { type: op.patchType, body: JSON.stringify(withPrecondition(op.patchType, op.patch, op.precondition)) });
    else if (op.kind === 'update') await sim.api.update(res, op.target.namespace, op.target.name, { ...op.object, metadata: { ...op.object.metadata, resourceVersion: op.precondition.resourceVersion } });
    else await sim.api.delete(res, op.target.namespace, op.target.name, { propagationPolicy: op.propagationPolicy, preconditions: op.precondition });
  }
}

/** Runs a step: backup, apply, wait for its post-conditions. Returns the backups. */
export async function runStep(sim: Simulator, step: PlanStep, onTick?: () => void): Promise<Backups> {
  const b = backup(sim, step);
  await applyStep(sim, step);
  await waitFor(sim, step.postConditions, step.timeoutSeconds, onTick);
  return b;
}

/** Runs every step; returns the backups per step index. */
export async function runPlan(sim: Simulator, plan: Plan, onTick?: () => void): Promise<Backups[]> {
  const all: Backups[] = [];
  for (const step of plan.steps) all.push(await runStep(sim, step, onTick));
  return all;
}

const SERVER_FIELDS = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'finalizers'] as const;

/** Undoes the steps in reverse order from their backups, waiting for each step's undo post-conditions. */
export async function rollback(sim: Simulator, plan: Plan, backups: Backups[], onTick?: () => void): Promise<void> {
  for (let i = backups.length - 1; i >= 0; i--) {
    const step = plan.steps[i]!;
    for (const inv of step.inverse) {
      if (inv.kind === 'await') {
        await waitFor(sim, inv.conditions, step.timeoutSeconds, onTick);
        continue;
      }
      const res = resOf(sim, inv.target.apiVersion, inv.target.kind);
      if (inv.kind === 'delete-created') {
        if (getObject(sim, inv.target)) await sim.api.delete(res, inv.target.namespace, inv.target.name, { propagationPolicy: inv.propagationPolicy });
        await sim.settled();
        continue;
      }
      // The earliest backup of the object, as the server keeps it (one backup per object, before its first change).
      const saved = backups.slice(0, i + 1).map((b) => b.get(ObjectRef.key(inv.target))).find((b) => b !== undefined);
      if (!saved) throw new Error(`no backup of ${inv.target.kind} ${inv.target.name} from step ${step.id}`);
      const live = getObject(sim, inv.target);
      const metadata = { ...saved.metadata };
      for (const f of SERVER_FIELDS) delete metadata[f];
      // dropOwnerReferences: ownerReferences as backed up (what the server does); the body carries them in both cases.
      const body: KubeObject = { ...saved, metadata, status: undefined };
      if (live) await sim.api.update(res, inv.target.namespace, inv.target.name, { ...body, metadata: { ...metadata, resourceVersion: live.metadata.resourceVersion, uid: live.metadata.uid, finalizers: live.metadata.finalizers } });
      else await sim.api.create(res, inv.target.namespace, body);
    }
    if (step.undoPostConditions?.length) await waitFor(sim, step.undoPostConditions, step.timeoutSeconds, onTick);
  }
}

/** Warning events about an object, by message. */
export function warningsAbout(sim: Simulator, namespace: string, kind: string, name: string): { message: string; count: number }[] {
  const res = resOf(sim, 'v1', 'Event');
  const items = sim.api.list(res, namespace).items as (KubeObject & { type?: string; message?: string; count?: number; involvedObject?: { kind?: string; name?: string } })[];
  return items.filter((e) => e.type === 'Warning' && e.involvedObject?.kind === kind && e.involvedObject?.name === name).map((e) => ({ message: e.message ?? '', count: e.count ?? 1 }));
}

/** Total count of Warning events about an object (aggregated events count once per occurrence). */
export function warningCount(sim: Simulator, namespace: string, kind: string, name: string): number {
  return warningsAbout(sim, namespace, kind, name).reduce((n, e) => n + e.count, 0);
}

/** `spec.replicas` of a Deployment. */
export function replicasOf(sim: Simulator, namespace: string, name: string): number | undefined {
  const d = getObject(sim, { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
  const r = (d?.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof r === 'number' ? r : undefined;
}

/**
 * Samples Deployments' replicas every 15 simulated seconds (call `tick` after each 5 s advance)
 * and records every sample outside the allowed set.
 */
export class BoundsSampler {
  readonly violations: string[] = [];
  samples = 0;
  private elapsed = 0;

  constructor(private readonly sim: Simulator, private readonly checks: { namespace: string; name: string; allowed: (n: number) => boolean; bounds: string }[]) {}

  tick = (): void => {
    this.elapsed += TICK_MS;
    if (this.elapsed % 15_000 !== 0) return;
    this.sample();
  };

  sample(): void {
    this.samples++;
    const at = new Date(this.sim.api.clock.now()).toISOString();
    for (const c of this.checks) {
      const r = replicasOf(this.sim, c.namespace, c.name);
      if (r === undefined || !c.allowed(r)) this.violations.push(`${at} ${c.namespace}/${c.name} at ${r ?? 'no'} replicas, outside ${c.bounds}`);
    }
  }

  /** Advances `ms` of simulated time in 5 s ticks, sampling every 15 s. */
  async run(ms: number, each?: () => void): Promise<void> {
    for (let t = 0; t < ms; t += TICK_MS) {
      await this.sim.advance(TICK_MS);
      this.tick();
      if (this.elapsed % 15_000 === 0) each?.();
    }
  }
}
