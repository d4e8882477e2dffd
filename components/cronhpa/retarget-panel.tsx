'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, ClipboardCheck, ExternalLink, Loader2, Play } from 'lucide-react';
import type { MigrationDto, PlanDto } from '@/lib/dto/migrations';
import { queryKeys } from '@/lib/query-keys';
import { apiUrl, postJson } from '../api';
import { useMigration, useMigrationAction } from '../hooks/use-migration';
import { BUTTON } from '../migrations/buttons';
import { migrationHref } from '../migrations/links';
import { PreflightList, preflightSummary } from '../migrations/preflight-list';
import { MigrationStatusBadge } from '../migrations/status-badge';
import { StepCard } from '../migrations/step-card';
import { Callout } from '../ui/callout';
import { useNow } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { RetargetPreview } from './retarget-preview';
import type { CronHpaPage } from './use-cronhpas';

/** Why a plan cannot be applied now, in words. */
function applyBlockers(plan: PlanDto, now: number): string[] {
  return [
    ...(!plan.access.allowed ? [plan.access.reason ?? 'Your user may not make this change.'] : []),
    ...plan.preflight.filter((c) => c.blocking && !c.ok).map((c) => `Preflight ${c.check}: ${c.detail}`),
    ...plan.steps.filter((s) => !s.dryRun.ok).map((s) => `The API server refused the dry-run of step ${s.index + 1}.`),
    ...(Date.parse(plan.expiresAt) < now ? ['The plan expired: plan again.'] : []),
  ];
}

/**
 * Action `cronhpa-retarget` through the guard pipeline, as the migration pages run it: the preview
 * of each job's effect on the HPA, then `POST /api/v1/plans` (preflight, YAML diff, server dry-run,
 * access review), then on Apply `POST /api/v1/migrations` and `…/advance`, following the step until
 * its post-conditions hold (the field is set, the finding is gone).
 */
export function RetargetPanel({ context, c, runId, onStarted }: { context: string; c: CronHpaPage; runId?: string; onStarted: (id: string) => void }) {
  const target = { namespace: c.namespace, kind: 'CronHorizontalPodAutoscaler', name: c.name };
  const plan = useMutation({ mutationFn: () => postJson<PlanDto>(apiUrl('/api/v1/plans', { context }), { type: 'cronhpa-retarget', target }) });
  const start = useMutation({ mutationFn: (planId: string) => postJson<MigrationDto>(apiUrl('/api/v1/migrations', { context }), { planId }), onSuccess: (m) => onStarted(m.id) });
  const p = plan.data;
  const now = useNow(5000);
  const blockers = p ? applyBlockers(p, now) : [];
  const allowed = c.findings.flatMap((f) => f.actions).find((a) => a.id === 'cronhpa-retarget');
  const forbidden = allowed !== undefined && !allowed.allowed;

  return (
    <div className="space-y-4" data-testid="retarget-panel">
      <p className="text-sm text-muted"><RichText text={c.retarget.reason} /></p>
      <RetargetPreview c={c} />
      {forbidden ? <Callout tone="warn" title="You may not retarget this CronHPA"><span id={`retarget-forbidden-${c.namespace}-${c.name}`}>{allowed?.reason ?? 'Your user may not change this CronHPA.'}</span></Callout> : null}
      {!p ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={BUTTON.primary} onClick={() => plan.mutate()} disabled={plan.isPending || forbidden} aria-describedby={forbidden ? `retarget-forbidden-${c.namespace}-${c.name}` : undefined}>
            {plan.isPending ? <Loader2 aria-hidden className="size-3.5 animate-spin" /> : <ClipboardCheck aria-hidden className="size-3.5" />}
            {plan.isPending ? 'Planning…' : 'Plan the retarget'}
          </button>
          <span className="text-xs text-muted">Checks preconditions and dry-runs the change on the API server; nothing is written yet.</span>
          {plan.error ? <p role="alert" className="w-full text-sm text-crit">No plan could be made: {plan.error.message}</p> : null}
        </div>
      ) : runId ? (
        <RetargetRun context={context} id={runId} />
      ) : (
        <div className="space-y-4" data-testid="retarget-plan">
          <div className="rounded-md border border-line">
            <p className="border-b border-line px-4 py-2 text-xs text-muted">Preflight: {preflightSummary(p.preflight)} · plan <span className="font-mono">{p.id}</span></p>
            <PreflightList checks={p.preflight} />
          </div>
          <ol className="space-y-4">{p.steps.map((s) => <StepCard key={s.id} step={s} />)}</ol>
          <div className="flex flex-wrap items-center gap-3">
            <button type="button" className={BUTTON.primary} disabled={blockers.length > 0 || start.isPending} aria-describedby={blockers.length ? `retarget-blockers-${c.name}` : undefined} onClick={() => start.mutate(p.id)}>
              {start.isPending ? <Loader2 aria-hidden className="size-3.5 animate-spin" /> : <Play aria-hidden className="size-3.5" />}
              {start.isPending ? 'Starting…' : `Retarget to HPA ${c.retarget.hpa ?? ''}`}
            </button>
            <button type="button" className={BUTTON.secondary} onClick={() => plan.mutate()} disabled={plan.isPending}>Plan again</button>
            {blockers.length ? (
              <ul id={`retarget-blockers-${c.name}`} className="w-full space-y-0.5 text-xs text-crit">{blockers.map((b) => <li key={b}><RichText text={b} /></li>)}</ul>
            ) : <span className="text-xs text-muted">Backs up the CronHPA first; the change can be rolled back from the migration page.</span>}
            {start.error ? <p role="alert" className="w-full text-sm text-crit">Could not start: {start.error.message}</p> : null}
          </div>
        </div>
      )}
    </div>
  );
}

