'use client';

import Link from 'next/link';
import { Archive, ChevronLeft, Database, Play, SearchX, Undo2 } from 'lucide-react';
import { useId, useState } from 'react';
import { ACTION_LABELS, type ActionId } from '@/lib/actions';
import type { MigrationDto, MigrationStepDto } from '@/lib/dto/migrations';
import { isWorkloadKind } from '@/lib/k8s/workload';
import { workloadHref } from '@/lib/links';
import { ApiError } from '../api';
import { useMigration, useMigrationAction } from '../hooks/use-migration';
import { Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Card, CardHeader } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { Skeleton } from '../ui/skeleton';
import { BUTTON } from './buttons';
import { ConfirmDialog } from './confirm-dialog';
import { PreflightList, preflightSummary } from './preflight-list';
import { MigrationStatusBadge } from './status-badge';
import { StepCard } from './step-card';
import { StepProgress } from './step-progress';
import { TargetLink } from './target-link';

const RUNNABLE: MigrationStepDto['state'][] = ['pending', 'failed', 'blocked'];
const KIND_SHORT: Record<string, string> = { HorizontalPodAutoscaler: 'HPA', VerticalPodAutoscaler: 'VPA', CronHorizontalPodAutoscaler: 'CronHPA' };

/** Why the current step cannot be run now (undefined when it can). */
export function runBlocker(m: MigrationDto): string | undefined {
  if (!m.access.allowed) return m.access.reason ?? 'Your user may not make the changes this migration needs.';
  if (m.status === 'done') return 'Every step is done.';
  if (m.status === 'rolled-back') return 'This migration was rolled back.';
  const active = m.steps.find((s) => s.state === 'running' || s.state === 'waiting');
  if (active) return `Step ${active.index + 1} is still ${active.state}.`;
  return undefined;
}

/** Why the migration cannot be rolled back now (undefined when it can). */
export function rollbackBlocker(m: MigrationDto): string | undefined {
  if (!m.access.allowed) return m.access.reason ?? 'Your user may not make the changes a rollback needs.';
  if (m.status === 'rolled-back') return 'Already rolled back.';
  const active = m.steps.find((s) => s.state === 'running' || s.state === 'waiting');
  if (active) return `Step ${active.index + 1} is still ${active.state}; roll back once it has finished or timed out.`;
  return undefined;
}

/** A migration as it runs: its steps, the current step's controls and progress, backups, log and rollback. */
export function MigrationRun({ context, id }: { context: string; id: string }) {
  const { data: m, error, refetch } = useMigration(context, id);
  if (!m) {
    if (error instanceof ApiError && error.status === 404) {
      return (
        <Card>
          <EmptyState icon={<SearchX className="size-8" />} title={`Migration ${id} was not found`} action={<Link href="/migrations" className="text-sm text-accent hover:underline">Back to migrations</Link>}>
            No migration record (ConfigMap labelled <span className="font-mono">scaleguard.dev/migration={id}</span>) exists in context <span className="font-mono">{context}</span>.
          </EmptyState>
        </Card>
      );
    }
    if (error) {
      return (
        <Callout tone="crit" role="alert" title="This migration could not be loaded">
          <p>{error.message}</p>
          <button type="button" onClick={() => void refetch()} className="mt-2 text-accent hover:underline">Try again</button>
        </Callout>
      );
    }
    return <RunSkeleton />;
  }
  return <Run context={context} m={m} refreshError={error?.message} />;
}

