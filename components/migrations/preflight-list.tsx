import { AlertTriangle, CheckCircle2, OctagonAlert } from 'lucide-react';
import type { PreflightCheck } from '@/lib/plans/types';
import { Badge } from '../ui/badge';
import { RichText } from '../ui/rich-text';

/**
 * Preconditions checked before anything is written: failed ones first (blocking, then warnings),
 * then the passed ones — folded away when there are many, so what stops the plan is in view.
 */
export function PreflightList({ checks, foldPassedOver = 5 }: { checks: PreflightCheck[]; foldPassedOver?: number }) {
  if (!checks.length) return <p className="px-4 py-3 text-sm text-muted">This plan has no preconditions to check.</p>;
  const failed = checks.filter((c) => !c.ok).sort((a, b) => Number(b.blocking) - Number(a.blocking));
  const passed = checks.filter((c) => c.ok);
  if (passed.length <= foldPassedOver) return <Checks checks={[...failed, ...passed]} />;
  return (
    <>
      {failed.length ? <Checks checks={failed} /> : null}
      <details className={`group ${failed.length ? 'border-t border-line' : ''}`}>
        <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-2.5 text-sm text-muted hover:bg-surface-2 [&::-webkit-details-marker]:hidden">
          <CheckCircle2 aria-hidden className="size-4 text-ok" />
          <span>{failed.length ? `${passed.length} other checks passed` : `All ${passed.length} checks passed`}</span>
          <span className="text-accent group-open:hidden">show</span>
          <span className="hidden text-accent group-open:inline">hide</span>
        </summary>
        <div className="border-t border-line"><Checks checks={passed} /></div>
      </details>
    </>
  );
}

function Checks({ checks }: { checks: PreflightCheck[] }) {
  return (
    <ul className="divide-y divide-line">
      {checks.map((c) => {
        const Icon = c.ok ? CheckCircle2 : c.blocking ? OctagonAlert : AlertTriangle;
        const color = c.ok ? 'text-ok' : c.blocking ? 'text-crit' : 'text-warn';
        return (
          <li key={c.check} className="flex gap-3 px-4 py-3" data-check={c.check} data-ok={c.ok}>
            <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${color}`} />
            <div className="min-w-0 flex-1 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs text-fg">{c.check}</span>
                <span className="sr-only">{c.ok ? 'passed' : c.blocking ? 'failed, blocking' : 'failed, warning'}</span>
                {!c.ok ? <Badge tone={c.blocking ? 'crit' : 'warn'}>{c.blocking ? 'blocking' : 'warning'}</Badge> : null}
              </div>
              <p className="mt-0.5 text-muted"><RichText text={c.detail} /></p>
              {!c.ok && c.remedy ? (
                <p className="mt-1"><span className="font-medium">What to do: </span><RichText text={c.remedy} /></p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** "5 of 7 passed · 1 blocking · 1 warning" */
export function preflightSummary(checks: PreflightCheck[]): string {
  const ok = checks.filter((c) => c.ok).length;
  const blocking = checks.filter((c) => !c.ok && c.blocking).length;
  const warnings = checks.filter((c) => !c.ok && !c.blocking).length;
  return [`${ok} of ${checks.length} passed`, blocking ? `${blocking} blocking` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
}
