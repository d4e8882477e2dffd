'use client';

import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { activityIntervals, activityShare, type ActivityState } from '@/lib/dto/keda-timeline';
import { stepSeries } from '@/lib/history/series';
import { EmptyState } from '../ui/empty-state';
import { useKedaTimeline } from './use-keda';

const RANGES = [{ hours: 1, label: '1 h' }, { hours: 6, label: '6 h' }, { hours: 24, label: '24 h' }, { hours: 168, label: '7 d' }];

const BAND: Record<ActivityState, { fill: string; opacity: number; label: string }> = {
  active: { fill: 'var(--accent)', opacity: 0.12, label: 'active' },
  inactive: { fill: 'var(--faint)', opacity: 0.06, label: 'inactive' },
  paused: { fill: 'var(--info)', opacity: 0.16, label: 'paused' },
  unknown: { fill: 'var(--line-strong)', opacity: 0.1, label: 'unknown' },
};

const pct = (n: number) => `${Math.round(n * 100)} %`;

/**
 * A ScaledObject's replica timeline: its workload's desired and ready replicas, the bounds of the
 * HPA KEDA made, KEDA's own minReplicaCount/maxReplicaCount, and shaded bands where KEDA called it
 * active or paused — all as scaleguard recorded them while it ran.
 */
export function KedaTimeline({ context, so }: { context: string; so: { namespace: string; name: string } }) {
  const [hours, setHours] = useState(1);
  const { data, error, isLoading } = useKedaTimeline(context, so, hours);
  const now = data ? Date.parse(data.generatedAt) : 0;
  const points = data ? stepSeries(data.samples, now) : [];
  const bands = data ? activityIntervals(data.activity, now) : [];
  const share = activityShare(bands);
  const start = points[0]?.t ?? bands[0]?.from ?? now;
  // Five evenly spaced ticks; seconds while the recorded span is short, so no two labels read the same.
  const span = Math.max(now - start, 1);
  const ticks = Array.from({ length: 5 }, (_, i) => Math.round(start + (span * i) / 4));
  const format: Intl.DateTimeFormatOptions = span < 15 * 60_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : hours > 24 ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
  const fmt = (t: number) => new Date(t).toLocaleTimeString([], format);
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3">
        <p className="text-xs text-muted" aria-live="polite">
          {bands.length ? <>KEDA active {pct(share.active)} of the recorded time{share.paused ? <>, paused {pct(share.paused)}</> : null}. </> : null}
          {data?.activitySince ? <>Activity known since {new Date(data.activitySince).toLocaleString()}.</> : 'Activity is recorded from the first visit of the KEDA page on.'}
        </p>
        <div role="group" aria-label="Time range" className="flex gap-1">
          {RANGES.map((r) => (
            <button key={r.hours} type="button" aria-pressed={hours === r.hours} onClick={() => setHours(r.hours)}
              className={`rounded px-2 py-0.5 text-xs ${hours === r.hours ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p role="alert" className="px-4 py-6 text-sm text-warn">The timeline could not be loaded: {error.message}</p>
      ) : isLoading ? (
        <div aria-busy="true" className="h-64 animate-pulse" />
      ) : points.length === 0 && bands.length === 0 ? (
        <EmptyState title="No history yet">scaleguard records replicas, bounds and KEDA’s activity while it runs; changes will appear here.</EmptyState>
      ) : (
        <div className="h-64 px-2 pb-2" data-testid="keda-timeline">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" scale="time" domain={[start, now]} ticks={ticks} tickFormatter={fmt} stroke="var(--faint)" fontSize={11} allowDataOverflow />
              <YAxis allowDecimals={false} stroke="var(--faint)" fontSize={11} width={32} domain={[0, (max: number) => Math.max(max, data?.bounds.min ?? 0) + 1]} />
              {bands.filter((b) => b.state !== 'inactive').map((b) => (
                <ReferenceArea key={`${b.from}-${b.state}`} x1={Math.max(b.from, start)} x2={b.to} fill={BAND[b.state].fill} fillOpacity={BAND[b.state].opacity} ifOverflow="hidden" />
              ))}
              {data ? <ReferenceLine y={data.bounds.max} stroke="var(--crit)" strokeOpacity={0.35} strokeDasharray="2 4" label={{ value: `maxReplicaCount ${data.bounds.max}`, position: 'insideTopRight', fontSize: 10, fill: 'var(--faint)' }} ifOverflow="extendDomain" /> : null}
              <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line type="stepAfter" dataKey="max" name="HPA max" stroke="var(--crit)" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
              <Line type="stepAfter" dataKey="min" name="HPA min" stroke="var(--info)" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
              <Line type="stepAfter" dataKey="desired" name="desired replicas" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
              <Line type="stepAfter" dataKey="ready" name="ready" stroke="var(--ok)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <p className="flex flex-wrap gap-x-4 gap-y-1 px-4 pb-3 text-xs text-muted">
        {(['active', 'paused'] as const).map((s) => (
          <span key={s} className="inline-flex items-center gap-1.5"><span aria-hidden className="inline-block h-3 w-5 rounded-sm" style={{ background: BAND[s].fill, opacity: BAND[s].opacity * 4 }} />KEDA {BAND[s].label}</span>
        ))}
        {data ? <span>KEDA bounds: minReplicaCount {data.bounds.min}{data.bounds.idle !== undefined ? `, idleReplicaCount ${data.bounds.idle}` : ''}, maxReplicaCount {data.bounds.max} (the HPA’s min is at least 1).</span> : null}
      </p>
    </div>
  );
}
