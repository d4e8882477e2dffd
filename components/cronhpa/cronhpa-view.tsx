'use client';

import Link from 'next/link';
import { CalendarClock, Clock } from 'lucide-react';
import { formatInZone, zoneOffset } from '@/lib/cron/zone-format';
import { useNow } from '../ui/relative-time';
import { SeverityBadge } from '../findings/severity-badge';
import { Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { CronHpaCard } from './cronhpa-card';
import { cronHpaAnchor } from './links';
import { useCronHpas, type CronHpaPage, type CronHpasPage } from './use-cronhpas';

/** The soonest run of any job, for the index. */
function nextRun(c: CronHpaPage): string | undefined {
  return c.jobs.flatMap((j) => j.nextRuns.slice(0, 1)).sort()[0];
}

function Index({ items, timeZone }: { items: CronHpaPage[]; timeZone: string }) {
  return (
    <Card className="mb-6 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="cronhpa-index">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">CronHPA</th>
            <th scope="col" className="px-4 py-2 font-medium">Target</th>
            <th scope="col" className="px-4 py-2 font-medium">Jobs</th>
            <th scope="col" className="px-4 py-2 font-medium">Next run <span className="font-normal text-faint">({timeZone})</span></th>
            <th scope="col" className="px-4 py-2 font-medium">Findings</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {items.map((c) => {
            const next = nextRun(c);
            const worst = (['critical', 'warning', 'info'] as const).find((s) => c.findings.some((f) => f.severity === s));
            return (
              <tr key={`${c.namespace}/${c.name}`} data-row={`${c.namespace}/${c.name}`}>
                <td className="px-4 py-2"><a href={`#${cronHpaAnchor(c)}`} className="font-mono text-accent hover:underline">{c.namespace}/{c.name}</a></td>
                <td className="px-4 py-2 text-xs"><span className="font-mono">{c.target.kind === 'HorizontalPodAutoscaler' ? 'HPA' : c.target.kind} {c.target.name}</span>{!c.target.exists ? <span className="ml-1 text-crit">(missing)</span> : null}</td>
                <td className="tabular px-4 py-2">{c.jobs.length}</td>
                <td className="tabular whitespace-nowrap px-4 py-2 text-xs" suppressHydrationWarning>{next ? formatInZone(Date.parse(next), c.timeZone) : <span className="text-faint">none</span>}</td>
                <td className="px-4 py-2">{worst ? <span className="inline-flex items-center gap-2"><SeverityBadge severity={worst} /><span className="text-xs text-muted">{c.findings.length}</span></span> : <Badge tone="ok">none</Badge>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

/** `/cronhpa`: every CronHPA, its jobs on the controller's clock, what they will do, and the fix where one fights an HPA. */
export function CronHpaView({ context, initial }: { context: string; initial: CronHpasPage }) {
  const { data, error } = useCronHpas(context, undefined, initial);
  const d = data ?? initial;
  const now = useNow(60_000);
  const tz = d.timeZone.name;
  return (
    <>
      <PageHeader
        title="CronHPA"
        description="Scheduled scaling (kubernetes-cronhpa-controller): each job, its next runs on the controller's clock, what it does to the HPA or the workload over the next week, and the fix where it fights an HPA."
        aside={<span className="inline-flex items-center gap-1.5 text-xs text-muted"><Clock aria-hidden className="size-3.5" /><span>Controller clock: <span className="font-medium text-fg">{tz}</span> ({zoneOffset(now, tz)})</span></span>}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      {d.installed === false ? (
        <Card><EmptyState icon={<CalendarClock className="size-8" />} title="CronHPA is not installed">The cluster does not serve <span className="font-mono">cronhorizontalpodautoscalers.autoscaling.alibabacloud.com</span>. Install kubernetes-cronhpa-controller to schedule scaling.</EmptyState></Card>
      ) : d.items.length === 0 ? (
        <Card><EmptyState icon={<CalendarClock className="size-8" />} title="No CronHPAs">No CronHorizontalPodAutoscaler exists in context <span className="font-mono">{context}</span>{d.installed === undefined ? ' yet (still listing)' : ''}. <Link href="/workloads" className="text-accent hover:underline">See the workloads</Link>.</EmptyState></Card>
      ) : (
        <>
          <Callout tone="info" title={`Times are on the CronHPA controller's clock: ${tz}`}>
            Read from {d.timeZone.source}. Next runs are computed from now ({formatInZone(now, tz)} there) as the controller computes them; a schedule that does not parse never runs.
          </Callout>
          <Index items={d.items} timeZone={tz} />
          <div className="space-y-6">{d.items.map((c) => <CronHpaCard key={`${c.namespace}/${c.name}`} context={context} c={c} now={now} />)}</div>
        </>
      )}
    </>
  );
}
