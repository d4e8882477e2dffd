/**
 * Words and numbers for the VPA resize history: the label of each outcome, why an eviction
 * happened (the VPA updater's timeouts, pods_inplace_restriction.go), and the per-VPA summary —
 * how many in-place resizes were truly non-disruptive (seed 001 / AEP-4016: none is guaranteed).
 */
import type { EvictionCause, ResizeHistoryOutcome } from '../vpa/resize-attempts';
import type { VpaResizeEntryDto, VpaResizeSummaryDto } from './vpa';

export const OUTCOME_LABELS: Record<ResizeHistoryOutcome, string> = {
  'in-place': 'In place, no restart',
  'in-place-with-restart': 'In place, container restarted',
  deferred: 'Deferred',
  infeasible: 'Infeasible',
  error: 'Error',
  evicted: 'Evicted',
};

/** What each outcome means, for tooltips and the legend. */
export const OUTCOME_HELP: Record<ResizeHistoryOutcome, string> = {
  'in-place': 'The kubelet applied the new requests and no container restarted.',
  'in-place-with-restart': 'The new requests were applied, but a container\'s restartCount rose during the resize: the resize was disruptive.',
  deferred: 'PodResizePending, reason Deferred: the node cannot fit the new requests right now; the kubelet retries.',
  infeasible: 'PodResizePending, reason Infeasible: the node can never fit the new requests.',
  error: 'PodResizeInProgress, reason Error: the kubelet or the container runtime failed to apply the resize.',
  evicted: 'The VPA updater evicted the pod (EvictedByVPA); its replacement gets the recommended requests at admission.',
};

export const CAUSE_TEXT: Record<EvictionCause, string> = {
  none: 'evicted to apply the recommendation (no in-place attempt)',
  infeasible: 'fell back to eviction: the resize was Infeasible (the updater gives up at once)',
  error: 'fell back to eviction: the resize failed with Error (the updater gives up at once)',
  'deferred-timeout': 'fell back to eviction: Deferred for more than 5 minutes (updater timeout)',
  deferred: 'evicted while the resize was Deferred',
  'in-progress-timeout': 'fell back to eviction: InProgress for more than 1 hour (updater timeout)',
  'in-progress': 'evicted while the resize was in progress',
};

/** The label of an entry, with an eviction's reason. */
export function entryLabel(e: Pick<VpaResizeEntryDto, 'outcome' | 'cause'>): string {
  if (e.outcome !== 'evicted') return OUTCOME_LABELS[e.outcome];
  return e.cause && e.cause !== 'none' ? `Evicted (fallback: ${fallbackShort(e.cause)})` : 'Evicted';
}

function fallbackShort(c: EvictionCause): string {
  switch (c) {
    case 'deferred-timeout': return 'Deferred > 5 min';
    case 'in-progress-timeout': return 'InProgress > 1 h';
    case 'infeasible': return 'Infeasible';
    case 'error': return 'Error';
    case 'deferred': return 'Deferred';
    case 'in-progress': return 'InProgress';
    default: return c;
  }
}

/** Per-VPA counts over the entries given (one per container and attempt). */
export function summarizeResizes(entries: readonly VpaResizeEntryDto[]): VpaResizeSummaryDto {
  const count = (f: (e: VpaResizeEntryDto) => boolean) => entries.filter(f).length;
  const inPlace = count((e) => e.path === 'in-place');
  const nonDisruptive = count((e) => e.outcome === 'in-place');
  const lastAt = entries.reduce<string | undefined>((m, e) => (!m || e.at > m ? e.at : m), undefined);
  return {
    inPlace,
    nonDisruptive,
    withRestart: count((e) => e.outcome === 'in-place-with-restart'),
    expectedRestarts: count((e) => e.outcome === 'in-place-with-restart' && e.expectedRestart === true),
    deferred: count((e) => e.outcome === 'deferred'),
    infeasible: count((e) => e.outcome === 'infeasible'),
    error: count((e) => e.outcome === 'error'),
    evictions: count((e) => e.path === 'eviction'),
    fallbacks: count((e) => e.path === 'eviction' && e.cause !== undefined && e.cause !== 'none'),
    ...(inPlace ? { nonDisruptiveShare: nonDisruptive / inPlace } : {}),
    ...(lastAt ? { lastAt } : {}),
  };
}

/** `100m → 587m`, `256Mi → 825Mi`: one line per resource for the history table. */
export function resourceChanges(from: Record<string, string>, to: Record<string, string>): { resource: string; from?: string; to?: string }[] {
  const keys = [...new Set([...Object.keys(to), ...Object.keys(from)])].sort((a, b) => (a === 'cpu' ? -1 : b === 'cpu' ? 1 : a.localeCompare(b)));
  return keys.map((resource) => ({ resource, ...(from[resource] !== undefined ? { from: from[resource] } : {}), ...(to[resource] !== undefined ? { to: to[resource] } : {}) }));
}
