'use client';

import { useMemo, useState } from 'react';
import { ChevronLeft, ChevronRight, RotateCcw, ZoomIn, ZoomOut } from 'lucide-react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInZone, tickInZone, zoneOffset, zoneTicks } from '@/lib/cron/zone-format';
import { cronTimeline, zoomTimeline } from '@/lib/dto/cronhpa-timeline';
import type { CronHpaPage } from './use-cronhpas';
import { EmptyState } from '../ui/empty-state';
import { RunsTable } from './runs-table';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RANGES = [{ ms: DAY, label: '24 h' }, { ms: 7 * DAY, label: '7 d' }];
const MIN_SPAN = HOUR;

const btn = 'inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs text-muted hover:bg-surface-2 hover:text-fg disabled:cursor-not-allowed disabled:opacity-40';

/**
 * The next 24 hours or 7 days of a CronHPA on the controller's clock: the HPA's projected bounds
 * and replicas, or the CronHPA's writes against the HPA's with collisions marked. Zoom with the
 * buttons (keyboard) or by dragging across the chart; the runs in view are listed below it.
 */
export function CronTimelineChart({ c, now }: { c: CronHpaPage; now: number }) {
  const full = useMemo(() => cronTimeline(c, now, now + 7 * DAY), [c, now]);
  const [view, setView] = useState<{ from: number; span: number }>({ from: now, span: DAY });
  const [drag, setDrag] = useState<{ a: number; b?: number } | undefined>();
  const from = Math.max(now, Math.min(view.from, now + 7 * DAY - view.span));
  const to = from + view.span;
  const tl = useMemo(() => zoomTimeline(full, from, to), [full, from, to]);
  const tz = c.timeZone;
  const ticks = useMemo(() => zoneTicks(from, to, tz), [from, to, tz]);
  const set = (f: number, span: number) => setView({ from: Math.max(now, Math.min(f, now + 7 * DAY - span)), span: Math.max(MIN_SPAN, Math.min(7 * DAY, span)) });
  const centre = from + view.span / 2;

  if (full.kind === 'none') return <EmptyState title="Nothing to project">The CronHPA has no complete target.</EmptyState>;
  const collisions = tl.runs.filter((r) => r.collides);
  const label = full.kind === 'hpa'
    ? `Projected bounds and replicas of HPA ${c.hpa?.name ?? ''}, ${tl.runs.length} runs in view`
    : `Replicas written by CronHPA ${c.name}${c.hpa ? ` and by HPA ${c.hpa.name}` : ''}, ${tl.runs.length} runs in view, ${collisions.length} collisions`;

  return (
    <div data-testid="cronhpa-timeline" data-kind={full.kind}>
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3">
        <p className="text-xs text-muted">
          {formatInZone(from, tz)} – {formatInZone(to, tz)} <span className="text-faint">· {tz} ({zoneOffset(from, tz)})</span>
        </p>
        <div className="flex flex-wrap items-center gap-1" role="toolbar" aria-label="Timeline range">
          <div role="group" aria-label="Range" className="flex gap-1">
            {RANGES.map((r) => (
              <button key={r.ms} type="button" aria-pressed={view.span === r.ms && from === now} onClick={() => set(now, r.ms)}
                className={`rounded px-2 py-0.5 text-xs ${view.span === r.ms && from === now ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`}>
                {r.label}
              </button>
            ))}
          </div>
          <span aria-hidden className="mx-1 h-4 w-px bg-line" />
          <button type="button" className={btn} onClick={() => set(from - view.span / 2, view.span)} disabled={from <= now} aria-label="Earlier"><ChevronLeft aria-hidden className="size-3.5" /></button>
          <button type="button" className={btn} onClick={() => set(centre - view.span / 4, view.span / 2)} disabled={view.span <= MIN_SPAN} aria-label="Zoom in"><ZoomIn aria-hidden className="size-3.5" /></button>
          <button type="button" className={btn} onClick={() => set(centre - view.span, view.span * 2)} disabled={view.span >= 7 * DAY} aria-label="Zoom out"><ZoomOut aria-hidden className="size-3.5" /></button>
          <button type="button" className={btn} onClick={() => set(from + view.span / 2, view.span)} disabled={to >= now + 7 * DAY} aria-label="Later"><ChevronRight aria-hidden className="size-3.5" /></button>
          <button type="button" className={btn} onClick={() => set(now, DAY)} aria-label="Reset to the next 24 hours"><RotateCcw aria-hidden className="size-3.5" /></button>
        </div>
      </div>
      <div className="h-64 select-none px-2 pb-1" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={tl.points}
            margin={{ top: 12, right: 16, bottom: 4, left: 0 }}
            onMouseDown={(e) => { if (e?.activeLabel !== undefined) setDrag({ a: Number(e.activeLabel) }); }}
            onMouseMove={(e) => { if (drag && e?.activeLabel !== undefined) setDrag({ ...drag, b: Number(e.activeLabel) }); }}
            onMouseUp={() => {
              if (drag?.b !== undefined && Math.abs(drag.b - drag.a) >= MIN_SPAN / 4) set(Math.min(drag.a, drag.b), Math.abs(drag.b - drag.a));
              setDrag(undefined);
            }}
          >
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} ticks={ticks} tickFormatter={(t: number) => tickInZone(t, tz, view.span)} stroke="var(--faint)" fontSize={11} allowDataOverflow />
            <YAxis allowDecimals={false} stroke="var(--faint)" fontSize={11} width={32} domain={[0, (max: number) => Math.max(2, Math.ceil(max * 1.15))]} />
            <Tooltip labelFormatter={(t) => formatInZone(Number(t), tz)} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', fontSize: 12, color: 'var(--text)' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {full.kind === 'hpa' ? (
              <>
                <Line type="stepAfter" dataKey="max" name={`HPA max`} stroke="var(--crit)" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
                <Line type="stepAfter" dataKey="min" name={`HPA min`} stroke="var(--info)" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
                <Line type="stepAfter" dataKey="replicas" name="replicas" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
              </>
            ) : (
              <>
                {c.hpa ? <Line type="stepAfter" dataKey="hpa" name={`HPA ${c.hpa.name} writes`} stroke="var(--info)" strokeDasharray="5 4" dot={false} isAnimationActive={false} /> : null}
                <Line type="stepAfter" dataKey="cron" name={`CronHPA writes`} stroke="var(--warn)" strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls={false} />
                <Line type="stepAfter" dataKey="replicas" name="replicas" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
              </>
            )}
            <Scatter data={tl.runs.filter((r) => !r.collides)} dataKey="value" name="job runs" fill="var(--accent)" isAnimationActive={false} />
            {collisions.length ? <Scatter data={collisions} dataKey="value" name="collisions" fill="var(--crit)" shape="cross" isAnimationActive={false} /> : null}
            {from === now ? <ReferenceLine x={now} stroke="var(--faint)" strokeDasharray="2 2" label={{ value: 'now', position: 'insideTopLeft', fontSize: 10, fill: 'var(--muted)' }} /> : null}
            {drag?.b !== undefined ? <ReferenceArea x1={drag.a} x2={drag.b} fill="var(--accent)" fillOpacity={0.12} /> : null}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <RunsTable runs={tl.runs} c={c} kind={full.kind} />
    </div>
  );
}

