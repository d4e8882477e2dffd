'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ChevronLeft, ShieldCheck } from 'lucide-react';
import type { VpaDto } from '@/lib/dto/vpa';
import { SeverityBadge } from '../findings/severity-badge';
import { Card, CardHeader } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { RichText } from '../ui/rich-text';
import { PodsTable, VpaConditions } from './conditions';
import { RecommendationChart } from './recommendation-chart';
import { RecommendationTable } from './recommendation-table';
import { ResizeHistory } from './resize-history';
import { ResizeSummary } from './resize-summary';
import { UpdateModeAction } from './update-mode-action';
import { useVpa } from './use-vpas';
import { VpaFacts } from './vpa-facts';

/** `/vpa/{ns}/{name}`: one VPA's recommendation, its full resize history per pod, its pods now, and the update-mode action. */
export function VpaDetailView({ context, initial, retentionDays }: { context: string; initial: VpaDto; retentionDays: number }) {
  const ref = { namespace: initial.namespace, name: initial.name };
  const { data, error } = useVpa(context, ref, initial);
  const v = data ?? initial;
  const [pod, setPod] = useState('');
  const showPod = (p: string) => {
    setPod(p);
    document.getElementById('history-title')?.scrollIntoView({ block: 'start' });
  };
  return (
    <>
      <Link href="/vpa" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg"><ChevronLeft aria-hidden className="size-3.5" />Vertical Pod Autoscalers</Link>
      <PageHeader
        title={<span className="font-mono">{v.name}</span>}
        description={<span className="flex flex-wrap items-center gap-x-3 gap-y-1"><span>VerticalPodAutoscaler in <span className="font-mono text-fg">{v.namespace}</span></span><VpaFacts v={v} /></span>}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}

      <Card className="mb-6" aria-labelledby="findings-title">
        <CardHeader id="findings-title" title="Findings" description="What scaleguard’s rules say about this VPA." aside={v.findings.length ? <Link href={`/findings?namespace=${encodeURIComponent(v.namespace)}`} className="text-xs text-accent hover:underline">All findings in {v.namespace}</Link> : null} />
        {v.findings.length ? (
          <ul className="divide-y divide-line">
            {v.findings.map((f) => <li key={f.rule} className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm" data-finding={f.rule}><SeverityBadge severity={f.severity} /><span className="font-mono text-xs text-faint">{f.rule}</span><RichText text={f.message} /></li>)}
          </ul>
        ) : <p className="flex items-center gap-2 px-4 py-3 text-sm text-muted"><ShieldCheck aria-hidden className="size-4 text-ok" />No findings about this VPA.</p>}
      </Card>

      <Card className="mb-6" aria-labelledby="rec-title">
        <CardHeader id="rec-title" title="Requests vs recommendation" description="The updater acts on a pod whose requests fall outside [lowerBound, upperBound]; new pods get the target at admission. uncappedTarget is the estimate before minAllowed/maxAllowed." />
        <RecommendationTable containers={v.containers} />
        <RecommendationChart containers={v.containers} />
      </Card>

      <Card className="mb-6" aria-labelledby="history-title">
        <CardHeader id="history-title" title="Resize history" description="Every resize attempt scaleguard saw, per container: from pod conditions (PodResizePending, PodResizeInProgress, or status.resize before 1.33), applied requests, restart counts and the updater’s and kubelet’s Events." />
        <ResizeSummary s={v.summary} retentionDays={retentionDays} />
        <div className="border-t border-line"><ResizeHistory entries={v.history} pod={pod} onPodChange={setPod} /></div>
      </Card>

      <div className="mb-6 grid gap-6 xl:grid-cols-2">
        <Card aria-labelledby="pods-title">
          <CardHeader id="pods-title" title="Pods now" description="Select a pod to see its own resize history." />
          <PodsTable pods={v.pods} onShowHistory={showPod} />
        </Card>
        <Card aria-labelledby="cond-title">
          <CardHeader id="cond-title" title="Conditions" description="As the recommender wrote them in status.conditions." />
          <VpaConditions conditions={v.conditions} />
        </Card>
      </div>

      <section aria-labelledby="action-title" className="mb-6">
        <h2 id="action-title" className="sr-only">Actions</h2>
        <UpdateModeAction context={context} v={v} />
      </section>
    </>
  );
}
