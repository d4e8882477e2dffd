import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { EvictionCause, ResizeAttempt, ResizeHistoryOutcome, ResizePath } from '@/lib/vpa/resize-attempts';
import type { Requests } from '@/lib/vpa/resize-sighting';

/** One stored resize attempt, with the VPA it is filed under (times as ISO strings). */
export type StoredResize = Omit<ResizeAttempt, 'at' | 'endedAt'> & { vpa: string; at: string; endedAt?: string };

interface Row {
  key: string; namespace: string; vpa: string; pod: string; container: string; at: string; ended_at: string | null;
  from_json: string; to_json: string; path: string; outcome: string; settled: number; cause: string | null;
  message: string | null; restarts: number | null; expected_restart: number | null; evidence: string;
}

/** Rows kept per VPA at most, whatever the age: a VPA resizing every minute stays bounded. */
export const MAX_ROWS_PER_VPA = 2000;

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The VPA resize history (design §2): every resize attempt scaleguard classified, in the same
 * SQLite file as the replica history, keyed by `(context, key)` where the key names the pod,
 * container, path and target — so re-observing an attempt (after a restart, or when a late Event
 * arrives) updates the row instead of adding one. A settled row keeps its outcome; only its start
 * may move earlier (a late `InPlaceResizedByVPA`) and an unknown `from` may be filled in.
 * Bounded by age (`retentionDays`) and by {@link MAX_ROWS_PER_VPA}.
 */
export class VpaResizeStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly byVpa: Database.Statement;
  private readonly all: Database.Statement;

  constructor(file: string, readonly retentionDays = 14) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS vpa_resizes (
        context TEXT NOT NULL, key TEXT NOT NULL, namespace TEXT NOT NULL, vpa TEXT NOT NULL, pod TEXT NOT NULL,
        container TEXT NOT NULL, at TEXT NOT NULL, ended_at TEXT, from_json TEXT NOT NULL, to_json TEXT NOT NULL,
        path TEXT NOT NULL, outcome TEXT NOT NULL, settled INTEGER NOT NULL, cause TEXT, message TEXT,
        restarts INTEGER, expected_restart INTEGER, evidence TEXT NOT NULL,
        PRIMARY KEY (context, key)
      );
      CREATE INDEX IF NOT EXISTS vpa_resizes_by_vpa ON vpa_resizes (context, namespace, vpa, at);
    `);
    this.upsert = this.db.prepare(`
      INSERT INTO vpa_resizes VALUES (@context, @key, @namespace, @vpa, @pod, @container, @at, @ended_at, @from_json, @to_json,
        @path, @outcome, @settled, @cause, @message, @restarts, @expected_restart, @evidence)
      ON CONFLICT (context, key) DO UPDATE SET
        at = MIN(at, excluded.at),
        from_json = CASE WHEN from_json = '{}' THEN excluded.from_json ELSE from_json END,
        to_json = CASE WHEN to_json = '{}' THEN excluded.to_json ELSE to_json END,
        vpa = CASE WHEN settled = 1 THEN vpa ELSE excluded.vpa END,
        ended_at = CASE WHEN settled = 1 THEN ended_at ELSE excluded.ended_at END,
        outcome = CASE WHEN settled = 1 THEN outcome ELSE excluded.outcome END,
        cause = CASE WHEN settled = 1 THEN cause ELSE excluded.cause END,
        message = CASE WHEN settled = 1 THEN message ELSE excluded.message END,
        restarts = CASE WHEN settled = 1 THEN restarts ELSE excluded.restarts END,
        expected_restart = CASE WHEN settled = 1 THEN expected_restart ELSE excluded.expected_restart END,
        evidence = CASE WHEN settled = 1 THEN evidence ELSE excluded.evidence END,
        settled = MAX(settled, excluded.settled)
    `);
    this.byVpa = this.db.prepare('SELECT * FROM vpa_resizes WHERE context = ? AND namespace = ? AND vpa = ? AND at >= ? ORDER BY at DESC, key LIMIT ?');
    this.all = this.db.prepare('SELECT * FROM vpa_resizes WHERE context = ? AND at >= ? ORDER BY at DESC, key');
  }

  /** Stores attempts (one transaction); an attempt seen before updates its row. */
  record(context: string, attempts: readonly (ResizeAttempt & { vpa: string })[]): void {
    if (!attempts.length) return;
    this.db.transaction(() => {
      for (const a of attempts) {
        this.upsert.run({
          context, key: a.key, namespace: a.namespace, vpa: a.vpa, pod: a.pod, container: a.container,
          at: iso(a.at), ended_at: iso(a.endedAt), from_json: JSON.stringify(a.from), to_json: JSON.stringify(a.to),
          path: a.path, outcome: a.outcome, settled: a.settled ? 1 : 0, cause: a.cause ?? null, message: a.message ?? null,
          restarts: a.restarts ?? null, expected_restart: a.expectedRestart === undefined ? null : Number(a.expectedRestart), evidence: JSON.stringify(a.evidence),
        });
      }
    })();
  }

  /** One VPA's attempts since `since` (ISO), newest first. */
  forVpa(context: string, namespace: string, vpa: string, since: string, limit = 500): StoredResize[] {
    return (this.byVpa.all(context, namespace, vpa, since, limit) as Row[]).map(fromRow);
  }

  /** Every VPA's attempts since `since`, grouped by `namespace/vpa`, newest first, at most `limit` each. */
  byVpaSince(context: string, since: string, limit = 500): Map<string, StoredResize[]> {
    const out = new Map<string, StoredResize[]>();
    for (const row of this.all.iterate(context, since) as Iterable<Row>) {
      const k = `${row.namespace}/${row.vpa}`;
      const list = out.get(k) ?? [];
      if (list.length < limit) list.push(fromRow(row));
      out.set(k, list);
    }
    return out;
  }

  /** Drops rows older than the retention, and the oldest beyond {@link MAX_ROWS_PER_VPA} per VPA. */
  prune(now: Date): void {
    const cutoff = new Date(now.getTime() - this.retentionDays * 86_400_000).toISOString();
    this.db.prepare('DELETE FROM vpa_resizes WHERE at < ?').run(cutoff);
    this.db.prepare(`DELETE FROM vpa_resizes WHERE rowid IN (SELECT rowid FROM (
      SELECT rowid, ROW_NUMBER() OVER (PARTITION BY context, namespace, vpa ORDER BY at DESC) AS n FROM vpa_resizes) WHERE n > ?)`).run(MAX_ROWS_PER_VPA);
  }

  close(): void {
    this.db.close();
  }
}

function parseRequests(text: string): Requests {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function fromRow(r: Row): StoredResize {
  let evidence: string[] = [];
  try {
    const v: unknown = JSON.parse(r.evidence);
    if (Array.isArray(v)) evidence = v.filter((x): x is string => typeof x === 'string');
  } catch { /* keep none */ }
  return {
    key: r.key, namespace: r.namespace, vpa: r.vpa, pod: r.pod, container: r.container, at: r.at,
    ...(r.ended_at ? { endedAt: r.ended_at } : {}),
    from: parseRequests(r.from_json), to: parseRequests(r.to_json),
    path: r.path as ResizePath, outcome: r.outcome as ResizeHistoryOutcome, settled: r.settled === 1,
    ...(r.cause ? { cause: r.cause as EvictionCause } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(r.restarts !== null ? { restarts: r.restarts } : {}),
    ...(r.expected_restart !== null ? { expectedRestart: r.expected_restart === 1 } : {}),
    evidence,
  };
}
