'use client';

import type { OverviewDto } from '@/lib/dto/overview';
import { useOverview } from '../hooks/use-overview';
import { MigrationsInFlightCard } from '../migrations/in-flight-card';
import { Card, CardHeader } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { ComponentCard } from './component-card';
import { ConnectionCallout } from './connection-callout';
import { FindingsSummary } from './findings-summary';
import { FreshnessTable } from './freshness-table';
import { ObjectCounts } from './object-counts';

export function OverviewView({ context, initial }: { context: string; initial: OverviewDto }) {
  const { data, error } = useOverview(context, initial);
  const o = data ?? initial;
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>Context <span className="font-mono text-fg">{o.context}</span></span>
            {o.cluster.server ? <span>Server <span className="font-mono text-fg">{o.cluster.server}</span></span> : null}
            {o.cluster.version ? <span>Kubernetes <span className="font-mono text-fg">{o.cluster.version}</span></span> : null}
          </span>
        }
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      <ConnectionCallout overview={o} />
      <section aria-labelledby="findings-title" className="mb-6">
        <h2 id="findings-title" className="mb-3 text-sm font-semibold text-fg">Findings</h2>
        <FindingsSummary counts={o.findings} />
      </section>
      <section aria-labelledby="migrations-title" className="mb-6">
        <h2 id="migrations-title" className="mb-3 text-sm font-semibold text-fg">Migrations</h2>
        <MigrationsInFlightCard context={context} />
      </section>
      <section aria-labelledby="addons-title" className="mb-6">
        <h2 id="addons-title" className="mb-3 text-sm font-semibold text-fg">Autoscaling add-ons</h2>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {o.components.map((c) => <ComponentCard key={c.id} c={c} />)}
        </div>
      </section>
      <section aria-labelledby="objects-title" className="mb-6">
        <h2 id="objects-title" className="mb-3 text-sm font-semibold text-fg">Objects</h2>
        <ObjectCounts counts={o.counts} />
      </section>
      <Card aria-labelledby="freshness-title">
        <CardHeader id="freshness-title" title="Data freshness" description="scaleguard lists each kind once, then follows its watch; pages read this cache and never the API server." />
        <FreshnessTable rows={o.freshness} />
      </Card>
    </>
  );
}
