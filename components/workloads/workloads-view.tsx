'use client';

import { Boxes, SearchX } from 'lucide-react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseWorkloadQuery, workloadQueryString } from '@/lib/dto/workload-query';
import type { WorkloadQuery, WorkloadsDto } from '@/lib/dto/workloads';
import { useWorkloads } from '../hooks/use-workloads';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { WorkloadFilters } from './workload-filters';
import { WorkloadsTable } from './workloads-table';

/** The workloads list; filters, sort and page live in the URL so a view can be shared. */
export function WorkloadsView({ context, initialQuery, initial }: { context: string; initialQuery: WorkloadQuery; initial: WorkloadsDto }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parseWorkloadQuery(Object.fromEntries(searchParams)), [searchParams]);
  const sameAsInitial = workloadQueryString(query) === workloadQueryString(initialQuery);
  const { data, error, isFetching } = useWorkloads(context, query, sameAsInitial ? initial : undefined);
  const setQuery = useCallback((next: WorkloadQuery) => {
    // history.replaceState updates useSearchParams without a server round trip (Next.js App Router).
    window.history.replaceState(null, '', `${pathname}${workloadQueryString(next)}`);
  }, [pathname]);
  const onFilter = useCallback((f: { namespace?: string; q?: string }) => setQuery({ ...query, ...f, offset: undefined }), [query, setQuery]);
  const d = data ?? initial;
  const first = d.total ? d.offset + 1 : 0;
  const last = Math.min(d.offset + d.limit, d.total);
  return (
    <>
      <PageHeader
        title="Workloads"
        description="Every Deployment and StatefulSet, with each autoscaler that acts on it."
        aside={<span className="tabular text-xs text-muted" aria-live="polite">{isFetching ? 'Refreshing…' : `${d.total} of ${d.unfilteredTotal} workloads`}</span>}
      />
      <div className="mb-4">
        <WorkloadFilters namespaces={d.namespaces} namespace={query.namespace} q={query.q} onChange={onFilter} />
      </div>
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      <Card>
        {d.unfilteredTotal === 0 ? (
          <EmptyState icon={<Boxes className="size-8" />} title="No workloads in this cluster">
            No Deployments or StatefulSets were found in any namespace this context can read.
          </EmptyState>
        ) : d.total === 0 ? (
          <EmptyState
            icon={<SearchX className="size-8" />}
            title="No workload matches these filters"
            action={<button type="button" onClick={() => setQuery({})} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Clear filters</button>}
          />
        ) : (
          <>
            <WorkloadsTable rows={d.items} sort={query.sort ?? 'namespace'} dir={query.dir ?? 'asc'} onSort={(sort, dir) => setQuery({ ...query, sort, dir, offset: undefined })} />
            {d.total > d.limit ? (
              <nav aria-label="Pages" className="flex items-center justify-between border-t border-line px-4 py-2 text-xs text-muted">
                <span className="tabular">{first}–{last} of {d.total}</span>
                <span className="flex gap-2">
                  <button type="button" disabled={d.offset === 0} onClick={() => setQuery({ ...query, offset: Math.max(0, d.offset - d.limit) || undefined })} className="rounded-md border border-line px-2.5 py-1 hover:bg-surface-2 disabled:opacity-40">Previous</button>
                  <button type="button" disabled={last >= d.total} onClick={() => setQuery({ ...query, offset: d.offset + d.limit })} className="rounded-md border border-line px-2.5 py-1 hover:bg-surface-2 disabled:opacity-40">Next</button>
                </span>
              </nav>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
