'use client';

import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { VpaContainerDto } from '@/lib/dto/vpa';
import { formatAmount, recommendationCharts, type RecommendationChart as Chart } from '@/lib/dto/vpa-chart';

const TOOLTIP = { background: 'var(--surface)', border: '1px solid var(--line)', fontSize: 12, color: 'var(--text)' };

function describe(c: Chart): string {
  return c.rows.map((r) => {
    const f = (v: number | undefined) => (v === undefined ? 'none' : formatAmount(c.resource, v));
    return `${r.container}: requested ${f(r.request)}, target ${f(r.target)}, range ${f(r.lower)} to ${f(r.upper)}`;
  }).join('; ');
}

/** One resource: per container the recommended range as a bar, target and requests as marks. */
function ResourceChart({ c }: { c: Chart }) {
  const fmt = (v: unknown) => (Array.isArray(v) ? v.map((x) => formatAmount(c.resource, Number(x))).join(' – ') : formatAmount(c.resource, Number(v)));
  const offScale = c.rows.filter((r) => r.upperOffScale);
  return (
    <figure className="min-w-0" data-chart={c.resource}>
      <figcaption className="px-2 text-xs font-medium text-muted">{c.resource === 'cpu' ? 'CPU (cores)' : 'Memory (bytes)'}</figcaption>
      <div className="h-56" role="img" aria-label={`${c.resource} requests against the recommendation: ${describe(c)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={c.rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }} barCategoryGap="30%">
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="container" stroke="var(--faint)" fontSize={11} />
            <YAxis domain={[0, c.max]} allowDataOverflow tickFormatter={(v: number) => formatAmount(c.resource, v)} stroke="var(--faint)" fontSize={11} width={48} />
            <Tooltip formatter={fmt} contentStyle={TOOLTIP} cursor={{ fill: 'var(--surface-2)' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="band" name="lower–upper bound" fill="var(--accent)" fillOpacity={0.18} stroke="var(--accent)" strokeOpacity={0.5} isAnimationActive={false} />
            <Bar dataKey="pods" name="pods now (min–max)" fill="var(--info)" fillOpacity={0.45} barSize={10} isAnimationActive={false} />
            <Scatter dataKey="target" name="target" fill="var(--accent)" shape="diamond" isAnimationActive={false} />
            <Scatter dataKey="uncapped" name="uncapped target" fill="var(--muted)" shape="circle" isAnimationActive={false} />
            <Scatter dataKey="request" name="requested (template)" fill="var(--warn)" shape="cross" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {offScale.length ? (
        <p className="px-2 text-xs text-faint">Upper bound beyond the scale: {offScale.map((r) => `${r.container} ${formatAmount(c.resource, r.upper ?? 0)}`).join(', ')} (wide while the recommender has little history).</p>
      ) : null}
    </figure>
  );
}

/** Request vs recommendation per container, one chart per resource (the table next to it has the exact quantities). */
export function RecommendationChart({ containers }: { containers: VpaContainerDto[] }) {
  const charts = useMemo(() => recommendationCharts(containers), [containers]);
  if (!charts.length) return <p className="px-4 py-3 text-sm text-muted">No requests and no recommendation to draw yet.</p>;
  return <div className="grid gap-4 px-2 py-3 md:grid-cols-2" data-testid="recommendation-chart">{charts.map((c) => <ResourceChart key={c.resource} c={c} />)}</div>;
}