function Run({ context, m, refreshError }: { context: string; m: MigrationDto; refreshError?: string }) {
  const advance = useMigrationAction(context, m.id, 'advance');
  const rollback = useMigrationAction(context, m.id, 'rollback');
  const [confirmRollback, setConfirmRollback] = useState(false);
  const rollbackReason = rollbackBlocker(m);
  const rollbackReasonId = useId();
  const label = ACTION_LABELS[m.type as ActionId] ?? m.type;
  const done = m.steps.filter((s) => s.state === 'done').length;
  // Steps that wrote something, last first: what a rollback undoes.
  const ran = m.steps.filter((s) => s.state !== 'pending' && s.state !== 'rolled-back' && s.operations.length > 0).reverse();

  return (
    <>
      <Link href="/migrations" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
        <ChevronLeft aria-hidden className="size-3.5" />Migrations
      </Link>
      <PageHeader
        title={<span className="flex flex-wrap items-center gap-3">{label}<MigrationStatusBadge status={m.status} progress={m.status === 'in-progress' ? { step: m.step, of: m.steps.length } : undefined} /></span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <TargetLink target={m.target} />
            <span>started by <span className="text-fg">{m.createdBy}</span> <RelativeTime iso={m.createdAt} /></span>
            <span>updated <RelativeTime iso={m.updatedAt} /></span>
            <span className="tabular">{done} of {m.steps.length} steps done</span>
          </span>
        }
        aside={
          <div className="flex flex-col items-end gap-1">
            <button
              type="button"
              // aria-disabled, not disabled: the button stays focusable so its reason can be read.
              onClick={() => { if (!rollbackReason && !rollback.isPending) setConfirmRollback(true); }}
              aria-disabled={!!rollbackReason || rollback.isPending}
              aria-describedby={rollbackReason ? rollbackReasonId : undefined}
              className={BUTTON.dangerOutline}
            >
              <Undo2 aria-hidden className="size-3.5" />
              {rollback.isPending ? 'Rolling back…' : 'Roll back'}
            </button>
            {rollbackReason && m.status !== 'rolled-back' ? <span id={rollbackReasonId} className="max-w-xs text-right text-xs text-muted">{rollbackReason}</span> : null}
          </div>
        }
      />
      {refreshError ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {refreshError}. Showing the last data received.</p> : null}
      <StatusCallout m={m} />
      {!m.access.allowed ? (
        <Callout tone="warn" title="You may not run or roll back this migration">
          <span data-access-reason>{m.access.reason ?? 'Your user lacks a permission this migration needs.'}</span>
        </Callout>
      ) : null}
      {rollback.error && !confirmRollback ? <Callout tone="crit" role="alert" title="The rollback was refused">{rollback.error.message}</Callout> : null}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-labelledby="steps-title" className="min-w-0">
          <h2 id="steps-title" className="mb-3 text-sm font-semibold text-fg">Steps</h2>
          <ol className="space-y-4">
            {m.steps.map((s) => {
              const current = s.index === m.step && m.status !== 'done' && m.status !== 'rolled-back';
              const active = s.state === 'running' || s.state === 'waiting';
              return (
                <StepCard key={s.id} step={s} current={current} diffsOpen={s.state !== 'done' && s.state !== 'rolled-back'}>
                  {active ? <StepProgress step={s} /> : null}
                  {current && RUNNABLE.includes(s.state) ? <RunControls m={m} step={s} advance={advance} /> : null}
                </StepCard>
              );
            })}
          </ol>
        </section>

        <aside className="space-y-4" aria-label="Record and backups">
          <Card aria-labelledby="record-title">
            <CardHeader id="record-title" title="Record" description="Step state and backups live in the cluster, so another scaleguard can resume or roll back." />
            <div className="space-y-3 px-4 py-3 text-sm">
              <p className="flex items-start gap-2">
                <Database aria-hidden className="mt-0.5 size-4 shrink-0 text-faint" />
                <span className="min-w-0">
                  <span className="block text-xs text-muted">ConfigMap</span>
                  <span className="block break-all font-mono text-xs" data-record>{m.record}</span>
                </span>
              </p>
              <div className="flex items-start gap-2">
                <Archive aria-hidden className="mt-0.5 size-4 shrink-0 text-faint" />
                <div className="min-w-0">
                  <span className="block text-xs text-muted">Backups</span>
                  {m.backups.length ? (
                    <ul className="mt-0.5 space-y-0.5" data-backups>
                      {m.backups.map((b) => {
                        const name = <span className="font-mono">{b.namespace && b.namespace !== m.target.namespace ? `${b.namespace}/` : ''}{b.name}</span>;
                        return (
                          <li key={`${b.kind}/${b.namespace}/${b.name}`} className="break-words text-xs" title={`${b.kind} ${b.namespace ?? ''}/${b.name}`}>
                            <span className="text-muted">{KIND_SHORT[b.kind] ?? b.kind}</span>{' '}
                            {isWorkloadKind(b.kind) && b.namespace ? <Link href={workloadHref({ namespace: b.namespace, kind: b.kind, name: b.name })} className="text-accent hover:underline">{name}</Link> : name}
                          </li>
                        );
                      })}
                    </ul>
                  ) : (
                    <p className="text-xs text-muted">None yet: each step backs up what it changes before its first write.</p>
                  )}
                </div>
              </div>
            </div>
          </Card>
          <Card aria-labelledby="run-preflight-title">
            <details className="group">
              <summary className="cursor-pointer list-none rounded-lg px-4 py-3 hover:bg-surface-2 [&::-webkit-details-marker]:hidden">
                <h2 id="run-preflight-title" className="text-sm font-semibold text-fg">Preflight when planned</h2>
                <p className="mt-0.5 text-xs text-muted">{preflightSummary(m.preflight)} · <span className="text-accent group-open:hidden">show</span><span className="hidden text-accent group-open:inline">hide</span></p>
              </summary>
              <div className="border-t border-line"><PreflightList checks={m.preflight} /></div>
            </details>
          </Card>
        </aside>
      </div>

      <Card className="mt-6" aria-labelledby="log-title">
        <CardHeader id="log-title" title="Log" description="What scaleguard did and saw, oldest first." />
        <MigrationLog m={m} />
      </Card>

      <ConfirmDialog
        open={confirmRollback}
        onClose={() => { setConfirmRollback(false); rollback.reset(); }}
        title="Roll back this migration?"
        actions={
          <>
            <button type="button" onClick={() => { setConfirmRollback(false); rollback.reset(); }} className={BUTTON.secondary}>Cancel</button>
            <button
              type="button"
              disabled={rollback.isPending}
              onClick={() => rollback.mutate({}, { onSuccess: () => setConfirmRollback(false) })}
              className={BUTTON.danger}
            >
              <Undo2 aria-hidden className="size-3.5" />
              {rollback.isPending ? 'Rolling back…' : 'Roll back'}
            </button>
          </>
        }
      >
        {ran.length ? (
          <>
            <p>scaleguard undoes the steps that ran, last first, and waits for the cluster to settle:</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-fg">
              {ran.map((s) => <li key={s.id}><RichText text={s.title} /></li>)}
            </ul>
          </>
        ) : (
          <p>No step has changed the cluster yet: rolling back only closes this migration, so its target can be planned again.</p>
        )}
        {m.backups.length ? (
          <p className="mt-3">Changed objects are restored from their backups in ConfigMap <span className="font-mono text-fg">{m.record}</span>: {m.backups.map((b) => `${b.kind} ${b.name}`).join(', ')}.</p>
        ) : null}
        {rollback.error ? <p role="alert" className="mt-3 text-crit">{rollback.error.message}</p> : null}
      </ConfirmDialog>
    </>
  );
}

