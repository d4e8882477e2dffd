/** The migration browser's filter (status and namespace, kept in the URL) and its pure helpers. */
import type { MigrationRowDto, MigrationStatus } from '@/lib/dto/migrations';

export const MIGRATION_STATUSES: MigrationStatus[] = ['not-started', 'ready', 'in-progress', 'blocked', 'done', 'rolled-back', 'failed'];

export interface BrowseQuery {
  status?: MigrationStatus;
  namespace?: string;
}

export function parseBrowseQuery(params: Record<string, string | string[] | undefined>): BrowseQuery {
  const status = typeof params.status === 'string' && (MIGRATION_STATUSES as string[]).includes(params.status) ? (params.status as MigrationStatus) : undefined;
  const namespace = typeof params.namespace === 'string' && params.namespace ? params.namespace : undefined;
  return { ...(status ? { status } : {}), ...(namespace ? { namespace } : {}) };
}

export function browseQueryString(q: BrowseQuery): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.namespace) p.set('namespace', q.namespace);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const RANK: Record<MigrationStatus, number> = { 'in-progress': 0, failed: 1, blocked: 2, ready: 3, 'not-started': 4, done: 5, 'rolled-back': 6 };

/** Rows of the namespace and status asked for: what needs attention first, then by namespace and name. */
export function browseRows(rows: MigrationRowDto[], q: BrowseQuery): MigrationRowDto[] {
  return rows
    .filter((r) => (!q.namespace || r.target.namespace === q.namespace) && (!q.status || r.status === q.status))
    .sort((a, b) => RANK[a.status] - RANK[b.status] || a.target.namespace.localeCompare(b.target.namespace) || a.target.name.localeCompare(b.target.name) || a.type.localeCompare(b.type));
}

/** Rows per status in the chosen namespace (the status chips count before the status filter). */
export function countByStatus(rows: MigrationRowDto[], namespace?: string): Record<MigrationStatus, number> {
  const counts = Object.fromEntries(MIGRATION_STATUSES.map((s) => [s, 0])) as Record<MigrationStatus, number>;
  for (const r of rows) if (!namespace || r.target.namespace === namespace) counts[r.status]++;
  return counts;
}

export function namespacesOf(rows: MigrationRowDto[]): string[] {
  return [...new Set(rows.map((r) => r.target.namespace))].sort();
}
