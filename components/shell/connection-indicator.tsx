'use client';

import type { OverviewDto } from '@/lib/dto/overview';
import { Dot } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { useOverview } from '../hooks/use-overview';
import { useStreamState } from '../providers';

/** "live", "stale since …" or "unreachable" for the chosen context, always in view. */
export function ConnectionIndicator({ context, initial }: { context: string; initial: OverviewDto }) {
  const { data } = useOverview(context, initial);
  const stream = useStreamState();
  const o = data ?? initial;
  if (stream === 'lost') {
    return <span className="flex items-center gap-1.5 text-xs text-warn"><Dot tone="warn" />dashboard server unreachable</span>;
  }
  switch (o.connection.state) {
    case 'connected':
      return o.staleSince
        ? <span className="flex items-center gap-1.5 text-xs text-warn"><Dot tone="warn" />stale since <RelativeTime iso={o.staleSince} /></span>
        : <span className="flex items-center gap-1.5 text-xs text-muted"><Dot tone="ok" />live</span>;
    case 'connecting':
      return <span className="flex items-center gap-1.5 text-xs text-muted"><Dot tone="neutral" />connecting…</span>;
    case 'unreachable':
      return <span className="flex items-center gap-1.5 text-xs text-crit"><Dot tone="crit" />cluster unreachable{o.staleSince ? <>, stale since <RelativeTime iso={o.staleSince} /></> : null}</span>;
    default:
      return <span className="flex items-center gap-1.5 text-xs text-crit"><Dot tone="crit" />kubeconfig problem</span>;
  }
}
