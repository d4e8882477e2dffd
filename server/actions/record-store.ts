import 'server-only';
/**
 * Reads and writes migration records (ConfigMaps) with optimistic concurrency, and the lease that
 * makes one dashboard process at a time run a record's step: annotation `scaleguard.dev/lease`
 * `{holder, expiresAt}`, taken and renewed only by writes carrying the record's resourceVersion,
 * so of two replicas racing for it exactly one write succeeds.
 */
import { decodeRecord, encodeRecord, leaseBlocks, recordName, MIGRATION_LABEL, type Lease, type MigrationRecord } from '@/lib/plans/record';
import { assertAlive, type ActionContext } from './context';
import { ActionError } from './errors';
import type { ConfigMapObject } from './kube';

/** This process no longer holds the record's lease: another one took over; stop without writing. */
export class LeaseLost extends Error {
  constructor(readonly holder: string | undefined) {
    super(`the lease was taken by ${holder ?? 'nobody'}`);
    this.name = 'LeaseLost';
  }
}

/** Decodes a record ConfigMap or says what is wrong with it. */
export function decodeOrThrow(cm: ConfigMapObject): { record: MigrationRecord; lease?: Lease; resourceVersion?: string } {
  const d = decodeRecord(cm);
  if (!d.ok) throw new ActionError(500, 'Malformed migration record', d.error);
  return d;
}

/** Reads a record fresh from the API (not the cache: writes need its current resourceVersion). */
export async function readRecord(ctx: ActionContext, namespace: string, id: string): Promise<RecordHandle | undefined> {
  const cm = await ctx.client.getConfigMap(namespace, recordName(id));
  if (!cm) return undefined;
  const d = decodeOrThrow(cm);
  return new RecordHandle(ctx, d.record, d.resourceVersion, d.lease);
}

/** Records of a namespace, read fresh, for the one-migration-per-target check. */
export async function listRecords(ctx: ActionContext, namespace: string): Promise<{ record: MigrationRecord; createdAt: string; name: string }[]> {
  const cms = await ctx.client.listConfigMaps(namespace, MIGRATION_LABEL);
  return cms.flatMap((cm) => {
    const d = decodeRecord(cm);
    return d.ok ? [{ record: d.record, createdAt: cm.metadata.creationTimestamp ?? '', name: cm.metadata.name }] : [];
  });
}

/** Writes a new record (no lease). */
export async function createRecord(ctx: ActionContext, rec: MigrationRecord): Promise<RecordHandle> {
  const cm = await ctx.client.createConfigMap(encodeRecord(rec));
  return new RecordHandle(ctx, rec, cm.metadata.resourceVersion, undefined);
}

/**
 * One record and the resourceVersion it was read at. Writes are serialised per handle; a 409
 * re-reads and re-applies the same change, as long as this process still holds the lease.
 */
export class RecordHandle {
  private queue: Promise<unknown> = Promise.resolve();
  private renewTimer: NodeJS.Timeout | undefined;
  private held = false;

  constructor(private readonly ctx: ActionContext, public record: MigrationRecord, private resourceVersion: string | undefined, public lease: Lease | undefined) {}

  /** Whether another live process holds the lease now. */
  leasedElsewhere(): boolean {
    return leaseBlocks(this.lease, this.ctx.holder, this.ctx.now());
  }

  /**
   * Takes the lease and applies `change` in the same write. `check` runs on the record as read
   * and may refuse (throw). Returns false when another process holds the lease or won the race.
   */
  async acquire(check: (r: MigrationRecord) => void, change: (r: MigrationRecord) => void): Promise<boolean> {
    check(this.record);
    assertAlive(this.ctx);
    if (this.leasedElsewhere()) return false;
    const next = structuredClone(this.record);
    change(next);
    next.updatedAt = this.ctx.now().toISOString();
    const lease = this.newLease();
    try {
      const cm = await this.ctx.client.replaceConfigMap(encodeRecord(next, { lease, resourceVersion: this.resourceVersion }));
      this.accept(next, cm, lease);
    } catch (e) {
      if ((e as { status?: number }).status === 409) return false;
      throw e;
    }
    this.held = true;
    this.renewTimer = setInterval(() => void this.update(() => undefined).catch(() => undefined), Math.max(200, Math.floor(this.ctx.settings.leaseMs / 3)));
    this.renewTimer.unref?.();
    return true;
  }

  /** Applies `change` and writes it (renewing the lease); retried on 409 while the lease is ours. */
  update(change: (r: MigrationRecord) => void): Promise<MigrationRecord> {
    const run = this.queue.then(() => this.write(change, this.held));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes a last change and gives the lease up. */
  async release(change: (r: MigrationRecord) => void = () => undefined): Promise<MigrationRecord> {
    clearInterval(this.renewTimer);
    const run = this.queue.then(() => this.write(change, false));
    this.queue = run.catch(() => undefined);
    const rec = await run;
    this.held = false;
    return rec;
  }

  /** Stops renewing without writing (the process is going away, or the lease was lost). */
  abandon(): void {
    clearInterval(this.renewTimer);
    this.held = false;
  }

  private async write(change: (r: MigrationRecord) => void, keepLease: boolean): Promise<MigrationRecord> {
    assertAlive(this.ctx);
    for (let attempt = 0; ; attempt++) {
      const next = structuredClone(this.record);
      change(next);
      next.updatedAt = this.ctx.now().toISOString();
      const lease = keepLease ? this.newLease() : undefined;
      try {
        const cm = await this.ctx.client.replaceConfigMap(encodeRecord(next, { lease, resourceVersion: this.resourceVersion }));
        this.accept(next, cm, lease);
        return next;
      } catch (e) {
        if ((e as { status?: number }).status !== 409 || attempt >= 5) throw e;
        // Someone else wrote the record: continue only if the lease is still ours.
        const cm = await this.ctx.client.getConfigMap(this.record.target.namespace, recordName(this.record.id));
        if (!cm) throw new LeaseLost(undefined);
        const d = decodeOrThrow(cm);
        if (d.lease && d.lease.holder !== this.ctx.holder) {
          this.abandon();
          throw new LeaseLost(d.lease.holder);
        }
        this.record = d.record;
        this.resourceVersion = d.resourceVersion;
        this.lease = d.lease;
      }
    }
  }

  private accept(next: MigrationRecord, cm: ConfigMapObject, lease: Lease | undefined): void {
    this.record = next;
    this.resourceVersion = cm.metadata.resourceVersion;
    this.lease = lease;
  }

  private newLease(): Lease {
    return { holder: this.ctx.holder, expiresAt: new Date(this.ctx.now().getTime() + this.ctx.settings.leaseMs).toISOString() };
  }
}
