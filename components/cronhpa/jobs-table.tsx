import { formatInZone } from '@/lib/cron/zone-format';
import { Badge, type Tone } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import type { CronHpaPage } from './use-cronhpas';

const STATE_TONE: Record<string, Tone> = { Succeed: 'ok', Failed: 'crit', Submitted: 'neutral' };

/** Each job: its schedule as written and in words, the size it sets, its next runs on the controller's clock, and its last state. */
export function JobsTable({ c }: { c: CronHpaPage }) {
  if (!c.jobs.length) return <p className="px-4 py-3 text-sm text-muted">This CronHPA has no jobs: it never writes anything.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="cronhpa-jobs">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Job</th>
            <th scope="col" className="px-4 py-2 font-medium">Schedule</th>
            <th scope="col" className="px-4 py-2 font-medium">targetSize</th>
            <th scope="col" className="px-4 py-2 font-medium">Next runs <span className="font-normal text-faint">({c.timeZone})</span></th>
            <th scope="col" className="px-4 py-2 font-medium">Last state</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line align-top">
          {c.jobs.map((j) => (
            <tr key={j.name} data-job={j.name}>
              <td className="px-4 py-2.5">
                <span className="font-mono text-fg">{j.name}</span>
                {j.runOnce ? <span className="ml-2"><Badge>run once</Badge></span> : null}
              </td>
              <td className="px-4 py-2.5">
                <code className="whitespace-nowrap rounded bg-surface-2 px-1 py-px font-mono text-xs text-fg">{j.schedule || '(empty)'}</code>
                {j.error ? (
                  <p className="mt-1 text-xs text-crit" data-schedule-error>The controller cannot parse it: {j.error}</p>
                ) : (
                  <p className="mt-1 text-xs text-muted">{j.words}</p>
                )}
              </td>
              <td className="tabular px-4 py-2.5">{j.targetSize ?? <span className="text-faint">—</span>}</td>
              <td className="px-4 py-2.5 text-xs">
                {j.nextRuns.length ? (
                  <ol className="space-y-0.5" aria-label={`Next runs of ${j.name}`}>
                    {j.nextRuns.map((r, i) => (
                      <li key={r} className={`tabular whitespace-nowrap ${i === 0 ? 'font-medium text-fg' : 'text-muted'}`}>
                        <time dateTime={r} suppressHydrationWarning>{formatInZone(Date.parse(r), c.timeZone)}</time>
                      </li>
                    ))}
                  </ol>
                ) : <span className="text-faint">{j.error ? 'never (does not parse)' : j.runOnce && j.status?.state && j.status.state !== 'Submitted' ? 'done (ran once)' : 'none'}</span>}
              </td>
              <td className="max-w-md px-4 py-2.5 text-xs">
                {j.status?.state ? (
                  <>
                    <span className="flex flex-wrap items-center gap-2">
                      <Badge tone={STATE_TONE[j.status.state] ?? 'neutral'}>{j.status.state}</Badge>
                      {j.status.lastProbeTime ? <span className="text-muted"><RelativeTime iso={j.status.lastProbeTime} /></span> : null}
                    </span>
                    {j.status.message ? <p className="mt-1 break-words text-muted">{j.status.message}</p> : null}
                  </>
                ) : <span className="text-faint">no status yet</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
