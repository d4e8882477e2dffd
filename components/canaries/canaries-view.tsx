'use client';

import Link from 'next/link';
import { AlertTriangle, ArrowRight, Bird } from 'lucide-react';
import type { CanariesDto, CanaryAutoscalerDto, CanaryDto, CanaryWorkloadDto } from '@/lib/dto/canaries';
import type { MigrationRowDto } from '@/lib/dto/migrations';
import { useCanaries } from '../hooks/use-canaries';
import { useMigrations } from '../hooks/use-migrations';
import { browseRows } from '../migrations/browse';
import { migrationHref, planHref } from '../migrations/links';
import { MigrationStatusBadge } from '../migrations/status-badge';
import { canaryAnchor } from '../migrations/target-link';
import { Badge, type Tone } from '../ui/badge';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { RichText } from '../ui/rich-text';

const PHASE_TONE: Record<string, Tone> = {
  Initialized: 'ok', Succeeded: 'ok', Progressing: 'accent', Promoting: 'accent', Finalising: 'accent',
  WaitingPromotion: 'info', Waiting: 'info', Initializing: 'info', Failed: 'crit', Terminating: 'neutral', Terminated: 'neutral',
};

const SHORT: Record<string, string> = { HorizontalPodAutoscaler: 'HPA', ScaledObject: 'ScaledObject' };

/** The canary migration row of a Canary, the one that most needs attention if there are several. */
export function migrationOf(c: CanaryDto, rows: MigrationRowDto[]): MigrationRowDto | undefined {
  return browseRows(rows, {}).find((r) => r.type === 'canary-hpa-to-scaledobject' && r.target.namespace === c.namespace &&
    ((r.target.kind === 'Canary' && r.target.name === c.name) || (r.workload.name === c.target?.name && r.workload.kind === c.target?.kind)));
}

