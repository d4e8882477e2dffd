import { CheckCircle2, CircleDashed, Clock, ShieldCheck, ShieldX, Timer } from 'lucide-react';
import type { ReactNode } from 'react';
import type { DryRunDto, MigrationStepDto, OperationDto, PlanStepDto } from '@/lib/dto/migrations';
import { Badge, type Tone } from '../ui/badge';
import { RichText } from '../ui/rich-text';
import { StepNumber, StepStateBadge } from './status-badge';
import { ObjectDiffs } from './yaml-diff';

const OP_TONE: Record<OperationDto['kind'], Tone> = { create: 'ok', patch: 'info', update: 'info', delete: 'crit' };

function isRun(s: PlanStepDto | MigrationStepDto): s is MigrationStepDto {
  return 'state' in s;
}

/** `2 min`, `45 s`, `1 h 5 min` */
export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * One step of a plan or of a migration: what it does, the operations, the server's dry-run answer,
 * what it waits for, and the YAML it changes. `children` holds the run page's progress and controls.
 */
export function StepCard({ step, current = false, diffsOpen = true, children }: {
  step: PlanStepDto | MigrationStepDto;
  /** The step the migration is at: highlighted. */
  current?: boolean;
  diffsOpen?: boolean;
  children?: ReactNode;
}) {
  const run = isRun(step) ? step : undefined;
  const titleId = `step-${step.index}-title`;
  return (
    <li>
      <article
        aria-labelledby={titleId}
        data-step={step.id}
        data-state={run?.state}
        className={`rounded-lg border bg-surface shadow-card ${current ? 'border-accent/60 ring-1 ring-accent/30' : 'border-line'}`}
      >
        <header className="flex flex-wrap items-start gap-3 border-b border-line px-4 py-3">
          <StepNumber n={step.index + 1} state={run?.state} />
          <div className="min-w-0 flex-1">
            <h3 id={titleId} className="text-sm font-semibold text-fg">
              <span className="sr-only">Step {step.index + 1}: </span>
              <RichText text={step.title} />
            </h3>
            <p className="mt-0.5 max-w-4xl text-sm text-muted"><RichText text={step.description} /></p>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            {step.confirm ? <Badge tone="warn" title={`Asks you to type ${step.confirm} before it runs`}>destructive</Badge> : null}
            {run ? <StepStateBadge state={run.state} /> : null}
          </div>
        </header>
        <div className="space-y-4 px-4 py-3">
          {run?.message ? (
            <p className={`text-sm ${run.state === 'failed' ? 'text-crit' : run.state === 'blocked' ? 'text-warn' : 'text-fg'}`} data-step-message>
              <RichText text={run.message} />
            </p>
          ) : null}
          {children}
          <div className="grid gap-4 lg:grid-cols-3">
            <Section title="Operations">
              {step.operations.length ? (
                <ul className="space-y-1">
                  {step.operations.map((o, i) => (
                    <li key={i} className="flex items-baseline gap-2 text-xs">
                      <Badge tone={OP_TONE[o.kind]}>{o.kind}</Badge>
                      <span className="min-w-0 break-words font-mono text-fg">{o.summary}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-muted">None: this step only checks the cluster.</p>
              )}
            </Section>
            <Section title="Server dry-run">
              <DryRun d={step.dryRun} hasOperations={step.operations.length > 0} />
            </Section>
            <Section title={<>Waits for <span className="font-normal text-faint">· up to {formatSeconds(step.timeoutSeconds)}</span></>}>
              <PostConditions step={step} />
            </Section>
          </div>
          {step.confirm ? (
            <p className="text-xs text-muted">A destructive step: you will type <code className="rounded bg-surface-2 px-1 font-mono text-fg">{step.confirm}</code> to run it.</p>
          ) : null}
          {step.diff.length ? (
            <div>
              <h4 className="mb-2 text-xs font-medium text-muted">YAML changes</h4>
              <ObjectDiffs diffs={step.diff} defaultOpen={diffsOpen} />
            </div>
          ) : null}
        </div>
      </article>
    </li>
  );
}

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <section>
      <h4 className="mb-1.5 text-xs font-medium text-muted">{title}</h4>
      {children}
    </section>
  );
}

/** The server's answer to `dryRun=All`, messages verbatim (e.g. KEDA's webhook refusal). */
export function DryRun({ d, hasOperations }: { d: DryRunDto; hasOperations: boolean }) {
  if (!hasOperations && d.ok && !d.messages.length) return <p className="text-xs text-muted">Nothing to dry-run.</p>;
  return (
    <div data-dry-run={d.ok ? 'ok' : d.deferred ? 'deferred' : 'refused'}>
      <p className={`flex items-center gap-1.5 text-xs font-medium ${d.ok ? 'text-ok' : d.deferred ? 'text-muted' : 'text-crit'}`}>
        {d.ok ? <ShieldCheck aria-hidden className="size-3.5" /> : d.deferred ? <Clock aria-hidden className="size-3.5" /> : <ShieldX aria-hidden className="size-3.5" />}
        {d.ok ? 'Accepted by the API server' : d.deferred ? 'Not yet possible: it needs an earlier step; dry-run again before this step runs' : 'Refused by the API server'}
      </p>
      {d.messages.length ? (
        <ul className="mt-1.5 space-y-1">
          {d.messages.map((m, i) => (
            <li key={i} className={`whitespace-pre-wrap break-words rounded-md border px-2 py-1 font-mono text-xs ${d.ok || d.deferred ? 'border-line bg-surface-2 text-fg' : 'border-crit/30 bg-crit-soft text-fg'}`}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function PostConditions({ step }: { step: PlanStepDto | MigrationStepDto }) {
  const run = isRun(step) ? step : undefined;
  const checks = run && run.checks.length ? run.checks : step.postConditions.map((description) => ({ description, met: undefined as boolean | undefined }));
  if (!checks.length) return <p className="text-xs text-muted">Nothing: the step is done when its operations are applied.</p>;
  const showMet = !!run && run.state !== 'pending';
  return (
    <ul className="space-y-1 text-xs">
      {checks.map((c, i) => (
        <li key={i} className="flex items-start gap-1.5" data-check-met={showMet ? String(!!c.met) : undefined}>
          {showMet ? (
            c.met ? <CheckCircle2 aria-hidden className="mt-0.5 size-3.5 shrink-0 text-ok" /> : <CircleDashed aria-hidden className="mt-0.5 size-3.5 shrink-0 text-faint" />
          ) : (
            <Timer aria-hidden className="mt-0.5 size-3.5 shrink-0 text-faint" />
          )}
          <span className={showMet && !c.met ? 'text-muted' : 'text-fg'}>
            <RichText text={c.description} />
            {showMet ? <span className="sr-only">{c.met ? ' (met)' : ' (not met yet)'}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
