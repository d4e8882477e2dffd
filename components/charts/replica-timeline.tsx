'use client';

import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { stepSeries } from '@/lib/history/series';
import { useHistory } from '../hooks/use-history';
import { EmptyState } from '../ui/empty-state';

const RANGES = [{ hours: 1, label: '1 h' }, { hours: 6, label: '6 h' }, { hours: 24, label: '24 h' }, { hours: 168, label: '7 d' }];

/** Replicas and the HPA's bounds over time, from the history the server records while it runs. */
export function ReplicaTimeline({ context, workload }: { context: string; workload: { namespace: string; kind: string; name: string } }) {
  const [hours, setHours] = useState(6);
  const { data, error, isLoading } = useHistory(context, workload, hours);
  const points = data ? stepSeries(data.samples, Date.parse(data.generatedAt)) : [];
  const fmt = (t: number) => new Date(t).toLocaleTimeString([], hours > 24 ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  return (
    <div>
      <div role="group" aria-label="Time range" className="flex justify-end gap-1 px-4 pt-3">
        {RANGES.map((r) => (
          <button key={r.hours} type="button" aria-pressed={hours === r.hours} onClick={() => setHours(r.hours)}
            className={`rounded px-2 py-0.5 text-xs ${hours === r.hours ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`}>
            {r.label}
          </button>
        ))}
      </div>
      {error ? (
        <p role="alert" className="px-4 py-6 text-sm text-warn">History could not be loaded: {error.message}</p>
      ) : isLoading ? (
        <div aria-busy="true" className="h-64 animate-pulse" />
      ) : points.length === 0 ? (
        <EmptyState title="No history yet">scaleguard records replicas and bounds while it runs; changes will appear here.</EmptyState>
      ) : (
        <div className="h-64 px-2 pb-2" data-testid="replica-timeline">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={fmt} stroke="var(--faint)" fontSize={11} />
              <YAxis allowDecimals={false} stroke="var(--faint)" fontSize={11} width={32} />
              <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line type="stepAfter" dataKey="max" name="max" stroke="var(--crit)" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
              <Line type="stepAfter" dataKey="min" name="min" stroke="var(--info)" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
              <Line type="stepAfter" dataKey="desired" name="desired replicas" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
              <Line type="stepAfter" dataKey="ready" name="ready" stroke="var(--ok)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