/** Every Flagger Canary: phase, target, autoscalerRef, the primary's autoscaler and the migration status. */
export function CanariesView({ context, initial }: { context: string; initial: CanariesDto }) {
  const { data, error } = useCanaries(context, initial);
  const migrations = useMigrations(context);
  const d = data ?? initial;
  return (
    <>
      <PageHeader
        title="Canaries"
        description="Flagger Canaries and the autoscaler each one copies to its primary — the half that serves the traffic."
        aside={<span className="tabular text-xs text-muted">{d.items.length} canar{d.items.length === 1 ? 'y' : 'ies'}</span>}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}
      {migrations.error && !migrations.data ? <p className="mb-4 text-sm text-warn">Migration status unavailable: {migrations.error.message}</p> : null}
      <Card>
        {d.items.length === 0 ? (
          <EmptyState icon={<Bird className="size-8" />} title={d.installed === false ? 'Flagger is not installed' : 'No Canaries in this cluster'}>
            {d.installed === false
              ? 'The cluster does not serve canaries.flagger.app, so no progressive delivery runs here.'
              : 'Flagger is installed, but no Canary exists in any namespace this context can read.'}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Flagger Canaries with their autoscalers and migration status</caption>
              <thead>
                <tr className="border-b border-line text-left text-xs text-muted">
                  <th scope="col" className="px-4 py-2 font-medium">Canary</th>
                  <th scope="col" className="px-4 py-2 font-medium">Phase</th>
                  <th scope="col" className="px-4 py-2 font-medium">Target → primary</th>
                  <th scope="col" className="px-4 py-2 font-medium">autoscalerRef</th>
                  <th scope="col" className="px-4 py-2 font-medium">Primary autoscaler</th>
                  <th scope="col" className="px-4 py-2 font-medium">Migration</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((c) => (
                  <CanaryRow key={`${c.namespace}/${c.name}`} c={c} migration={migrations.data ? migrationOf(c, migrations.data.items) : undefined} migrationsLoading={!migrations.data && !migrations.error} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function CanaryRow({ c, migration, migrationsLoading }: { c: CanaryDto; migration?: MigrationRowDto; migrationsLoading: boolean }) {
  return (
    <tr id={canaryAnchor(c)} className="scroll-mt-16 border-b border-line align-top last:border-0 hover:bg-surface-2/60 target:bg-accent-soft" data-canary={`${c.namespace}/${c.name}`}>
      <td className="whitespace-nowrap px-4 py-2.5">
        <span className="font-medium text-fg">{c.name}</span>
        <span className="block font-mono text-xs text-muted">{c.namespace}</span>
      </td>
      <td className="px-4 py-2.5">{c.phase ? <Badge tone={PHASE_TONE[c.phase] ?? 'neutral'}>{c.phase}</Badge> : <span className="text-xs text-faint">no phase yet</span>}</td>
      <td className="px-4 py-2.5">
        <WorkloadLink w={c.target} />
        {c.primary ? <span className="mt-0.5 flex items-center gap-1 text-xs text-muted"><ArrowRight aria-hidden className="size-3" /><WorkloadLink w={c.primary} /></span> : null}
      </td>
      <td className="px-4 py-2.5" data-autoscaler-ref>{c.autoscalerRef ? <AutoscalerLine a={c.autoscalerRef} /> : <span className="text-xs text-faint">none</span>}</td>
      <td className="px-4 py-2.5" data-primary-autoscaler>
        {c.primaryAutoscaler ? <AutoscalerLine a={c.primaryAutoscaler} primary /> : <span className="text-xs text-faint">none (no autoscalerRef)</span>}
        {c.primaryOthers.map((o) => (
          <p key={`${o.kind}/${o.name}`} className="mt-1 flex items-start gap-1 text-xs text-warn">
            <AlertTriangle aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>also scaled by {SHORT[o.kind] ?? o.kind} <span className="font-mono">{o.name}</span>{o.ownedBy ? ` (owned by ${o.ownedBy})` : ''}</span>
          </p>
        ))}
      </td>
      <td className="px-4 py-2.5" data-migration>
        {migration ? (
          <div className="space-y-1">
            <MigrationStatusBadge status={migration.status} progress={migration.progress} />
            {migration.detail && migration.status !== 'done' ? <p className="max-w-xs text-xs text-muted [overflow-wrap:anywhere]"><RichText text={migration.detail} /></p> : null}
            <p className="flex gap-3 text-xs">
              {migration.migrationId ? <Link href={migrationHref(migration.migrationId)} className="text-accent hover:underline">Open migration</Link> : null}
              {['not-started', 'ready', 'blocked', 'rolled-back'].includes(migration.status) && migration.plannable !== false ? <Link href={planHref(migration.type, migration.target)} className="text-accent hover:underline">Plan migration</Link> : null}
            </p>
          </div>
        ) : migrationsLoading ? (
          <span className="text-xs text-faint">…</span>
        ) : (
          <span className="text-xs text-faint">{c.autoscalerRef?.kind === 'ScaledObject' ? 'on KEDA' : 'not a candidate'}</span>
        )}
      </td>
    </tr>
  );
}

function WorkloadLink({ w }: { w?: CanaryWorkloadDto }) {
  if (!w) return <span className="text-xs text-faint">no target</span>;
  const text = <span className="font-mono">{w.name}</span>;
  return (
    <span className="inline-flex items-center gap-1.5 text-sm">
      {w.exists && w.href ? <Link href={w.href} className="text-accent hover:underline">{text}</Link> : text}
      {w.exists && w.replicas ? <span className="tabular text-xs text-muted">{w.replicas.ready}/{w.replicas.desired}</span> : null}
      {!w.exists ? <Badge tone="warn">missing</Badge> : null}
    </span>
  );
}

function AutoscalerLine({ a, primary = false }: { a: CanaryAutoscalerDto; primary?: boolean }) {
  const ready = a.ready;
  return (
    <div className="text-sm">
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <Badge tone={a.kind === 'ScaledObject' ? 'accent' : 'info'}><span className="font-semibold">{SHORT[a.kind] ?? a.kind}</span> <span className="font-mono font-normal">{a.name}</span></Badge>
        {!a.exists ? <Badge tone={primary ? 'crit' : 'warn'}>missing</Badge> : null}
        {ready ? <Badge tone={ready.status === 'True' ? 'ok' : 'warn'} title={ready.message}>Ready={ready.status}</Badge> : null}
        {a.paused ? <Badge tone="warn" title={a.paused}>paused</Badge> : null}
      </span>
      {a.exists && a.summary ? <span className="mt-0.5 block text-xs text-muted">{a.summary}{a.ownedBy ? ` · owned by ScaledObject ${a.ownedBy}` : ''}</span> : null}
      {ready && ready.status !== 'True' && ready.message ? <span className="mt-0.5 block max-w-xs text-xs text-warn">{ready.reason ? `${ready.reason}: ` : ''}{ready.message}</span> : null}
    </div>
  );
}