function RunControls({ m, step, advance }: { m: MigrationDto; step: MigrationStepDto; advance: ReturnType<typeof useMigrationAction> }) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const reasonId = useId();
  const blocker = runBlocker(m);
  const needsName = !!step.confirm && typed !== step.confirm;
  const reason = blocker ?? (needsName ? `Type ${step.confirm} to confirm this destructive step.` : undefined);
  const again = step.state === 'failed' || step.state === 'blocked';
  const n = step.index + 1;
  return (
    <div className="rounded-md border border-line bg-surface-2/60 px-3 py-3" data-run-controls>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason || advance.isPending) return;
          advance.mutate(step.confirm ? { confirm: typed } : {});
        }}
      >
        {step.confirm ? (
          <div>
            <label htmlFor={inputId} className="mb-1 block text-xs text-muted">
              Type <code className="rounded bg-surface px-1 font-mono text-fg">{step.confirm}</code> to confirm
            </label>
            <input
              id={inputId}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              disabled={!!blocker}
              className="h-8 w-64 rounded-md border border-line bg-surface px-2 font-mono text-sm text-fg"
            />
          </div>
        ) : null}
        <button type="submit" disabled={!!reason || advance.isPending} aria-describedby={reason ? reasonId : undefined} className={step.confirm ? BUTTON.danger : BUTTON.primary}>
          <Play aria-hidden className="size-3.5" />
          {advance.isPending ? `Starting step ${n}…` : again ? `Run step ${n} again` : `Run step ${n}`}
        </button>
        <p id={reasonId} className={`min-w-0 flex-1 basis-60 text-xs ${blocker ? 'text-warn' : 'text-muted'}`}>
          {reason ?? 'Backs up what this step changes, applies it with preconditions, then waits for the conditions above.'}
        </p>
      </form>
      {advance.error ? <p role="alert" className="mt-2 text-xs text-crit">The step was refused: {advance.error.message}</p> : null}
    </div>
  );
}

