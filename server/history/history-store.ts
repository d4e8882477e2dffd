import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReplicaSample } from '@/lib/history/types';

export interface WorkloadKey {
  context: string;
  namespace: string;
  kind: string;
  name: string;
}

/**
 * scaleguard's memory of the cluster over time, in one SQLite file (`SCALEGUARD_DATA_DIR`):
 * replica/bounds samples per workload and the moments it saw objects change generation. Kept for
 * `retentionDays`; survives dashboard restarts. Writes are small and batched by the recorder.
 */
export class HistoryStore {
  private readonly db: Database.Database;
  private readonly insertSample: Database.Statement;
  private readonly insertGeneration: Database.Statement;
  private readonly selectGeneration: Database.Statement;
  private readonly selectSamples: Database.Statement;

  constructor(file: string, readonly retentionDays = 14) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS replica_samples (
        context TEXT NOT NULL, namespace TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        at TEXT NOT NULL, desired INTEGER NOT NULL, ready INTEGER NOT NULL, min INTEGER, max INTEGER
      );
      CREATE INDEX IF NOT EXISTS replica_samples_by_workload ON replica_samples (context, namespace, kind, name, at);
      CREATE TABLE IF NOT EXISTS generations (
        context TEXT NOT NULL, uid TEXT NOT NULL, generation INTEGER NOT NULL, observed_at TEXT NOT NULL,
        PRIMARY KEY (context, uid, generation)
      );
      CREATE INDEX IF NOT EXISTS generations_by_uid ON generations (uid, generation);
    `);
    this.insertSample = this.db.prepare('INSERT INTO replica_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertGeneration = this.db.prepare('INSERT OR IGNORE INTO generations VALUES (?, ?, ?, ?)');
    this.selectGeneration = this.db.prepare('SELECT MIN(observed_at) AS observed_at FROM generations WHERE uid = ? AND generation = ?');
    this.selectSamples = this.db.prepare(
      'SELECT at, desired, ready, min, max FROM replica_samples WHERE context = ? AND namespace = ? AND kind = ? AND name = ? AND at >= ? ORDER BY at',
    );
  }

  /** Writes a batch in one transaction (one fsync instead of hundreds). */
  record(samples: (WorkloadKey & ReplicaSample)[], generations: { context: string; uid: string; generation: number; at: string }[]): void {
    if (!samples.length && !generations.length) return;
    this.db.transaction(() => {
      for (const s of samples) this.insertSample.run(s.context, s.namespace, s.kind, s.name, s.at, s.desired, s.ready, s.min ?? null, s.max ?? null);
      for (const g of generations) this.insertGeneration.run(g.context, g.uid, g.generation, g.at);
    })();
  }

  /**
   * When any context first saw the object at that generation. A uid names one object of one
   * cluster, and two contexts on the same cluster (an admin's and a viewer's) see the same change:
   * the earliest sighting is the better answer for either, e.g. for a viewer whose watch started
   * after a refresh the admin made.
   */
  generationObservedAt(_context: string, uid: string, generation: number): string | undefined {
    const row = this.selectGeneration.get(uid, generation) as { observed_at: string | null } | undefined;
    return row?.observed_at ?? undefined;
  }

  samples(key: WorkloadKey, since: string): ReplicaSample[] {
    return (this.selectSamples.all(key.context, key.namespace, key.kind, key.name, since) as { at: string; desired: number; ready: number; min: number | null; max: number | null }[])
      .map((r) => ({ at: r.at, desired: r.desired, ready: r.ready, ...(r.min === null ? {} : { min: r.min }), ...(r.max === null ? {} : { max: r.max }) }));
  }

  /** Drops what is older than the retention. */
  prune(now: Date): void {
    const cutoff = new Date(now.getTime() - this.retentionDays * 86_400_000).toISOString();
    this.db.prepare('DELETE FROM replica_samples WHERE at < ?').run(cutoff);
    this.db.prepare('DELETE FROM generations WHERE observed_at < ?').run(cutoff);
  }

  close(): void {
    this.db.close();
  }
}
