'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ChevronLeft, Play, RefreshCw } from 'lucide-react';
import { useMemo, useState } from 'react';
import { ACTION_LABELS, type ActionId } from '@/lib/actions';
import type { PlanDto, PlanRequest } from '@/lib/dto/migrations';
import type { JsonValue } from '@/lib/k8s/object';
import { usePlan, useStartMigration } from '../hooks/use-plan';
import { Callout } from '../ui/callout';
import { Card, CardHeader } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { RelativeTime, useNow } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { Skeleton } from '../ui/skeleton';
import { BUTTON } from './buttons';
import { migrationHref } from './links';
import { OptionsForm } from './options-form';
import { triggerRequests } from './plan-input';
import { PreflightList, preflightSummary } from './preflight-list';
import { StepCard } from './step-card';
import { TargetLink } from './target-link';

/** Why a plan cannot start, in words (empty when it can). */
export function startBlockers(plan: PlanDto, now: number): string[] {
  const out: string[] = [];
  if (!plan.access.allowed) out.push(plan.access.reason ?? 'Your user may not make the changes this plan needs.');
  for (const c of plan.preflight) if (!c.ok && c.blocking) out.push(`Preflight check ${c.check} failed: ${c.detail}`);
  for (const s of plan.steps) if (!s.dryRun.ok && !s.dryRun.deferred) out.push(`The API server refused the dry-run of step ${s.index + 1} (${s.title}).`);
  if (plan.blocked && out.length === 0) out.push('The planner marked this plan blocked.');
  if (Date.parse(plan.expiresAt) <= now) out.push('This plan has expired: plan again to start from the cluster as it is now.');
  return out;
}

/**
 * The guided migrator: plans the action for the target, shows the preconditions, the options the
 * plan needs, every step with its YAML and the server's dry-run, and starts the migration.
 */