function StatusCallout({ m }: { m: MigrationDto }) {
  const failed = m.steps.find((s) => s.state === 'failed' || s.state === 'blocked');
  switch (m.status) {
    case 'done':
      return (
        <div role="status" className="mb-6 flex items-start gap-3 rounded-lg border border-ok/30 bg-ok-soft px-4 py-3 text-sm" data-status-banner="done">
          <Badge tone="ok">Done</Badge>
          <p className="text-fg"><RichText text={m.summary} /> Every step ran and its conditions held.</p>
        </div>
      );
    case 'rolled-back':
      return <Callout tone="info" title="Rolled back">Every step that ran was undone and the objects it changed were restored from their backups.</Callout>;
    case 'failed':
    case 'blocked':
      return (
        <Callout tone={m.status === 'failed' ? 'crit' : 'warn'} role="alert" title={failed ? `Step ${failed.index + 1} ${failed.state === 'failed' ? 'failed' : 'is blocked'}` : m.status === 'failed' ? 'The migration failed' : 'The migration is blocked'}>
          {failed?.message ? <p><RichText text={failed.message} /></p> : null}
          <p className="mt-1">Fix the cause and run the step again, or roll back to where you started.</p>
        </Callout>
      );
    default:
      return null;
  }
}

function MigrationLog({ m }: { m: MigrationDto }) {
  if (!m.log.length) return <p className="px-4 py-3 text-sm text-muted">Nothing logged yet.</p>;
  return (
    <ol className="divide-y divide-line font-mono text-xs" data-log>
      {m.log.map((e, i) => (
        <li key={i} className="flex gap-3 px-4 py-1.5">
          <span className="tabular w-20 shrink-0 text-faint" title={new Date(e.at).toLocaleString()}>{new Date(e.at).toLocaleTimeString()}</span>
          <span className={`w-14 shrink-0 ${e.level === 'error' ? 'text-crit' : e.level === 'warning' ? 'text-warn' : 'text-muted'}`}>{e.level}</span>
          <span className="min-w-0 whitespace-pre-wrap break-words font-sans text-sm text-fg"><RichText text={e.message} /></span>
        </li>
      ))}
    </ol>
  );
}

function RunSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the migration">
      <Skeleton className="mb-2 h-6 w-72" />
      <Skeleton className="mb-6 h-4 w-96" />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-40" />)}</div>
        <Skeleton className="h-64" />
      </div>
    </div>
  );
}
