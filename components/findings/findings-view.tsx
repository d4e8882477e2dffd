'use client';

import Link from 'next/link';
import { ShieldCheck } from 'lucide-react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { subjectHref } from '@/lib/dto/finding-links';
import { FINDINGS_PAGE_SIZE, FindingsQuerySchema, groupBySubject, type FindingsDto, type FindingsQuery } from '@/lib/dto/findings';
import { useFindings } from '../hooks/use-findings';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { FindingCard } from './finding-card';
import { FindingsFilters } from './findings-filters';

function parse(params: URLSearchParams): FindingsQuery {
  const r = FindingsQuerySchema.safeParse(Object.fromEntries(params));
  return r.success ? r.data : {};
}

function toSearch(q: FindingsQuery): string {
  const p = new URLSearchParams();
  if (q.severity) p.set('severity', q.severity);
  if (q.namespace) p.set('namespace', q.namespace);
  if (q.rule) p.set('rule', q.rule);
  if (q.offset) p.set('offset', String(q.offset));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Findings ranked by severity then age, grouped per workload; the filter lives in the URL. */
export function FindingsView({ context, initialQuery, initial, namespaces, rules }: {
  context: string;
  initialQuery: FindingsQuery;
  initial: FindingsDto;
  namespaces: string[];
  rules: { id: string; title: string }[];
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => ({ ...parse(new URLSearchParams(searchParams)), limit: FINDINGS_PAGE_SIZE }), [searchParams]);
  const { data, error, isFetching } = useFindings(context, query, toSearch(query) === toSearch(initialQuery) ? initial : undefined);
  // Any filter change starts again at the first page.
  const setQuery = useCallback((q: FindingsQuery) => window.history.replaceState(null, '', `${pathname}${toSearch(q)}`), [pathname]);
  const setFilter = useCallback((q: FindingsQuery) => setQuery({ ...q, offset: undefined }), [setQuery]);
  const d = data ?? initial;
  const groups = groupBySubject(d.items);
  const total = d.counts.critical + d.counts.warning + d.counts.info;
  return (
    <>
      <PageHeader
        title="Findings"
        description="Where autoscalers fight or cannot work, ranked by severity, then by how long it has been so."
        aside={<span className="tabular text-xs text-muted" aria-live="polite">{isFetching ? 'Refreshing…' : `${d.total} finding${d.total === 1 ? '' : 's'}`}</span>}
      />
      <div className="mb-4">
        <FindingsFilters query={query} counts={d.counts} namespaces={namespaces} rules={rules} onChange={setFilter} />
      </div>
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      {groups.length === 0 ? (
        <Card>
          <EmptyState icon={<ShieldCheck className="size-8 text-ok" />} title={total === 0 ? 'No findings: no autoscalers are fighting' : 'No finding matches these filters'}
            action={total ? <button type="button" onClick={() => setFilter({})} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface-2">Clear filters</button> : undefined}>
            {total === 0 ? 'Every rule ran over every workload and autoscaler this context can read.' : null}
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {groups.map((g) => {
            const href = subjectHref(g.subject, g.subject);
            return (
              <Card key={g.key} aria-labelledby={`group-${g.key}`}>
                <div className="flex items-center gap-2 border-b border-line px-4 py-2.5">
                  <span className="text-xs text-muted">{g.subject.kind}</span>
                  <h2 id={`group-${g.key}`} className="font-mono text-sm font-medium">
                    {href ? <Link href={href} className="text-accent hover:underline">{g.subject.namespace}/{g.subject.name}</Link> : `${g.subject.namespace}/${g.subject.name}`}
                  </h2>
                  <span className="ml-auto text-xs text-muted">{g.findings.length} finding{g.findings.length === 1 ? '' : 's'}</span>
                </div>
                <div className="divide-y divide-line">
                  {g.findings.map((f) => <FindingCard key={`${f.rule}/${f.subjects.map((s) => s.name).join()}`} f={f} />)}
                </div>
              </Card>
            );
          })}
          {d.total > FINDINGS_PAGE_SIZE ? (
            <nav aria-label="Pages" className="flex items-center justify-between text-xs text-muted">
              <span className="tabular">{d.offset + 1}–{d.offset + d.items.length} of {d.total}</span>
              <span className="flex gap-2">
                <button type="button" disabled={d.offset === 0} onClick={() => setQuery({ ...query, offset: Math.max(0, d.offset - FINDINGS_PAGE_SIZE) || undefined })} className="rounded-md border border-line bg-surface px-2.5 py-1 hover:bg-surface-2 disabled:opacity-40">Previous</button>
                <button type="button" disabled={d.offset + d.items.length >= d.total} onClick={() => setQuery({ ...query, offset: d.offset + FINDINGS_PAGE_SIZE })} className="rounded-md border border-line bg-surface px-2.5 py-1 hover:bg-surface-2 disabled:opacity-40">Next</button>
              </span>
            </nav>
          ) : null}
        </div>
      )}
    </>
  );
}
