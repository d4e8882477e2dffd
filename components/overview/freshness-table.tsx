import type { KindFreshnessDto } from '@/lib/dto/overview';
import type { KindState } from '@/lib/snapshot';
import { Badge, type Tone } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';

const STATE: Record<KindState, { tone: Tone; label: string }> = {
  synced: { tone: 'ok', label: 'live' },
  pending: { tone: 'neutral', label: 'listing…' },
  stale: { tone: 'warn', label: 'stale' },
  absent: { tone: 'neutral', label: 'not installed' },
  forbidden: { tone: 'crit', label: 'forbidden' },
  error: { tone: 'crit', label: 'error' },
};

/** Per kind: whether the cache follows the server, how many objects, and when it last heard. */
export function FreshnessTable({ rows }: { rows: KindFreshnessDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Data freshness per resource kind</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="px-4 py-2 font-medium">Kind</th>
            <th scope="col" className="px-4 py-2 font-medium">State</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Objects</th>
            <th scope="col" className="px-4 py-2 font-medium">Last in sync</th>
            <th scope="col" className="px-4 py-2 font-medium">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const s = STATE[r.state];
            return (
              <tr key={r.id} className="border-b border-line last:border-0" data-kind={r.id}>
                <td className="px-4 py-2">
                  <span className="font-medium">{r.kind}</span>
                  <span className="ml-2 font-mono text-xs text-faint">{r.group || 'core'}</span>
                </td>
                <td className="px-4 py-2"><Badge tone={s.tone}>{s.label}</Badge></td>
                <td className="tabular px-4 py-2 text-right">{r.state === 'absent' ? '—' : r.count}</td>
                <td className="px-4 py-2 text-muted">
                  {r.state === 'synced' ? (
                    <span title={r.lastSyncAt ? `last event ${new Date(r.lastSyncAt).toLocaleString()}` : undefined}>now (watching)</span>
                  ) : r.state === 'stale' && r.staleSince ? (
                    <span className="text-warn">stale since <RelativeTime iso={r.staleSince} /></span>
                  ) : (
                    <RelativeTime iso={r.lastSyncAt} />
                  )}
                </td>
                <td className="max-w-md truncate px-4 py-2 text-xs text-muted" title={r.message}>{r.message ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
