'use client';

import Link from 'next/link';
import { ArrowRight, ArrowRightLeft, SearchX } from 'lucide-react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useId, useMemo } from 'react';
import { ACTION_LABELS, type ActionId } from '@/lib/actions';
import type { MigrationRowDto, MigrationsDto } from '@/lib/dto/migrations';
import { workloadHref } from '@/lib/links';
import { useMigrations } from '../hooks/use-migrations';
import { Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { RichText } from '../ui/rich-text';
import { Skeleton } from '../ui/skeleton';
import { browseQueryString, browseRows, countByStatus, MIGRATION_STATUSES, namespacesOf, parseBrowseQuery, type BrowseQuery } from './browse';
import { migrationHref, planHref } from './links';
import { MigrationStatusBadge, STATUS_LABEL } from './status-badge';

const SHORT: Partial<Record<ActionId, string>> = {
  'hpa-to-scaledobject': 'HPA → ScaledObject',
  'canary-hpa-to-scaledobject': 'Canary HPA → ScaledObject',
};

export function migrationTypeLabel(type: string): string {
  return SHORT[type as ActionId] ?? ACTION_LABELS[type as ActionId] ?? type;
}

const PLANNABLE = new Set(['not-started', 'ready', 'blocked', 'rolled-back']);

/** The migration browser: every candidate and migration with its status; the filter lives in the URL. */
export function MigrationsView({ context, initial }: { context: string; initial?: MigrationsDto }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parseBrowseQuery(Object.fromEntries(searchParams)), [searchParams]);
  const { data, error, isFetching, refetch } = useMigrations(context, initial);
  const setQuery = useCallback((q: BrowseQuery) => window.history.replaceState(null, '', `${pathname}${browseQueryString(q)}`), [pathname]);
  // A change applies to the URL as it is now, not as of the last render (two quick changes both count).
  const patchQuery = useCallback((patch: BrowseQuery) => {
    setQuery({ ...parseBrowseQuery(Object.fromEntries(new URLSearchParams(window.location.search))), ...patch });
  }, [setQuery]);
  const rows = data ? browseRows(data.items, query) : [];
  const inFlight = data ? data.items.filter((r) => r.status === 'in-progress').length : 0;
  return (
    <>
      <PageHeader
        title="Migrations"
        description="HPA → KEDA ScaledObject for every workload and canary: where each one stands, and the guarded way to move it."
        aside={data ? <span className="tabular text-xs text-muted" aria-live="polite">{isFetching ? 'Refreshing…' : `${data.items.length} candidates · ${inFlight} in flight`}</span> : undefined}
      />
      {!data && error ? (
        <Callout tone="crit" role="alert" title="The migrations could not be listed">
          <p>{error.message}</p>
          <button type="button" onClick={() => void refetch()} className="mt-2 text-accent hover:underline">Try again</button>
        </Callout>
      ) : !data ? (
        <div aria-busy="true" aria-label="Loading migrations">
          <Skeleton className="mb-4 h-8 w-[36rem] max-w-full" />
          <Skeleton className="h-72" />
        </div>
      ) : (
        <>
          <div className="mb-4">
            <Filters query={query} rows={data.items} onChange={patchQuery} />
          </div>
          {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
          <Card>
            {data.items.length === 0 ? (
              <EmptyState icon={<ArrowRightLeft className="size-8" />} title="Nothing to migrate">
                No workload or canary in this context is scaled by an HPA that a KEDA ScaledObject could take over, and no migration has been recorded.
              </EmptyState>
            ) : rows.length === 0 ? (
              <EmptyState icon={<SearchX className="size-8" />} title="No migration matches these filters"
                action={<button type="button" onClick={() => setQuery({})} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Clear filters</button>} />
            ) : (
              <MigrationsTable rows={rows} />
            )}
          </Card>
        </>
      )}
    </>
  );
}

/** Status chips with counts and the namespace; `onChange` gets only what changed (undefined clears it). */
function Filters({ query, rows, onChange }: { query: BrowseQuery; rows: MigrationRowDto[]; onChange: (patch: BrowseQuery) => void }) {
  const nsId = useId();
  const counts = countByStatus(rows, query.namespace);
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const chip = (active: boolean) => `rounded-md px-2.5 py-1 text-sm ${active ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`;
  return (
    <div role="search" className="flex flex-wrap items-center gap-x-5 gap-y-3">
      <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-1">
        <button type="button" aria-pressed={!query.status} onClick={() => onChange({ status: undefined })} className={chip(!query.status)}>
          All <span className="tabular">{all}</span>
        </button>
        {MIGRATION_STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={query.status === s} onClick={() => onChange({ status: query.status === s ? undefined : s })} className={chip(query.status === s)}>
            {STATUS_LABEL[s]} <span className={`tabular ${counts[s] ? '' : 'text-faint'}`}>{counts[s]}</span>
          </button>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={nsId} className="text-xs text-muted">Namespace</label>
        <select id={nsId} value={query.namespace ?? ''} onChange={(e) => onChange({ namespace: e.target.value || undefined })}
          className="h-8 rounded-md border border-line bg-surface px-2 text-sm text-fg">
          <option value="">All namespaces</option>
          {namespacesOf(rows).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
    </div>
  );
}

function MigrationsTable({ rows }: { rows: MigrationRowDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Migration candidates and migrations, with their status</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="px-4 py-2 font-medium">Workload</th>
            <th scope="col" className="px-4 py-2 font-medium">Namespace</th>
            <th scope="col" className="px-4 py-2 font-medium">Migration</th>
            <th scope="col" className="px-4 py-2 font-medium">HPAs</th>
            <th scope="col" className="px-4 py-2 font-medium">Status</th>
            <th scope="col" className="px-4 py-2 text-right font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const canary = r.target.kind === 'Canary';
            return (
              <tr key={`${r.type}/${r.target.namespace}/${r.target.kind}/${r.target.name}/${r.migrationId ?? ''}`}
                className="border-b border-line align-top last:border-0 hover:bg-surface-2/60"
                data-migration-row={`${r.target.namespace}/${r.target.name}`} data-type={r.type} data-status={r.status}>
                <td className="whitespace-nowrap px-4 py-2.5">
                  <Link href={workloadHref({ namespace: r.workload.namespace ?? r.target.namespace, kind: r.workload.kind, name: r.workload.name })} className="font-medium text-accent hover:underline">{r.workload.name}</Link>
                  <span className="ml-2 text-xs text-muted">{r.workload.kind}</span>
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 font-mono text-xs text-muted">{r.target.namespace}</td>
                <td className="px-4 py-2.5">
                  <span className="whitespace-nowrap">{migrationTypeLabel(r.type)}</span>
                  {canary ? <span className="ml-2"><Badge>Canary <span className="font-mono">{r.target.name}</span></Badge></span> : null}
                </td>
                <td className="px-4 py-2.5 font-mono text-xs">
                  {r.hpas.length ? <ul>{r.hpas.map((h) => <li key={h} className="whitespace-nowrap leading-5">{h}</li>)}</ul> : <span className="font-sans text-faint">none</span>}
                </td>
                <td className="max-w-md px-4 py-2.5">
                  <MigrationStatusBadge status={r.status} progress={r.progress} />
                  {r.detail ? <p className="mt-1 text-xs leading-relaxed text-muted [overflow-wrap:anywhere]" data-detail><RichText text={r.detail} /></p> : null}
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 text-right">
                  <span className="inline-flex items-center gap-3">
                    {r.migrationId ? (
                      <Link href={migrationHref(r.migrationId)} className="inline-flex items-center gap-1 text-accent hover:underline">
                        Open migration<ArrowRight aria-hidden className="size-3.5" />
                      </Link>
                    ) : null}
                    {PLANNABLE.has(r.status) && r.plannable !== false ? (
                      <Link href={planHref(r.type, r.target)} className="inline-flex items-center gap-1 rounded-md border border-line px-2 py-1 text-xs font-medium text-fg hover:bg-surface-2">
                        {r.status === 'rolled-back' ? 'Plan again' : 'Plan migration'}
                      </Link>
                    ) : null}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
