import { formatInZone } from '@/lib/cron/zone-format';
import type { Timeline, TimelineRun } from '@/lib/dto/cronhpa-timeline';
import { Badge } from '../ui/badge';
import type { CronHpaPage } from './use-cronhpas';

const SHOWN = 50;

/** What a run does, in words: the HPA's bounds and replicas after it, or the write and the HPA's answer. */
function result(c: CronHpaPage, r: TimelineRun, kind: Timeline['kind']): string {
  if (r.excluded) return `skipped: excludeDate ${r.excluded}`;
  const at = new Date(r.t).toISOString();
  if (kind === 'hpa') {
    const p = c.projection?.find((x) => x.at === at && x.job === r.job);
    if (!p) return '';
    const bounds = p.min !== p.minBefore || p.max !== p.maxBefore ? `HPA ${p.minBefore}–${p.maxBefore} → ${p.min}–${p.max}` : `HPA stays ${p.min}–${p.max}`;
    const replicas = p.scaled ? `scales ${p.before} → ${p.replicas}` : `replicas stay ${p.replicas}`;
    const restored = p.restored ? `; ScaledObject ${c.hpa?.ownerScaledObject ?? ''} puts ${p.restored.min}–${p.restored.max} back at once` : '';
    return `${bounds}, ${replicas}${restored}${p.settled !== p.replicas ? `, then ${p.settled} on the HPA's metrics` : ''}`;
  }
  const w = c.writes?.find((x) => x.at === at && x.job === r.job);
  if (!w) return '';
  if (w.hpaReplicas === undefined) return `writes ${w.replicas}`;
  if (w.collides) return `writes ${w.replicas}; HPA ${c.hpa?.name ?? ''} writes ${w.hpaReplicas} back within 15 s`;
  // Without metrics the projection only knows the HPA's bounds.
  return c.hpa?.demand === undefined ? `writes ${w.replicas}; HPA ${c.hpa?.name ?? ''} has not reported its metrics yet, so what it writes back is not known` : `writes ${w.replicas}, as HPA ${c.hpa.name} wants`;
}

/** The runs in the chart's view, as a table (what the chart shows, readable without it). */
export function RunsTable({ runs, c, kind }: { runs: TimelineRun[]; c: CronHpaPage; kind: Timeline['kind'] }) {
  return (
    <details className="group border-t border-line px-4 py-2 text-sm" data-testid="timeline-runs">
      <summary className="cursor-pointer text-xs text-muted hover:text-fg">
        Runs in view: <span className="tabular">{runs.length}</span>{runs.some((r) => r.collides) ? <> · <span className="text-crit">{runs.filter((r) => r.collides).length} collide with the HPA</span></> : null}
      </summary>
      {runs.length ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-muted">
              <tr><th scope="col" className="py-1 pr-4 font-medium">When ({c.timeZone})</th><th scope="col" className="py-1 pr-4 font-medium">Job</th><th scope="col" className="py-1 pr-4 font-medium">targetSize</th><th scope="col" className="py-1 font-medium">Effect</th></tr>
            </thead>
            <tbody className="divide-y divide-line">
              {runs.slice(0, SHOWN).map((r) => (
                <tr key={`${r.t}/${r.job}`} data-run={r.job}>
                  <td className="tabular whitespace-nowrap py-1 pr-4" suppressHydrationWarning>{formatInZone(r.t, c.timeZone)}</td>
                  <td className="py-1 pr-4 font-mono">{r.job}</td>
                  <td className="tabular py-1 pr-4">{r.targetSize}</td>
                  <td className="py-1">{r.collides ? <Badge tone="crit">collision</Badge> : null} {result(c, r, kind)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.length > SHOWN ? <p className="mt-1 text-xs text-muted">and {runs.length - SHOWN} more; zoom in to see them.</p> : null}
        </div>
      ) : <p className="mt-2 text-xs text-muted">No job runs in this range.</p>}
    </details>
  );
}
