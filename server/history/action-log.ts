import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** One guarded write and how it ended (design §5 step 8). */
export interface ActionLogRow {
  at: string;
  context: string;
  user: string;
  migration: string;
  /** 0-based step index; -1 for the migration as a whole (started, rolled back). */
  step: number;
  action: string;
  /** `started` | `done` | `failed` | `blocked` | `rolled-back` | … */
  outcome: string;
  message: string;
}

/**
 * The action log: every migration start, step outcome and rollback, in the same SQLite file as
 * the rest of the history (`action_log` table). The Kubernetes Events say the same on the objects,
 * but Events expire after an hour; this stays for the history's retention.
 */
export class ActionLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly byMigration: Database.Statement;

  constructor(file: string, readonly retentionDays = 90) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Another connection (the history store) may hold the write lock for a moment.
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS action_log (
        at TEXT NOT NULL, context TEXT NOT NULL, user TEXT NOT NULL, migration TEXT NOT NULL,
        step INTEGER NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS action_log_by_migration ON action_log (migration, at);
    `);
    this.insert = this.db.prepare('INSERT INTO action_log (at, context, user, migration, step, action, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.byMigration = this.db.prepare('SELECT at, context, user, migration, step, action, outcome, message FROM action_log WHERE migration = ? ORDER BY at, rowid');
  }

  append(row: ActionLogRow): void {
    this.insert.run(row.at, row.context, row.user, row.migration, row.step, row.action, row.outcome, row.message);
  }

  forMigration(id: string): ActionLogRow[] {
    return this.byMigration.all(id) as ActionLogRow[];
  }

  /** Rows of one context, newest first. */
  recent(context: string, limit = 100): ActionLogRow[] {
    return this.db.prepare('SELECT at, context, user, migration, step, action, outcome, message FROM action_log WHERE context = ? ORDER BY at DESC, rowid DESC LIMIT ?').all(context, limit) as ActionLogRow[];
  }

  prune(now: Date): void {
    this.db.prepare('DELETE FROM action_log WHERE at < ?').run(new Date(now.getTime() - this.retentionDays * 86_400_000).toISOString());
  }

  close(): void {
    this.db.close();
  }
}
