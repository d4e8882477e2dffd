import 'server-only';
/**
 * KEDA activity over time: each ScaledObject's Active and Paused conditions, recorded when they
 * change (KEDA's conditions carry no transition time, so only watching tells when). Kept in the
 * history's SQLite file (`keda_activity` table, own connection, same retention). The replica
 * timeline of the KEDA page draws it over the workload's recorded replicas and bounds.
 *
 * Recording starts for a context the first time the KEDA page or API is used with it; earlier
 * moments are unknown and the chart says so.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findCondition } from '@/lib/k8s/object';
import type { KedaActivitySample } from '@/lib/dto/keda-timeline';
import type { ClusterCache } from './cluster/cluster-cache';
import { config } from './config';

const RETENTION_DAYS = 14;
const PRUNE_EVERY_MS = 3_600_000;

class KedaActivityStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly firstAt: Database.Statement;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Other connections (history store, action log) may hold the write lock for a moment.
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS keda_activity (
        context TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, at TEXT NOT NULL,
        active TEXT NOT NULL, reason TEXT, paused INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS keda_activity_by_object ON keda_activity (context, namespace, name, at);
    `);
    this.insert = this.db.prepare('INSERT INTO keda_activity VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT at, active, reason, paused FROM keda_activity WHERE context = ? AND namespace = ? AND name = ? AND at >= ? ORDER BY at');
    this.firstAt = this.db.prepare('SELECT at, active, reason, paused FROM keda_activity WHERE context = ? AND namespace = ? AND name = ? AND at < ? ORDER BY at DESC LIMIT 1');
  }

  record(rows: { context: string; namespace: string; name: string; at: string; active: string; reason?: string; paused: boolean }[]): void {
    if (!rows.length) return;
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(r.context, r.namespace, r.name, r.at, r.active, r.reason ?? null, r.paused ? 1 : 0);
    })();
  }

  /** Samples since `since`, led by the last one before it (the state in effect at `since`). */
  samples(context: string, namespace: string, name: string, since: string): KedaActivitySample[] {
    type Row = { at: string; active: string; reason: string | null; paused: number };
    const before = this.firstAt.get(context, namespace, name, since) as Row | undefined;
    const rows = [...(before ? [{ ...before, at: since }] : []), ...(this.select.all(context, namespace, name, since) as Row[])];
    return rows.map((r) => ({ at: r.at, active: r.active as KedaActivitySample['active'], paused: r.paused === 1, ...(r.reason ? { reason: r.reason } : {}) }));
  }

  prune(now: Date): void {
    this.db.prepare('DELETE FROM keda_activity WHERE at < ?').run(new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString());
  }
}

interface State {
  store: KedaActivityStore;
  recorders: WeakMap<ClusterCache, { since: string }>;
}

const KEY = Symbol.for('scaleguard.keda-activity');

function state(): State {
  const g = globalThis as typeof globalThis & { [KEY]?: State };
  g[KEY] ??= { store: new KedaActivityStore(path.join(config().dataDir, 'history.sqlite')), recorders: new WeakMap() };
  return g[KEY];
}

/** Starts recording a context's KEDA activity (once per cache); returns since when it records. */
export function recordKedaActivity(cache: ClusterCache): string {
  const s = state();
  const running = s.recorders.get(cache);
  if (running) return running.since;
  const last = new Map<string, string>();
  let lastPrune = 0;
  const capture = () => {
    const snap = cache.snapshot();
    if (snap.connection.state !== 'connected' || snap.kinds.scaledobjects.state !== 'synced') return;
    const at = new Date().toISOString();
    const rows = [];
    for (const so of snap.objects.scaledobjects) {
      const namespace = so.metadata.namespace ?? '';
      const name = so.metadata.name ?? '';
      const active = findCondition(so.status, 'Active');
      const paused = findCondition(so.status, 'Paused')?.status === 'True';
      const status = active?.status === 'True' || active?.status === 'False' ? active.status : 'Unknown';
      const fingerprint = `${status}/${active?.reason ?? ''}/${paused}`;
      const key = `${namespace}/${name}`;
      if (last.get(key) === fingerprint) continue;
      last.set(key, fingerprint);
      rows.push({ context: snap.context, namespace, name, at, active: status, ...(active?.reason ? { reason: active.reason } : {}), paused });
    }
    s.store.record(rows);
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      s.store.prune(new Date());
    }
  };
  const since = new Date().toISOString();
  s.recorders.set(cache, { since });
  cache.subscribe(capture);
  capture();
  return since;
}

/** Recorded activity of one ScaledObject since `since`. */
export function kedaActivity(context: string, namespace: string, name: string, since: string): KedaActivitySample[] {
  return state().store.samples(context, namespace, name, since);
}
