import 'server-only';
/**
 * The guard pipeline of one context: plans, migrations, advance, rollback, and the background runs
 * they start. Steps run in this process after the request returned; a step or rollback recorded as
 * running whose lease expired (its process went away) is resumed here — at start, on a periodic
 * sweep of the cached records, and when the migration is read.
 */
import type { ActionId } from '@/lib/actions';
import type { AccessDto, MigrationDto, MigrationRowDto, MigrationsDto } from '@/lib/dto/migrations';
import { appendLog, decodeRecord, runningWork, MIGRATION_LABEL, type MigrationRecord } from '@/lib/plans/record';
import type { PlanFacts, PlanOptions, PlanTarget } from '@/lib/plans/types';
import type { Snapshot } from '@/lib/snapshot';
import { planPermissions, reviewAccess } from './access';
import type { ActionContext } from './context';
import { migrationDto, migrationRows } from './dto';
import { ActionError } from './errors';
import { gatherFacts } from './facts';
import { createPlan, type StoredPlan } from './plans';
import { readRecord, type RecordHandle } from './record-store';
import { runRollback } from './rollback';
import { startMigration } from './start';
import { runStep } from './step-runner';

/** How long the webhook registration and server version are trusted for the list's preflight. */
const FACTS_TTL_MS = 30_000;

interface Run {
  done: Promise<void>;
  abort: AbortController;
}

export class MigrationService {
  private readonly runs = new Map<string, Run>();
  private readonly namespaces = new Map<string, string>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly lifetime = new AbortController();
  private rows: { snapshot: Snapshot; key: string; items: MigrationRowDto[] } | undefined;
  private factsCache: { at: number; value: Promise<PlanFacts> } | undefined;
  readonly ctx: ActionContext;

  constructor(ctx: ActionContext) {
    this.ctx = { ...ctx, lifetime: this.lifetime.signal };
  }

  /** Starts the periodic resume sweep (and runs one now). */
  start(): void {
    if (this.sweepTimer) return;
    void this.resumeAll();
    this.sweepTimer = setInterval(() => void this.resumeAll(), this.ctx.settings.resumeSweepMs);
    this.sweepTimer.unref?.();
  }

  /**
   * Stops: no more sweeps, and running work stops at its next write without writing it — the record
   * still says "running", as after a crash, and another process resumes it once the lease expires.
   */
  stop(): void {
    clearInterval(this.sweepTimer);
    this.lifetime.abort();
    for (const r of this.runs.values()) r.abort.abort();
  }

