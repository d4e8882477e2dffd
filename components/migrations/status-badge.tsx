import { Ban, CheckCircle2, CircleDashed, CircleDot, CirclePlay, Clock, Loader2, OctagonAlert, Undo2, type LucideIcon } from 'lucide-react';
import type { MigrationStatus, StepState } from '@/lib/dto/migrations';
import { Badge, type Tone } from '../ui/badge';

export const STATUS_LABEL: Record<MigrationStatus, string> = {
  'not-started': 'Not started',
  ready: 'Ready',
  'in-progress': 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  'rolled-back': 'Rolled back',
  failed: 'Failed',
};

export const STATUS_ORDER: MigrationStatus[] = ['in-progress', 'blocked', 'failed', 'ready', 'not-started', 'done', 'rolled-back'];

const STATUS_STYLE: Record<MigrationStatus, { tone: Tone; icon: LucideIcon }> = {
  'not-started': { tone: 'neutral', icon: CircleDashed },
  ready: { tone: 'info', icon: CircleDot },
  'in-progress': { tone: 'accent', icon: CirclePlay },
  blocked: { tone: 'warn', icon: Ban },
  done: { tone: 'ok', icon: CheckCircle2 },
  'rolled-back': { tone: 'neutral', icon: Undo2 },
  failed: { tone: 'crit', icon: OctagonAlert },
};

/** `progress.step` is the 0-based step the migration is at (as `MigrationDto.step`): shown as "step k+1 of n". */
export function MigrationStatusBadge({ status, progress }: { status: MigrationStatus; progress?: { step: number; of: number } }) {
  const s = STATUS_STYLE[status];
  const Icon = s.icon;
  return (
    <Badge tone={s.tone}>
      <Icon aria-hidden className="size-3" />
      {STATUS_LABEL[status]}
      {status === 'in-progress' && progress ? <span className="tabular font-normal">· step {Math.min(progress.step + 1, progress.of)} of {progress.of}</span> : null}
    </Badge>
  );
}

export const STEP_LABEL: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting',
  done: 'Done',
  failed: 'Failed',
  blocked: 'Blocked',
  'rolled-back': 'Rolled back',
};

const STEP_STYLE: Record<StepState, { tone: Tone; icon: LucideIcon }> = {
  pending: { tone: 'neutral', icon: CircleDashed },
  running: { tone: 'accent', icon: Loader2 },
  waiting: { tone: 'info', icon: Clock },
  done: { tone: 'ok', icon: CheckCircle2 },
  failed: { tone: 'crit', icon: OctagonAlert },
  blocked: { tone: 'warn', icon: Ban },
  'rolled-back': { tone: 'neutral', icon: Undo2 },
};

export function StepStateBadge({ state }: { state: StepState }) {
  const s = STEP_STYLE[state];
  const Icon = s.icon;
  return (
    <Badge tone={s.tone}>
      <Icon aria-hidden className={`size-3 ${state === 'running' ? 'animate-spin' : ''}`} />
      {STEP_LABEL[state]}
    </Badge>
  );
}

/** The circle with the step number, coloured by state. */
export function StepNumber({ n, state }: { n: number; state?: StepState }) {
  const cls =
    state === 'done' ? 'border-ok/40 bg-ok-soft text-ok'
    : state === 'failed' ? 'border-crit/40 bg-crit-soft text-crit'
    : state === 'blocked' ? 'border-warn/40 bg-warn-soft text-warn'
    : state === 'running' || state === 'waiting' ? 'border-accent/50 bg-accent-soft text-accent'
    : 'border-line-strong bg-surface text-muted';
  return <span aria-hidden className={`tabular inline-flex size-7 shrink-0 items-center justify-center rounded-full border text-xs font-semibold ${cls}`}>{n}</span>;
}
