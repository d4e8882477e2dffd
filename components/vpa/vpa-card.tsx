import Link from 'next/link';
import { ArrowRight } from 'lucide-react';
import type { VpaDto } from '@/lib/dto/vpa';
import { SeverityBadge } from '../findings/severity-badge';
import { Card } from '../ui/card';
import { RichText } from '../ui/rich-text';
import { vpaAnchor, vpaHref } from './links';
import { RecommendationChart } from './recommendation-chart';
import { RecommendationTable } from './recommendation-table';
import { ResizeHistory } from './resize-history';
import { ResizeSummary } from './resize-summary';
import { VpaConditions } from './conditions';
import { VpaFacts } from './vpa-facts';

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-t border-line">
      <h3 id={id} className="px-4 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
      {children}
    </section>
  );
}

/** One VPA on `/vpa`: facts, recommendation (table and chart), conditions, summary and the latest resizes. */
export function VpaCard({ v }: { v: VpaDto }) {
  const key = vpaAnchor(v);
  return (
    <Card as="article" className="scroll-mt-16" aria-labelledby={`${key}-title`}>
      <div id={key} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-vpa={`${v.namespace}/${v.name}`}>
        <div className="min-w-0 space-y-1">
          <h2 id={`${key}-title`} className="text-base font-semibold"><Link href={vpaHref(v)} className="font-mono hover:text-accent hover:underline">{v.namespace}/{v.name}</Link></h2>
          <VpaFacts v={v} />
        </div>
        <Link href={vpaHref(v)} className="inline-flex items-center gap-1 text-sm text-accent hover:underline">History and actions<ArrowRight aria-hidden className="size-3.5" /></Link>
      </div>
      {v.findings.length ? (
        <ul className="space-y-1 border-t border-line px-4 py-2 text-sm">
          {v.findings.map((f) => <li key={f.rule} className="flex flex-wrap items-center gap-2"><SeverityBadge severity={f.severity} /><span className="font-mono text-xs text-faint">{f.rule}</span><RichText text={f.message} /></li>)}
        </ul>
      ) : null}
      <Section title="Requests vs recommendation" id={`${key}-rec`}>
        <RecommendationTable containers={v.containers} />
        <RecommendationChart containers={v.containers} />
      </Section>
      <Section title="Conditions" id={`${key}-cond`}><VpaConditions conditions={v.conditions} /></Section>
      <Section title="Resizes" id={`${key}-resizes`}>
        {v.history.length ? (
          <>
            <ResizeSummary s={v.summary} />
            <ResizeHistory entries={v.history} limit={5} filterable={false} />
          </>
        ) : (
          <p className="px-4 pb-3 text-sm text-muted">No resize recorded yet{v.effectiveMode === 'Off' || v.effectiveMode === 'Initial' ? ` — in mode ${v.effectiveMode} the updater never changes running pods` : ''}.</p>
        )}
      </Section>
    </Card>
  );
}
