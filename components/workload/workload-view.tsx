'use client';

import Link from 'next/link';
import { ChevronLeft, Gauge, ShieldCheck } from 'lucide-react';
import { useWorkload, type WorkloadPage } from '../hooks/use-workload';
import { ReplicaTimeline } from '../charts/replica-timeline';
import { FindingCard } from '../findings/finding-card';
import { Badge } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { AutoscalerCard } from './autoscaler-card';
import { WorkloadDiagramView } from './workload-diagram';

export function WorkloadView({ context, initial }: { context: string; initial: WorkloadPage }) {
  const w0 = initial.workload;
  const ref = { namespace: w0.namespace, kind: w0.kind, name: w0.name };
  const { data, error } = useWorkload(context, ref, initial);
  const d = data ?? initial;
  const w = d.workload;
  return (
    <>
      <Link href="/workloads" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
        <ChevronLeft aria-hidden className="size-3.5" />Workloads
      </Link>
      <PageHeader
        title={<span className="font-mono">{w.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>{w.kind}</span>
            <span>namespace <span className="font-mono text-fg">{w.namespace}</span></span>
            <span className="tabular">replicas <span className="text-fg">{w.replicas.ready}/{w.replicas.desired}</span> ready</span>
            {w.canary ? <Badge>{w.canary.role === 'primary' ? 'primary of Canary' : 'Canary'} {w.canary.name}{w.canary.phase ? ` · ${w.canary.phase}` : ''}</Badge> : null}
          </span>
        }
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}

      <Card className="mb-6" aria-labelledby="findings-title">
        <CardHeader id="findings-title" title="Findings" description="What is wrong with how this workload is scaled." />
        {d.findings.length ? (
          <div className="divide-y divide-line">{d.findings.map((f) => <FindingCard key={`${f.rule}/${f.subjects.map((s) => s.name).join()}`} f={f} />)}</div>
        ) : (
          <p className="flex items-center gap-2 px-4 py-4 text-sm text-muted"><ShieldCheck aria-hidden className="size-4 text-ok" />No findings: nothing fights over this workload.</p>
        )}
      </Card>

      <section aria-labelledby="autoscalers-title" className="mb-6">
        <h2 id="autoscalers-title" className="mb-3 text-sm font-semibold">Acting on this workload</h2>
        {d.autoscalers.length ? (
          <>
            <Card className="mb-4 p-4"><WorkloadDiagramView diagram={d.diagram} /></Card>
            <div className="grid gap-4 lg:grid-cols-2">{d.autoscalers.map((a) => <AutoscalerCard key={`${a.kind}/${a.name}/${a.via ?? ''}`} a={a} />)}</div>
          </>
        ) : (
          <Card><EmptyState icon={<Gauge className="size-8" />} title="No autoscaler acts on this workload">Its replicas are set only by its own spec.</EmptyState></Card>
        )}
      </section>

      <Card className="mb-6" aria-labelledby="timeline-title">
        <CardHeader id="timeline-title" title="Replicas and bounds" description="Recorded by scaleguard while it runs: desired and ready replicas, and the min/max of the HPA in effect." />
        <ReplicaTimeline context={context} workload={ref} />
      </Card>

      <Card>
        <CardHeader title="Pod template" />
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm">
          {w.containers.map((c) => (
            <div key={c.name} className="contents">
              <dt className="text-muted">container <span className="font-mono">{c.name}</span></dt>
              <dd className="break-all font-mono text-xs leading-5">{c.image}</dd>
            </div>
          ))}
          {Object.entries(w.labels).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">label</dt>
              <dd className="break-all font-mono text-xs leading-5">{k}={v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