  /** Resolves when every background run of this service has finished. */
  async idle(): Promise<void> {
    while (this.runs.size) await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  plan(type: ActionId, target: PlanTarget, options: PlanOptions): Promise<StoredPlan> {
    return createPlan(this.ctx, type, target, options);
  }

  /** A plan this process made, `'expired'`, or undefined. */
  storedPlan(id: string): StoredPlan | 'expired' | undefined {
    const p = this.ctx.plans.get(id);
    return p === 'expired' || p?.context === this.ctx.cache.context ? p : undefined;
  }

  /**
   * Candidates and migrations of the context for `GET /api/v1/migrations`, from the cache: the rows
   * are computed once per snapshot (records live in the snapshot's ConfigMaps), and the facts the
   * preflight needs beyond the snapshot are looked up at most every FACTS_TTL_MS.
   */
  async list(): Promise<MigrationsDto> {
    const snapshot = this.ctx.cache.snapshot();
    const facts = await this.facts(snapshot);
    const key = `${facts.kedaWebhookRegistered}|${facts.serverVersion ?? ''}`;
    if (this.rows?.snapshot !== snapshot || this.rows.key !== key) {
      this.rows = { snapshot, key, items: migrationRows(snapshot, this.cachedRecords(), facts) };
    }
    return { items: this.rows.items, generatedAt: this.ctx.now().toISOString() };
  }

  private async facts(snapshot: Snapshot): Promise<PlanFacts> {
    const now = this.ctx.now();
    if (!this.factsCache || now.getTime() - this.factsCache.at >= FACTS_TTL_MS) {
      const value = gatherFacts(this.ctx.client, snapshot, now);
      this.factsCache = { at: now.getTime(), value };
      // A failed lookup is not cached: the next list tries again.
      value.catch(() => { if (this.factsCache?.value === value) this.factsCache = undefined; });
    }
    return { ...(await this.factsCache.value), now: now.toISOString() };
  }

  async startMigration(planId: string): Promise<MigrationDto> {
    const handle = await startMigration(this.ctx, planId);
    this.namespaces.set(planId, handle.record.target.namespace);
    return this.dto(handle.record);
  }

  /** Runs the next step in the background; answers at once with the migration as it now stands. */
  async advance(id: string, confirm: string | undefined): Promise<MigrationDto> {
    const handle = await this.handle(id);
    const rec = handle.record;
    this.refuseIfBusy(handle);
    if (rec.rollback?.state === 'running' || rec.status === 'rolled-back') throw new ActionError(409, 'Rolled back', `Migration ${id} was rolled back; plan a new one.`);
    if (rec.rollback?.state === 'failed') throw new ActionError(409, 'Rollback unfinished', `Migration ${id}'s rollback failed (${rec.rollback.message ?? ''}); roll back again.`);
    const running = runningWork(rec);
    const k = running?.kind === 'step' ? running.index : rec.step;
    if (k >= rec.plan.steps.length) throw new ActionError(409, 'Already done', `Migration ${id} has run all ${rec.plan.steps.length} steps.`);
    const step = rec.plan.steps[k]!;
    if (step.confirm && confirm !== step.confirm) {
      throw new ActionError(400, 'Confirmation needed', `Step ${k + 1} ("${step.title}") changes the cluster in a way that is hard to undo: type "${step.confirm}" to confirm (body {"confirm": "${step.confirm}"}).`, { confirm: step.confirm });
    }
    await this.requireAccess(rec);
    const user = this.ctx.client.userName();
    const taken = await handle.acquire(() => undefined, (r) => {
      const s = r.steps[k]!;
      s.state = 'running';
      s.startedAt = this.ctx.now().toISOString();
      delete s.finishedAt;
      s.message = running ? 'Resumed: re-checking what was applied.' : 'Starting: dry-run, backup, apply.';
      s.replans = 0;
      r.status = 'in-progress';
      appendLog(r, this.ctx.now().toISOString(), 'info', `Step ${k + 1} "${step.title}" ${running ? 'resumed' : 'started'} by ${user}.`);
    });
    if (!taken) throw this.leaseError(id);
    this.ctx.log.append({ at: this.ctx.now().toISOString(), context: this.ctx.cache.context, user, migration: id, step: k, action: rec.type, outcome: 'started', message: step.title });
    this.spawn(id, (signal) => runStep(this.ctx, handle, k, signal));
    return this.dto(handle.record);
  }

  /** Undoes every applied step in the background, last first. */
  async rollback(id: string): Promise<MigrationDto> {
    const existing = this.runs.get(id);
    if (existing) {
      // A step of ours is running: stop its wait (writes are never interrupted mid-way), then undo.
      existing.abort.abort();
      await existing.done;
    }
    const handle = await this.handle(id);
    const rec = handle.record;
    this.refuseIfBusy(handle);
    if (rec.status === 'rolled-back') throw new ActionError(409, 'Already rolled back', `Migration ${id} is rolled back already.`);
    await this.requireAccess(rec);
    const user = this.ctx.client.userName();
    const taken = await handle.acquire(() => undefined, (r) => {
      r.rollback = { state: 'running', startedAt: this.ctx.now().toISOString() };
      appendLog(r, this.ctx.now().toISOString(), 'info', `Rollback started by ${user}.`);
    });
    if (!taken) throw this.leaseError(id);
    this.spawn(id, () => runRollback(this.ctx, handle));
    return this.dto(handle.record);
  }

  /** A migration from the cache (zero API requests); a crashed run found on the way is resumed. */
  async get(id: string): Promise<MigrationDto | undefined> {
    const cached = this.cachedRecords().find((r) => r.id === id);
    const rec = cached ?? (await this.findFresh(id))?.record;
    if (!rec) return undefined;
    void this.resumeIfOrphaned(rec);
    return this.dto(rec);
  }

  /** Every record of the context, from the informer cache. */
  cachedRecords(): MigrationRecord[] {
    return this.ctx.cache.snapshot().objects.configmaps
      .filter((cm) => cm.metadata.labels?.[MIGRATION_LABEL])
      .flatMap((cm) => {
        const d = decodeRecord({ metadata: cm.metadata, data: cm.data });
        return d.ok ? [d.record] : [];
      });
  }

  /** Looks for runs recorded as running whose lease has expired, and resumes the ones of this context. */
  async resumeAll(): Promise<void> {
    await Promise.all(this.cachedRecords().map((r) => this.resumeIfOrphaned(r).catch(() => undefined)));
  }

  private async resumeIfOrphaned(cached: MigrationRecord): Promise<void> {
    if (cached.context !== this.ctx.cache.context || this.runs.has(cached.id) || !runningWork(cached)) return;
    const handle = await readRecord(this.ctx, cached.target.namespace, cached.id);
    if (!handle) return;
    const work = runningWork(handle.record);
    if (!work || handle.leasedElsewhere() || this.runs.has(cached.id)) return;
    const taken = await handle.acquire(() => undefined, (r) => {
      appendLog(r, this.ctx.now().toISOString(), 'warning', `Resumed by ${this.ctx.holder}: the process running it stopped (lease ${handle.lease ? `expired at ${handle.lease.expiresAt}` : 'absent'}).`);
    });
    if (!taken) return;
    if (work.kind === 'rollback') this.spawn(cached.id, () => runRollback(this.ctx, handle));
    else this.spawn(cached.id, (signal) => runStep(this.ctx, handle, work.index, signal));
  }

  private spawn(id: string, run: (signal: AbortSignal) => Promise<void>): void {
    const abort = new AbortController();
    const done = run(abort.signal).finally(() => this.runs.delete(id));
    this.runs.set(id, { done, abort });
  }

  private refuseIfBusy(handle: RecordHandle): void {
    if (this.runs.has(handle.record.id) || (runningWork(handle.record) && handle.leasedElsewhere())) {
      const work = runningWork(handle.record);
      throw new ActionError(409, 'Busy', `Migration ${handle.record.id} is ${work?.kind === 'rollback' ? 'rolling back' : `running step ${(work?.kind === 'step' ? work.index : handle.record.step) + 1}`}; wait until it finishes.`);
    }
  }

  private leaseError(id: string): ActionError {
    return new ActionError(409, 'Busy', `Another dashboard process took migration ${id} at the same moment; refresh and try again.`);
  }

  private async requireAccess(rec: MigrationRecord): Promise<void> {
    const access = await reviewAccess(this.ctx.client, await planPermissions(this.ctx.client, rec.plan));
    if (!access.allowed) throw new ActionError(403, 'Forbidden', access.reason ?? 'Not allowed.', { missing: access.missing });
  }

  private async handle(id: string): Promise<RecordHandle> {
    const found = await this.findFresh(id);
    if (!found) throw new ActionError(404, 'Unknown migration', `No migration ${id} in context ${this.ctx.cache.context}.`);
    return found;
  }

  /** The record read fresh: its namespace from this process's memory, the cache, or a labelled list. */
  private async findFresh(id: string): Promise<RecordHandle | undefined> {
    if (!/^[a-z0-9]{4,40}$/.test(id)) return undefined;
    const ns = this.namespaces.get(id) ?? this.cachedRecords().find((r) => r.id === id)?.target.namespace
      ?? (await this.ctx.client.listConfigMaps(undefined, `${MIGRATION_LABEL}=${id}`).catch(() => []))[0]?.metadata.namespace;
    if (!ns) return undefined;
    const h = await readRecord(this.ctx, ns, id);
    if (h) this.namespaces.set(id, ns);
    return h;
  }

  private async dto(rec: MigrationRecord): Promise<MigrationDto> {
    const access: AccessDto = await this.ctx.cache.access.action(rec.type, rec.target.namespace).then((a) => ({ allowed: a.allowed, ...(a.reason ? { reason: a.reason } : {}) }));
    return migrationDto(rec, access);
  }
}
