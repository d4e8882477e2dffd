'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ArrowRight, CalendarX2, ShieldCheck } from 'lucide-react';
import { workloadHref } from '@/lib/links';
import { scaledObjectHref } from '../keda/links';
import { FindingCard } from '../findings/finding-card';
import { SeverityBadge } from '../findings/severity-badge';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { RichText } from '../ui/rich-text';
import { CronTimelineChart } from './cron-timeline-chart';
import { JobsTable } from './jobs-table';
import { KedaYaml } from './keda-yaml';
import { cronHpaAnchor, cronHpaHref } from './links';
import { RetargetPanel } from './retarget-panel';
import { RetargetPreview } from './retarget-preview';
import type { CronHpaPage } from './use-cronhpas';

function Section({ title, id, children, aside }: { title: string; id: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-t border-line">
      <div className="flex items-center justify-between gap-3 px-4 pb-1 pt-3">
        <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** What the CronHPA writes to, in one line with links. */
function TargetLine({ c }: { c: CronHpaPage }) {
  const w = c.workload;
  const wl = w?.exists ? <Link href={workloadHref({ namespace: c.namespace, kind: w.kind, name: w.name })} className="font-mono text-accent hover:underline">{w.kind} {w.name}</Link> : w ? <span className="font-mono text-crit" title="does not exist">{w.kind} {w.name} (missing)</span> : null;
  const h = c.hpa;
  const hpaText = h ? (
    <span className="tabular text-muted">
      {h.minReplicas}–{h.maxReplicas}{h.currentReplicas !== undefined ? `, at ${h.currentReplicas}` : ''}{h.wanted !== undefined ? `, metrics want ${h.wanted}` : ''}
      {h.ownerScaledObject ? <>, made by ScaledObject <Link href={scaledObjectHref({ namespace: c.namespace, name: h.ownerScaledObject })} className="font-mono text-accent hover:underline">{h.ownerScaledObject}</Link></> : null}
    </span>
  ) : null;
  if (c.mode === 'hpa') {
    return (
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <Badge tone={h?.ownerScaledObject ? 'warn' : 'ok'}>adjusts an HPA</Badge>
        <span className="font-mono">HPA {c.target.name}</span>{c.target.exists ? null : <span className="text-crit">(missing)</span>} {hpaText}
        {wl ? <><ArrowRight aria-hidden className="size-3.5 text-faint" />{wl}{w?.replicas !== undefined ? <span className="tabular text-muted">{w.replicas} replicas</span> : null}</> : null}
      </p>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <Badge tone={h ? 'crit' : 'neutral'}>writes replicas directly</Badge>
      {wl ?? <span className="text-muted">no complete target</span>}
      {w?.replicas !== undefined ? <span className="tabular text-muted">{w.replicas} replicas</span> : null}
      {h ? <span className="text-crit">· HPA <span className="font-mono">{h.name}</span> writes them too</span> : null}
      {h ? hpaText : null}
    </p>
  );
}

/** One CronHPA: target, jobs, excludeDates, timeline, the fix (retarget or KEDA cron triggers), and its findings. */
export function CronHpaCard({ context, c, now, linkTitle = true }: { context: string; c: CronHpaPage; now: number; linkTitle?: boolean }) {
  const key = `${c.namespace}-${c.name}`;
  const [runId, setRunId] = useState<string>();
  const worst = ['critical', 'warning', 'info'].find((s) => c.findings.some((f) => f.severity === s)) as 'critical' | 'warning' | 'info' | undefined;
  return (
    <Card as="article" className="scroll-mt-4 overflow-hidden" aria-labelledby={`cronhpa-${key}-title`}>
      <div id={cronHpaAnchor(c)} data-cronhpa={`${c.namespace}/${c.name}`} className="space-y-2 px-4 py-3">
        <header className="flex flex-wrap items-center gap-2">
          <h2 id={`cronhpa-${key}-title`} className="text-base font-semibold">
            {linkTitle ? <Link href={cronHpaHref(c)} className="font-mono hover:text-accent hover:underline">{c.name}</Link> : <span className="font-mono">{c.name}</span>}
          </h2>
          <span className="text-xs text-muted">namespace <span className="font-mono text-fg">{c.namespace}</span></span>
          <span className="ml-auto flex items-center gap-2">
            {worst ? <SeverityBadge severity={worst} /> : <Badge tone="ok"><ShieldCheck aria-hidden className="size-3" />no findings</Badge>}
            <span className="text-xs text-muted">{c.jobs.length} job{c.jobs.length === 1 ? '' : 's'}</span>
          </span>
        </header>
        <TargetLine c={c} />
      </div>
      <Section title="Jobs" id={`cronhpa-${key}-jobs`} aside={<span className="text-xs text-faint">times in {c.timeZone}</span>}>
        <JobsTable c={c} />
        {c.excludeDates.length ? (
          <p className="flex flex-wrap items-center gap-2 px-4 pb-3 text-xs text-muted">
            <CalendarX2 aria-hidden className="size-3.5" />excludeDates:
            {c.excludeDates.map((d) => <code key={d} className="rounded bg-surface-2 px-1 font-mono text-fg">{d}</code>)}
            <span className="text-faint">(upstream skips a run when an entry&apos;s next match falls in the same month and hour)</span>
          </p>
        ) : <p className="px-4 pb-3 text-xs text-faint">No excludeDates.</p>}
      </Section>
      <Section title="Timeline" id={`cronhpa-${key}-timeline`}>
        <CronTimelineChart c={c} now={now} />
      </Section>
      {c.retarget.status === 'available' || runId ? (
        // Kept while its run goes on: once applied the CronHPA points at the HPA and no longer needs the fix.
        <Section title={c.retarget.status === 'available' ? 'Fix: point it at the HPA' : 'Retarget'} id={`cronhpa-${key}-fix`}>
          <div className="px-4 pb-4"><RetargetPanel context={context} c={c} runId={runId} onStarted={setRunId} /></div>
        </Section>
      ) : c.keda ? (
        <Section title="Fix: KEDA cron triggers instead" id={`cronhpa-${key}-fix`}>
          <div className="space-y-3 px-4 pb-4">
            <p className="text-sm text-muted" data-testid="retarget-refused"><span className="font-medium text-fg">Retarget refused. </span><RichText text={c.retarget.reason} /></p>
            <KedaYaml k={c.keda} cronName={c.name} timeZone={c.timeZone} />
          </div>
        </Section>
      ) : c.retarget.status === 'not-needed' ? (
        <Section title="Effect on the HPA" id={`cronhpa-${key}-fix`}>
          <div className="space-y-3 px-4 pb-4">
            <p className="text-sm text-muted"><RichText text={c.retarget.reason} /></p>
            <RetargetPreview c={c} />
          </div>
        </Section>
      ) : null}
      <Section title="Findings" id={`cronhpa-${key}-findings`}>
        {c.findings.length ? (
          <div className="divide-y divide-line">{c.findings.map((f) => <FindingCard key={`${f.rule}/${f.subjects.map((s) => s.name).join()}`} f={f} />)}</div>
        ) : (
          <p className="flex items-center gap-2 px-4 pb-4 text-sm text-muted"><ShieldCheck aria-hidden className="size-4 text-ok" />No findings: this CronHPA fights no other autoscaler.</p>
        )}
      </Section>
    </Card>
  );
}
