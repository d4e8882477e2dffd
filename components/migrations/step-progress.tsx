'use client';

import { Loader2 } from 'lucide-react';
import type { MigrationStepDto } from '@/lib/dto/migrations';
import { useNow } from '../ui/relative-time';
import { formatSeconds } from './step-card';

/** While a step runs or waits: its post-conditions met so far and the time spent against its timeout. */
export function StepProgress({ step }: { step: MigrationStepDto }) {
  const now = useNow(1000);
  const started = step.startedAt ? Date.parse(step.startedAt) : NaN;
  const elapsed = Number.isNaN(started) ? 0 : Math.max(0, (now - started) / 1000);
  const share = step.timeoutSeconds > 0 ? Math.min(1, elapsed / step.timeoutSeconds) : 0;
  const met = step.checks.filter((c) => c.met).length;
  const late = share > 0.75;
  return (
    <div className="rounded-md border border-accent/30 bg-accent-soft/50 px-3 py-2.5" data-step-progress>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm" role="status">
        <span className="flex items-center gap-1.5 font-medium text-fg">
          <Loader2 aria-hidden className="size-3.5 animate-spin text-accent" />
          {step.state === 'running' ? 'Applying the operations…' : 'Waiting for the cluster'}
        </span>
        {step.checks.length ? <span className="tabular text-xs text-muted">{met} of {step.checks.length} conditions met</span> : null}
        <span className="tabular ml-auto text-xs text-muted">{formatSeconds(elapsed)} of {formatSeconds(step.timeoutSeconds)}</span>
      </p>
      <div
        role="progressbar"
        aria-label="Time spent against the step's timeout"
        aria-valuemin={0}
        aria-valuemax={step.timeoutSeconds}
        aria-valuenow={Math.round(elapsed)}
        aria-valuetext={`${formatSeconds(elapsed)} of ${formatSeconds(step.timeoutSeconds)}`}
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-surface-2"
      >
        <div className={`h-full rounded-full transition-[width] duration-1000 ease-linear ${late ? 'bg-warn' : 'bg-accent'}`} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