export function PlanWizard({ context, request }: { context: string; request: PlanRequest }) {
  const router = useRouter();
  const [options, setOptions] = useState<Record<string, JsonValue> | undefined>(request.options);
  const req = useMemo<PlanRequest>(() => ({ ...request, ...(options ? { options } : {}) }), [request, options]);
  const { data: plan, error, isFetching, refetch } = usePlan(context, req);
  const start = useStartMigration(context);
  const now = useNow(5000);
  const label = ACTION_LABELS[request.type as ActionId] ?? request.type;
  const blockers = plan ? startBlockers(plan, now) : [];
  const requests = plan ? triggerRequests(plan.preflight) : [];

  return (
    <>
      <Link href="/migrations" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
        <ChevronLeft aria-hidden className="size-3.5" />Migrations
      </Link>
      <PageHeader
        title={label}
        description={<span>Plan for <TargetLink target={request.target} /> — nothing is written until you start and run each step.</span>}
        aside={
          <button type="button" onClick={() => void refetch()} disabled={isFetching} className={BUTTON.secondary}>
            <RefreshCw aria-hidden className={`size-3.5 ${isFetching ? 'animate-spin' : ''}`} />
            {isFetching ? 'Planning…' : 'Plan again'}
          </button>
        }
      />
      {!plan && isFetching ? <PlanSkeleton /> : null}
      {error && !isFetching ? (
        <Callout tone="crit" role="alert" title="No plan could be made">
          <p>{error.message}</p>
          <p className="mt-2 flex gap-3">
            <button type="button" onClick={() => void refetch()} className="text-accent hover:underline">Try again</button>
            <Link href="/migrations" className="text-accent hover:underline">Back to migrations</Link>
          </p>
        </Callout>
      ) : null}
      {plan && !error ? (
        <div className={`space-y-6 ${isFetching ? 'opacity-60 transition-opacity' : ''}`} aria-busy={isFetching}>
          <Card aria-labelledby="plan-summary-title">
            <CardHeader id="plan-summary-title" title="Summary" aside={<span className="font-mono text-xs text-faint">plan {plan.id}</span>} />
            <div className="px-4 py-3 text-sm">
              <p className="text-fg"><RichText text={plan.summary} /></p>
              <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs">
                <div className="flex gap-1.5"><dt className="text-muted">Steps</dt><dd className="tabular font-medium">{plan.steps.length}</dd></div>
                <div className="flex gap-1.5"><dt className="text-muted">Preflight</dt><dd>{preflightSummary(plan.preflight)}</dd></div>
                <div className="flex gap-1.5"><dt className="text-muted">Planned</dt><dd><RelativeTime iso={plan.createdAt} /></dd></div>
                <div className="flex gap-1.5"><dt className="text-muted">Start before</dt><dd>{new Date(plan.expiresAt).toLocaleTimeString()}</dd></div>
              </dl>
            </div>
          </Card>

          {!plan.access.allowed ? (
            <Callout tone="warn" title="You may not run this migration">
              <span data-access-reason>{plan.access.reason ?? 'Your user lacks a permission this plan needs.'}</span> The plan is shown so you can review it or hand it on.
            </Callout>
          ) : null}

          <Card aria-labelledby="preflight-title">
            <CardHeader id="preflight-title" title="Preflight checks" description={preflightSummary(plan.preflight)} />
            <PreflightList checks={plan.preflight} />
          </Card>

          {requests.length ? (
            <Card aria-labelledby="options-title">
              <CardHeader id="options-title" title="Options" description="Some HPA metrics have no automatic KEDA trigger: say which trigger to use, and the plan is made again." />
              <OptionsForm
                key={plan.id}
                requests={requests}
                pending={isFetching}
                onSubmit={(triggers) => setOptions({ ...(options ?? {}), triggers: { ...((options?.triggers as Record<string, JsonValue> | undefined) ?? {}), ...triggers } })}
              />
            </Card>
          ) : null}

          <section aria-labelledby="steps-title">
            <h2 id="steps-title" className="mb-3 text-sm font-semibold text-fg">Steps</h2>
            {plan.steps.length ? (
              <ol className="space-y-4">
                {plan.steps.map((s) => <StepCard key={s.id} step={s} />)}
              </ol>
            ) : (
              <Card><p className="px-4 py-4 text-sm text-muted">This plan has no steps: there is nothing to change.</p></Card>
            )}
          </section>

          <Card aria-labelledby="start-title">
            <div className="flex flex-wrap items-center gap-4 px-4 py-3">
              <div className="min-w-0 flex-1">
                <h2 id="start-title" className="text-sm font-semibold text-fg">Start the migration</h2>
                {blockers.length ? (
                  <ul id="start-blockers" className="mt-1 space-y-0.5 text-xs text-crit">
                    {blockers.map((b) => <li key={b}><RichText text={b} /></li>)}
                  </ul>
                ) : (
                  <p className="mt-0.5 text-xs text-muted">Then run the steps one at a time; each backs up what it changes first, and the migration can be rolled back.</p>
                )}
                {start.error ? <p role="alert" className="mt-1 text-xs text-crit">Could not start: {start.error.message}</p> : null}
              </div>
              <button
                type="button"
                disabled={blockers.length > 0 || start.isPending || start.isSuccess || isFetching}
                aria-describedby={blockers.length ? 'start-blockers' : undefined}
                onClick={() => start.mutate(plan.id, { onSuccess: (m) => router.push(migrationHref(m.id)) })}
                className={BUTTON.primary}
              >
                <Play aria-hidden className="size-3.5" />
                {start.isPending || start.isSuccess ? 'Starting…' : 'Start migration'}
              </button>
            </div>
          </Card>
        </div>
      ) : null}
    </>
  );
}

function PlanSkeleton() {
  return (
    <div aria-busy="true" aria-label="Planning">
      <p className="mb-4 text-sm text-muted" role="status">Checking preconditions and dry-running every step on the API server…</p>
      <Skeleton className="mb-6 h-24" />
      <Skeleton className="mb-6 h-48" />
      <div className="space-y-4">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-40" />)}</div>
    </div>
  );
}
