import type { VpaContainerDto } from '@/lib/dto/vpa';
import { formatAmount } from '@/lib/dto/vpa-chart';
import { parseQuantity } from '@/lib/k8s/quantity';
import { Badge } from '../ui/badge';

const RESOURCES = ['cpu', 'memory'];

/** Lowest and highest request among the pods, as one string (`250m` or `100m–587m`). */
function podRange(c: VpaContainerDto, r: string): string | undefined {
  const values = c.podRequests.map((p) => parseQuantity(p.requests[r])).filter((v): v is number => v !== undefined);
  if (!values.length) return undefined;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? formatAmount(r, lo) : `${formatAmount(r, lo)}–${formatAmount(r, hi)}`;
}

/** Whether some pod runs outside [lowerBound, upperBound]: what makes the updater act. */
function outside(c: VpaContainerDto, r: string): boolean {
  const lo = parseQuantity(c.lowerBound?.[r]);
  const hi = parseQuantity(c.upperBound?.[r]);
  if (lo === undefined || hi === undefined) return false;
  return c.podRequests.some((p) => {
    const v = parseQuantity(p.requests[r]);
    return v !== undefined && (v < lo || v > hi);
  });
}

const Cell = ({ v, strong = false }: { v: string | undefined; strong?: boolean }) => (
  <td className={`tabular whitespace-nowrap px-3 py-1.5 font-mono text-xs ${strong ? 'font-semibold text-fg' : 'text-muted'}`}>{v ?? <span className="text-faint">—</span>}</td>
);

/**
 * Per container and resource: the pod template's request and what the pods run with now, next to
 * the recommendation (lowerBound, target, upperBound, uncappedTarget) and the policy's limits.
 */
export function RecommendationTable({ containers }: { containers: VpaContainerDto[] }) {
  if (!containers.length) return <p className="px-4 py-3 text-sm text-muted">No containers: the target does not exist or has no pod template.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="recommendation-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Container · resource</th>
            <th scope="col" className="px-3 py-2 font-medium">Requested (template)</th>
            <th scope="col" className="px-3 py-2 font-medium">Pods now</th>
            <th scope="col" className="px-3 py-2 font-medium">Lower bound</th>
            <th scope="col" className="px-3 py-2 font-medium">Target</th>
            <th scope="col" className="px-3 py-2 font-medium">Upper bound</th>
            <th scope="col" className="px-3 py-2 font-medium">Uncapped target</th>
            <th scope="col" className="px-3 py-2 font-medium">Allowed</th>
            <th scope="col" className="px-3 py-2 font-medium">Resize policy</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {containers.flatMap((c) => {
            const rows = RESOURCES.filter((r) => c.requests[r] !== undefined || c.target?.[r] !== undefined || c.controlledResources.includes(r));
            return rows.map((r, i) => {
              const controlled = c.mode !== 'Off' && c.controlledResources.includes(r);
              const off = outside(c, r);
              return (
                <tr key={`${c.name}/${r}`} data-container={c.name} data-resource={r} className={i === 0 ? 'border-t-2 border-line' : ''}>
                  <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-xs font-normal">
                    <span className="font-mono text-fg">{c.name}</span> · {r}
                    {!controlled ? <span className="ml-1.5"><Badge tone="neutral" title={c.mode === 'Off' ? 'This container’s policy has mode Off.' : 'Not in controlledResources.'}>not controlled</Badge></span> : null}
                  </th>
                  <Cell v={c.requests[r]} />
                  <td className="tabular whitespace-nowrap px-3 py-1.5 font-mono text-xs text-muted">
                    {podRange(c, r) ?? <span className="text-faint">—</span>}
                    {off ? <span className="ml-1.5"><Badge tone="warn" title="Some pod runs outside [lowerBound, upperBound]: the updater will act on it.">outside range</Badge></span> : null}
                  </td>
                  <Cell v={c.lowerBound?.[r]} />
                  <Cell v={c.target?.[r]} strong />
                  <Cell v={c.upperBound?.[r]} />
                  <Cell v={c.uncappedTarget?.[r]} />
                  <Cell v={c.minAllowed?.[r] || c.maxAllowed?.[r] ? `${c.minAllowed?.[r] ?? '0'} – ${c.maxAllowed?.[r] ?? '∞'}` : undefined} />
                  <td className="whitespace-nowrap px-3 py-1.5 text-xs">
                    {c.resizePolicy[r] === 'RestartContainer' ? <Badge tone="warn" title="Resizing this resource restarts the container, by request.">RestartContainer</Badge> : <span className="text-muted" title="A wish, not a guarantee: the runtime may still restart the container.">{c.resizePolicy[r] ?? 'NotRequired (default)'}</span>}
                  </td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
    </div>
  );
}