/** Runs the one step and follows it until it is done or failed. */
function RetargetRun({ context, id }: { context: string; id: string }) {
  const client = useQueryClient();
  const { data: m } = useMigration(context, id);
  const advance = useMigrationAction(context, id, 'advance');
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    advance.mutate({});
  }, [advance]);
  const done = m?.status === 'done';
  useEffect(() => {
    if (done) void client.invalidateQueries({ queryKey: queryKeys.context(context) });
  }, [done, client, context]);
  const step = m?.steps[0];
  return (
    <div className="space-y-3" data-testid="retarget-run" data-status={m?.status}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {m ? <MigrationStatusBadge status={m.status} /> : <Loader2 aria-hidden className="size-4 animate-spin text-muted" />}
        <span className="text-muted">{step?.message ?? (advance.isPending ? 'Applying the patch…' : 'Waiting for the CronHPA and its findings…')}</span>
        <Link href={migrationHref(id)} className="ml-auto inline-flex items-center gap-1 text-xs text-accent hover:underline">Migration {id}<ExternalLink aria-hidden className="size-3" /></Link>
      </div>
      {step ? (
        <ul className="space-y-0.5 text-xs">
          {step.checks.map((ch) => <li key={ch.description} className={ch.met ? 'text-ok' : 'text-muted'}>{ch.met ? '✓' : '…'} {ch.description}</li>)}
        </ul>
      ) : null}
      {done ? (
        <Callout tone="info" title={<span className="inline-flex items-center gap-1.5"><CheckCircle2 aria-hidden className="size-4 text-ok" />Retargeted</span>}>
          The CronHPA now moves the HPA&apos;s bounds on its schedule and the HPA alone writes the replicas. To undo it, roll the migration back.
        </Callout>
      ) : null}
      {advance.error ? <p role="alert" className="text-sm text-crit">The step could not run: {advance.error.message}</p> : null}
      {m?.status === 'failed' ? <p role="alert" className="text-sm text-crit">The step failed: <RichText text={step?.message ?? 'see the migration page'} /></p> : null}
    </div>
  );
}
