import type { VpaDto, VpaResizeEntryDto } from '@/lib/dto/vpa';
import { CAUSE_TEXT, entryLabel, OUTCOME_HELP } from '@/lib/dto/vpa-history';
import { Badge, type Tone } from '../ui/badge';

const MODE_TONE: Record<string, Tone> = { Off: 'neutral', Initial: 'neutral', Recreate: 'warn', InPlaceOrRecreate: 'accent', InPlace: 'info' };

/** What each mode does to running pods, for the badge's description. */
export const MODE_HELP: Record<string, string> = {
  Off: 'Recommends only; pods are never changed.',
  Initial: 'Sets requests when a pod is created; running pods are left alone.',
  Recreate: 'Evicts pods whose requests are outside the recommended range; replacements get the recommendation.',
  InPlaceOrRecreate: 'Resizes running pods in place; evicts when the resize is Infeasible, fails, or stays Deferred 5 min / InProgress 1 h.',
  InPlace: 'Resizes running pods in place and never evicts; a resize that cannot be applied waits.',
};

/** The update mode as it acts: `Auto` is shown as Recreate, marked deprecated. */
export function ModeBadge({ v }: { v: Pick<VpaDto, 'updateMode' | 'effectiveMode' | 'deprecatedMode'> }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-mode={v.effectiveMode}>
      <Badge tone={MODE_TONE[v.effectiveMode] ?? 'neutral'} title={MODE_HELP[v.effectiveMode]}>{v.effectiveMode}</Badge>
      {v.deprecatedMode ? <Badge tone="warn" title="updateMode Auto is a deprecated alias of Recreate (kubernetes/autoscaler#8424).">written as Auto · deprecated</Badge> : null}
    </span>
  );
}

export function outcomeTone(e: Pick<VpaResizeEntryDto, 'outcome' | 'cause'>): Tone {
  switch (e.outcome) {
    case 'in-place': return 'ok';
    case 'in-place-with-restart': return 'warn';
    case 'deferred': return 'info';
    case 'infeasible':
    case 'error': return 'crit';
    case 'evicted': return e.cause && e.cause !== 'none' ? 'warn' : 'neutral';
  }
}

/** An attempt's outcome in words; an eviction says which in-place failure it fell back from. */
export function OutcomeBadge({ e }: { e: Pick<VpaResizeEntryDto, 'outcome' | 'cause' | 'settled'> }) {
  const help = e.outcome === 'evicted' && e.cause ? CAUSE_TEXT[e.cause] : OUTCOME_HELP[e.outcome];
  return (
    <span className="inline-flex items-center gap-1" data-outcome={e.outcome} data-cause={e.cause}>
      <Badge tone={outcomeTone(e)} title={help}>{entryLabel(e)}</Badge>
      {!e.settled ? <span className="text-xs text-muted" title="The kubelet may still apply or refuse it.">(still waiting)</span> : null}
    </span>
  );
}
