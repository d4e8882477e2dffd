import { formatInZone } from '@/lib/cron/zone-format';
import type { CronHpaPage } from './use-cronhpas';

/**
 * What each job would do to the HPA once the CronHPA points at it (design §6), at the job's first
 * run on the controller's clock, each run starting from what the runs before it left.
 */
export function RetargetPreview({ c }: { c: CronHpaPage }) {
  const rows = c.retarget.preview;
  if (!rows.length) return null;
  const hpa = c.retarget.hpa ?? c.hpa?.name ?? '';
  return (
    <div className="overflow-x-auto rounded-md border border-line">
      <table className="w-full text-left text-sm" data-testid="retarget-preview">
        <caption className="border-b border-line px-3 py-2 text-left text-xs text-muted">
          {c.retarget.status === 'available' ? 'Once retargeted' : 'Each job'}: HPA <span className="font-mono text-fg">{hpa}</span> at each job&apos;s first run ({c.timeZone})
        </caption>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">Job</th>
            <th scope="col" className="px-3 py-1.5 font-medium">First run</th>
            <th scope="col" className="px-3 py-1.5 font-medium">targetSize</th>
            <th scope="col" className="px-3 py-1.5 font-medium">HPA min–max</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Replicas</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((p) => {
            const r = p.run;
            const changed = r && (r.min !== r.minBefore || r.max !== r.maxBefore);
            return (
              <tr key={p.job} data-preview-job={p.job}>
                <td className="px-3 py-1.5 font-mono">{p.job}</td>
                <td className="tabular whitespace-nowrap px-3 py-1.5 text-xs" suppressHydrationWarning>{r ? formatInZone(Date.parse(r.at), c.timeZone) : <span className="text-faint">no run in 7 days</span>}</td>
                <td className="tabular px-3 py-1.5">{p.targetSize ?? '—'}</td>
                <td className="tabular px-3 py-1.5" data-bounds={r ? `${r.min}-${r.max}` : undefined}>
                  {r ? (r.excluded ? <span className="text-muted">excluded day</span> : changed ? <><span className="text-muted">{r.minBefore}–{r.maxBefore} →</span> <span className="font-medium text-fg">{r.min}–{r.max}</span></> : <span className="text-muted">{r.min}–{r.max} (unchanged)</span>) : '—'}
                </td>
                <td className="tabular px-3 py-1.5 text-xs">
                  {r ? (r.scaled ? <>scaled {r.before} → <span className="font-medium text-fg">{r.replicas}</span></> : <span className="text-muted">stay {r.replicas}{r.settled !== r.replicas ? `, then ${r.settled} by the HPA` : ''}</span>) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
