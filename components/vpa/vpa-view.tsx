'use client';

import Link from 'next/link';
import { Scaling } from 'lucide-react';
import type { VpaDto, VpasDto } from '@/lib/dto/vpa';
import { SeverityBadge } from '../findings/severity-badge';
import { Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { RelativeTime } from '../ui/relative-time';
import { ModeBadge } from './badges';
import { vpaAnchor, vpaHref } from './links';
import { shareText } from './resize-summary';
import { useVpas } from './use-vpas';
import { VpaCard } from './vpa-card';

function Index({ items }: { items: VpaDto[] }) {
  return (
    <Card className="mb-6 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="vpa-index">
        <caption className="sr-only">Every VerticalPodAutoscaler</caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">VPA</th>
            <th scope="col" className="px-4 py-2 font-medium">Target</th>
            <th scope="col" className="px-4 py-2 font-medium">Mode</th>
            <th scope="col" className="px-4 py-2 font-medium">Controls</th>
            <th scope="col" className="px-4 py-2 font-medium">Non-disruptive in-place resizes</th>
            <th scope="col" className="px-4 py-2 font-medium">Last resize</th>
            <th scope="col" className="px-4 py-2 font-medium">Findings</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {items.map((v) => {
            const worst = (['critical', 'warning', 'info'] as const).find((s) => v.findings.some((f) => f.severity === s));
            return (
              <tr key={`${v.namespace}/${v.name}`} data-row={`${v.namespace}/${v.name}`}>
                <td className="px-4 py-2"><Link href={vpaHref(v)} className="font-mono text-accent hover:underline">{v.namespace}/{v.name}</Link> <a href={`#${vpaAnchor(v)}`} className="ml-1 text-xs text-faint hover:text-fg" aria-label={`Card of ${v.name} below`}>¶</a></td>
                <td className="px-4 py-2 text-xs">{v.target.href ? <Link href={v.target.href} className="font-mono hover:text-accent hover:underline">{v.target.kind} {v.target.name}</Link> : <span className="font-mono text-crit">{v.target.kind} {v.target.name} (missing)</span>}</td>
                <td className="px-4 py-2"><ModeBadge v={v} /></td>
                <td className="px-4 py-2 font-mono text-xs">{v.controlledResources.join(', ') || '—'}</td>
                <td className="tabular px-4 py-2 text-xs">{shareText(v.summary)}{v.summary.fallbacks ? <span className="ml-1 text-warn">· {v.summary.fallbacks} fell back to eviction</span> : null}</td>
                <td className="whitespace-nowrap px-4 py-2 text-xs"><RelativeTime iso={v.summary.lastAt} /></td>
                <td className="px-4 py-2">{worst ? <span className="inline-flex items-center gap-2"><SeverityBadge severity={worst} /><span className="text-xs text-muted">{v.findings.length}</span></span> : <Badge tone="ok">none</Badge>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

/** `/vpa`: every VerticalPodAutoscaler, its recommendation next to the requests, and how its resizes went. */
export function VpaView({ context, initial }: { context: string; initial: VpasDto }) {
  const { data, error, isFetching } = useVpas(context, initial);
  const d = data ?? initial;
  const inPlace = d.items.filter((v) => v.effectiveMode === 'InPlaceOrRecreate' || v.effectiveMode === 'InPlace').length;
  return (
    <>
      <PageHeader
        title="Vertical Pod Autoscalers"
        description="What each VPA recommends per container next to what the pods run with, and every resize it made: in place or by eviction, and whether a container restarted."
        aside={<span className="tabular text-xs text-muted" aria-live="polite">{isFetching ? 'Refreshing…' : `${d.items.length} VPAs · ${inPlace} in place${d.updaterVersion ? ` · updater ${d.updaterVersion}` : ''}${d.serverVersion ? ` · Kubernetes ${d.serverVersion}` : ''}`}</span>}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      {d.forbidden ? (
        <Card><EmptyState icon={<Scaling className="size-8" />} title={`Context ${context} may not list VerticalPodAutoscalers`}>The API server answered: <span className="font-mono">{d.forbidden}</span>. The built-in view role does not cover <span className="font-mono">autoscaling.k8s.io</span>; ask for read access to <span className="font-mono">verticalpodautoscalers</span>.</EmptyState></Card>
      ) : d.installed === false ? (
        <Card><EmptyState icon={<Scaling className="size-8" />} title="The Vertical Pod Autoscaler is not installed">The cluster does not serve <span className="font-mono">verticalpodautoscalers.autoscaling.k8s.io</span>, so nothing here sets container requests from usage. That is a normal state: install the VPA to get recommendations.</EmptyState></Card>
      ) : d.items.length === 0 ? (
        <Card><EmptyState icon={<Scaling className="size-8" />} title="No VerticalPodAutoscalers">No VPA exists in context <span className="font-mono">{context}</span>{d.installed === undefined ? ' yet (still listing)' : ''}. <Link href="/workloads" className="text-accent hover:underline">See the workloads</Link>.</EmptyState></Card>
      ) : (
        <>
          <Callout tone="info" title="An in-place resize is only possibly non-disruptive">
            With <span className="font-mono">InPlaceOrRecreate</span> the updater resizes running pods instead of evicting them, but the container runtime may still restart a container to apply new requests, whatever its <span className="font-mono">resizePolicy</span> says. The history below shows what really happened, kept {d.retentionDays} days (Kubernetes drops the Events after an hour).
          </Callout>
          <Index items={d.items} />
          <div className="space-y-6">{d.items.map((v) => <VpaCard key={`${v.namespace}/${v.name}`} v={v} />)}</div>
        </>
      )}
    </>
  );
}
