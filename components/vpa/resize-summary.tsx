import type { VpaResizeSummaryDto } from '@/lib/dto/vpa';
import { RelativeTime } from '../ui/relative-time';

/** "3 of 5 (60 %)": the share of in-place resizes that restarted nothing. */
export function shareText(s: VpaResizeSummaryDto): string {
  if (!s.inPlace || s.nonDisruptiveShare === undefined) return 'no in-place resize yet';
  return `${s.nonDisruptive} of ${s.inPlace} (${Math.round(s.nonDisruptiveShare * 100)} %)`;
}

function Stat({ label, value, tone = 'text-fg', title }: { label: string; value: number | string; tone?: string; title?: string }) {
  return (
    <div className="min-w-24" title={title}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={`tabular text-lg font-semibold ${tone}`}>{value}</dd>
    </div>
  );
}

/**
 * How the in-place resizes went, per VPA. Seed 001 / AEP-4016: no in-place resize is guaranteed
 * non-disruptive (the runtime may restart a container whatever `resizePolicy` says), so the share
 * that truly restarted nothing is what matters.
 */
export function ResizeSummary({ s, retentionDays }: { s: VpaResizeSummaryDto; retentionDays?: number }) {
  return (
    <div className="px-4 py-3" data-testid="resize-summary" data-share={s.nonDisruptiveShare ?? ''}>
      <p className="text-sm">
        <span className="font-semibold text-fg">Truly non-disruptive in-place resizes: {shareText(s)}</span>
        {s.lastAt ? <span className="text-muted"> · last attempt <RelativeTime iso={s.lastAt} /></span> : null}
      </p>
      <p className="mt-0.5 max-w-4xl text-xs text-muted">
        Every in-place resize is only <em>possibly</em> non-disruptive: a container may restart even with <span className="font-mono">resizePolicy: NotRequired</span>. A resize counts as non-disruptive here only when no container’s restartCount rose while it was applied.
        {retentionDays ? ` Recorded by scaleguard while it watches, kept ${retentionDays} days.` : ''}
      </p>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-2">
        <Stat label="in place, no restart" value={s.nonDisruptive} tone="text-ok" />
        <Stat label="in place, restarted" value={s.withRestart} tone={s.withRestart ? 'text-warn' : 'text-fg'} title={`${s.expectedRestarts} of them asked for by resizePolicy RestartContainer`} />
        <Stat label="deferred" value={s.deferred} />
        <Stat label="infeasible" value={s.infeasible} tone={s.infeasible ? 'text-crit' : 'text-fg'} />
        <Stat label="error" value={s.error} tone={s.error ? 'text-crit' : 'text-fg'} />
        <Stat label="evictions" value={s.evictions} title={`${s.fallbacks} of them fell back from a failed in-place resize`} />
        <Stat label="fallbacks to eviction" value={s.fallbacks} tone={s.fallbacks ? 'text-warn' : 'text-fg'} />
      </dl>
    </div>
  );
}
