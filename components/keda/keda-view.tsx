'use client';

import Link from 'next/link';
import { Search, SearchX, X, Zap } from 'lucide-react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useId, useMemo } from 'react';
import type { KedaDto } from '@/lib/dto/keda';
import { filterKeda, kedaQueryString, parseKedaQuery, type KedaQuery } from '@/lib/dto/keda-query';
import { Callout } from '../ui/callout';
import { Card, CardHeader } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { InstallationPanel } from './installation-panel';
import { ScaledJobsTable, ScaledObjectsTable } from './scaledobjects-table';
import { useKeda } from './use-keda';

function Filters({ namespaces, query, onChange }: { namespaces: string[]; query: KedaQuery; onChange: (q: KedaQuery) => void }) {
  const nsId = useId();
  const qId = useId();
  return (
    <div role="search" className="mb-4 flex flex-wrap items-center gap-3">
      <div className="flex items-center gap-2">
        <label htmlFor={nsId} className="text-xs text-muted">Namespace</label>
        <select id={nsId} value={query.namespace ?? ''} onChange={(e) => onChange({ ...query, namespace: e.target.value || undefined })} className="h-8 rounded-md border border-line bg-surface px-2 text-sm text-fg">
          <option value="">All namespaces</option>
          {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
      <div className="relative">
        <label htmlFor={qId} className="sr-only">Filter ScaledObjects</label>
        <Search aria-hidden className="pointer-events-none absolute left-2 top-1/2 size-4 -translate-y-1/2 text-faint" />
        <input id={qId} type="search" value={query.q ?? ''} placeholder="Name, target, trigger or rule…" onChange={(e) => onChange({ ...query, q: e.target.value || undefined })}
          className="h-8 w-72 rounded-md border border-line bg-surface pl-8 pr-8 text-sm text-fg placeholder:text-faint" />
        {query.q ? (
          <button type="button" aria-label="Clear filter" onClick={() => onChange({ ...query, q: undefined })} className="absolute right-1.5 top-1/2 -translate-y-1/2 rounded p-0.5 text-faint hover:text-fg">
            <X aria-hidden className="size-4" />
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** `/keda`: KEDA's installation, every ScaledObject and every ScaledJob; filters live in the URL. */
export function KedaView({ context, initial }: { context: string; initial: KedaDto }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parseKedaQuery(Object.fromEntries(searchParams)), [searchParams]);
  const setQuery = useCallback((q: KedaQuery) => window.history.replaceState(null, '', `${pathname}${kedaQueryString(q)}`), [pathname]);
  const { data, error, isFetching } = useKeda(context, initial);
  const d = data ?? initial;
  const objects = filterKeda(d.scaledObjects, query);
  const jobs = filterKeda(d.scaledJobs, query);
  const namespaces = [...new Set([...d.scaledObjects, ...d.scaledJobs].map((r) => r.namespace))].sort();
  const active = d.scaledObjects.filter((r) => r.conditions.some((c) => c.type === 'Active' && c.status === 'True')).length;
  const paused = d.scaledObjects.filter((r) => r.pause).length;
  const withFindings = d.scaledObjects.filter((r) => r.findings.length).length;
  const so = d.installation.crds.scaledobjects;
  return (
    <>
      <PageHeader
        title="KEDA"
        description="Every ScaledObject and ScaledJob: what triggers it, what KEDA says about it, the HPA it owns — and whether KEDA itself is healthy."
        aside={<span className="tabular text-xs text-muted" aria-live="polite">{isFetching ? 'Refreshing…' : d.installation.installed === false ? 'KEDA not installed' : `${d.scaledObjects.length} ScaledObjects · ${active} active · ${paused} paused · ${withFindings} with findings`}</span>}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      {d.installation.installed === false ? null : <InstallationPanel inst={d.installation} />}
      {so.state === 'forbidden' ? (
        <Callout tone="warn" title={`Context ${context} may not list ScaledObjects`}>
          The API server answered: <span className="font-mono">{so.message ?? 'forbidden'}</span>. Ask for read access to <span className="font-mono">keda.sh</span> (KEDA’s Helm chart can add it to the built-in view role with <span className="font-mono">rbac.aggregateToDefaultRoles</span>).
        </Callout>
      ) : null}
      {d.installation.installed === false ? (
        <Card data-keda-installed="false">
          <EmptyState icon={<Zap className="size-8" />} title="KEDA is not installed" action={<Link href="/workloads" className="text-sm text-accent hover:underline">See what scales the workloads</Link>}>
            This cluster does not serve <span className="font-mono">scaledobjects.keda.sh</span>, so nothing here is scaled by KEDA — a normal state, not an error. Without KEDA there is no operator, admission webhook or <span className="font-mono">external.metrics.k8s.io</span> to check either. Once KEDA is installed, its ScaledObjects, ScaledJobs and the HPAs they own appear here.
          </EmptyState>
        </Card>
      ) : (
        <>
          {d.scaledObjects.length || d.scaledJobs.length ? <Filters namespaces={namespaces} query={query} onChange={setQuery} /> : null}
          <Card className="mb-6" aria-labelledby="so-title">
            <CardHeader id="so-title" title="ScaledObjects" description="Active means a trigger is above its activation threshold; with minReplicaCount ≥ 1 Active=False is normal. Open one for its triggers explained with current values." />
            {d.scaledObjects.length === 0 ? (
              <EmptyState icon={<Zap className="size-8" />} title="No ScaledObjects">{so.state === 'forbidden' ? 'They cannot be listed with this context.' : 'Nothing in this cluster is scaled by a ScaledObject.'}</EmptyState>
            ) : objects.length === 0 ? (
              <EmptyState icon={<SearchX className="size-8" />} title="No ScaledObject matches these filters"
                action={<button type="button" onClick={() => setQuery({})} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Clear filters</button>} />
            ) : <ScaledObjectsTable rows={objects} />}
          </Card>
          <Card aria-labelledby="sj-title">
            <CardHeader id="sj-title" title="ScaledJobs" description="KEDA starts Jobs for these instead of scaling a workload: about ⌈queue ÷ target⌉ per polling interval, minus the running ones." />
            {d.scaledJobs.length === 0 ? (
              <p className="px-4 py-4 text-sm text-muted">No ScaledJobs in this cluster.</p>
            ) : jobs.length === 0 ? (
              <p className="px-4 py-4 text-sm text-muted">No ScaledJob matches these filters.</p>
            ) : <ScaledJobsTable rows={jobs} />}
          </Card>
        </>
      )}
    </>
  );
}
