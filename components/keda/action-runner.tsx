'use client';

import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, CircleDashed, ExternalLink, Play, X } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ActionDto } from '@/lib/dto/findings';
import type { PlanRequest } from '@/lib/dto/migrations';
import { queryKeys } from '@/lib/query-keys';
import { isActive, useMigration, useMigrationAction } from '../hooks/use-migration';
import { usePlan, useStartMigration } from '../hooks/use-plan';
import { BUTTON } from '../migrations/buttons';
import { migrationHref } from '../migrations/links';
import { startBlockers } from '../migrations/plan-wizard';
import { PreflightList, preflightSummary } from '../migrations/preflight-list';
import { StepProgress } from '../migrations/step-progress';
import { ObjectDiffs } from '../migrations/yaml-diff';
import { Callout } from '../ui/callout';
import { useNow } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { Skeleton } from '../ui/skeleton';

/** Runs the single step of a started action and follows it until the cluster confirms it. */
function Progress({ context, id, onDone }: { context: string; id: string; onDone: () => void }) {
  const { data: m, error } = useMigration(context, id);
  const advance = useMigrationAction(context, id, 'advance');
  const asked = useRef(false);
  const reported = useRef(false);
  useEffect(() => {
    if (asked.current || !m || m.status === 'done') return;
    asked.current = true;
    advance.mutate({});
  }, [m, advance]);
  const step = m?.steps[0];
  const finished = m?.status === 'done' || m?.status === 'failed' || m?.status === 'blocked';
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onDone();
    }
  }, [finished, onDone]);
  if (error) return <p role="alert" className="text-sm text-crit">Could not follow the action: {error.message}</p>;
  if (!m || !step) return <Skeleton className="h-16" />;
  return (
    <div className="space-y-3" data-action-run={m.status}>
      {m.status === 'done' ? (
        <Callout tone="info" title="Done: the cluster confirmed every condition">
          <ul className="space-y-0.5">{step.checks.map((c) => <li key={c.description} className="flex items-start gap-1.5"><CheckCircle2 aria-hidden className="mt-0.5 size-3.5 shrink-0 text-ok" /><RichText text={c.description} /></li>)}</ul>
        </Callout>
      ) : finished ? (
        <Callout tone="crit" role="alert" title={`The action ${m.status === 'failed' ? 'failed' : 'is blocked'}`}>
          <RichText text={step.message ?? 'See the run page for the log.'} />
        </Callout>
      ) : (
        <>
          {isActive(m) ? <StepProgress step={step} /> : <p role="status" className="text-sm text-muted">Starting the step…</p>}
          {step.checks.length ? (
            <ul className="space-y-0.5 text-xs">
              {step.checks.map((c) => (
                <li key={c.description} className={`flex items-start gap-1.5 ${c.met ? 'text-ok' : 'text-muted'}`}>
                  {c.met ? <CheckCircle2 aria-hidden className="mt-0.5 size-3.5 shrink-0" /> : <CircleDashed aria-hidden className="mt-0.5 size-3.5 shrink-0" />}
                  <RichText text={c.description} /><span className="sr-only">{c.met ? ' (met)' : ' (waiting)'}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {advance.error ? <p role="alert" className="text-sm text-crit">The step was refused: {advance.error.message}</p> : null}
      <Link href={migrationHref(m.id)} className="inline-flex items-center gap-1 text-xs text-accent hover:underline">Record, backups and log of this run<ExternalLink aria-hidden className="size-3" /></Link>
    </div>
  );
}

/** The plan of an action (made when shown): summary, preflight, YAML diff and dry-run; then start it. */
function PlanPanel({ context, request, runLabel, onCancel }: { context: string; request: PlanRequest; runLabel: string; onCancel: () => void }) {
  const { data: plan, error, isFetching } = usePlan(context, request);
  const start = useStartMigration(context);
  const client = useQueryClient();
  const now = useNow(5000);
  const [runId, setRunId] = useState<string>();
  const onDone = () => void client.invalidateQueries({ queryKey: queryKeys.context(context) });
  if (runId) return <Progress context={context} id={runId} onDone={onDone} />;
  if (error) return <Callout tone="crit" role="alert" title="No plan could be made">{error.message}</Callout>;
  if (!plan || isFetching) return <div aria-busy="true"><p role="status" className="mb-2 text-sm text-muted">Planning: checking preconditions and dry-running on the API server…</p><Skeleton className="h-24" /></div>;
  const blockers = startBlockers(plan, now);
  const step = plan.steps[0];
  return (
    <div className="space-y-3" data-plan={plan.type}>
      <p className="text-sm text-fg"><RichText text={plan.summary} /></p>
      <details className="rounded-md border border-line">
        <summary className="cursor-pointer px-3 py-2 text-xs text-muted hover:text-fg">Preflight: {preflightSummary(plan.preflight)}</summary>
        <div className="border-t border-line"><PreflightList checks={plan.preflight} /></div>
      </details>
      {step ? (
        <>
          <ObjectDiffs diffs={step.diff} defaultOpen={false} />
          <p className="text-xs text-muted">
            Server dry-run: {step.dryRun.ok ? <span className="text-ok">accepted</span> : <span className="text-crit">refused</span>}
            {step.dryRun.messages.length ? <> — {step.dryRun.messages.join('; ')}</> : null}. Then waits for: {step.postConditions.join('; ')}.
          </p>
        </>
      ) : null}
      {blockers.length ? <ul id={`${plan.id}-blockers`} className="space-y-0.5 text-xs text-crit" data-blockers>{blockers.map((b) => <li key={b}><RichText text={b} /></li>)}</ul> : null}
      {start.error ? <p role="alert" className="text-xs text-crit">Could not start: {start.error.message}</p> : null}
      <div className="flex gap-2">
        <button type="button" className={BUTTON.primary} disabled={blockers.length > 0 || start.isPending}
          aria-describedby={blockers.length ? `${plan.id}-blockers` : undefined}
          onClick={() => start.mutate(plan.id, { onSuccess: (m) => setRunId(m.id) })}>
          <Play aria-hidden className="size-3.5" />{start.isPending ? 'Starting…' : runLabel}
        </button>
        <button type="button" className={BUTTON.secondary} onClick={onCancel}><X aria-hidden className="size-3.5" />Cancel</button>
      </div>
    </div>
  );
}

/**
 * One guarded action as a card: what it does and costs, a button that plans it (disabled with the
 * reason when the caller may not), then the plan, the run and the cluster's confirmation — all
 * through `POST /api/v1/plans`, `/migrations` and `…/advance`, like the migration pages.
 */
export function ActionRunner({ context, request, access, title, children, planLabel, runLabel, tone = 'secondary' }: {
  context: string;
  request: PlanRequest;
  access: ActionDto | undefined;
  title: string;
  children: ReactNode;
  planLabel: string;
  runLabel: string;
  tone?: 'primary' | 'secondary';
}) {
  const [open, setOpen] = useState(false);
  const reasonId = `${request.type}-reason`;
  const allowed = access?.allowed ?? false;
  return (
    <section className="rounded-lg border border-line bg-surface p-4" data-action={request.type} aria-label={title}>
      <h3 className="text-sm font-semibold text-fg">{title}</h3>
      <div className="mt-1 text-sm text-muted">{children}</div>
      <div className="mt-3">
        {open ? (
          <PlanPanel context={context} request={request} runLabel={runLabel} onCancel={() => setOpen(false)} />
        ) : (
          <>
            <button type="button" className={tone === 'primary' ? BUTTON.primary : BUTTON.secondary} disabled={!allowed} aria-describedby={allowed ? undefined : reasonId} onClick={() => setOpen(true)}>
              {planLabel}
            </button>
            {!allowed ? <p id={reasonId} className="mt-1.5 text-xs text-muted" data-access-reason>{access?.reason ?? 'Whether you may run this is not known yet.'}</p> : null}
          </>
        )}
      </div>
    </section>
  );
}
