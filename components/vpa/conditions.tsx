import type { VpaConditionDto, VpaPodDto } from '@/lib/dto/vpa';
import { Badge, type Tone } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';

/** RecommendationProvided=True is good news; the other conditions are trouble when True. */
export function vpaConditionTone(c: VpaConditionDto): Tone {
  if (c.type === 'RecommendationProvided') return c.status === 'True' ? 'ok' : 'warn';
  if (c.status !== 'True') return 'neutral';
  if (c.type === 'ConfigUnsupported') return 'crit';
  if (c.type === 'LowConfidence' || c.type === 'FetchingHistory') return 'info';
  return 'warn';
}

/** The VPA's status.conditions as the recommender wrote them. */
export function VpaConditions({ conditions }: { conditions: VpaConditionDto[] }) {
  if (!conditions.length) return <p className="px-4 py-3 text-sm text-muted">No conditions yet: the recommender has not looked at this VPA.</p>;
  return (
    <dl className="divide-y divide-line text-sm" data-testid="vpa-conditions">
      {conditions.map((c) => (
        <div key={c.type} className="grid grid-cols-[minmax(11rem,auto)_1fr] gap-3 px-4 py-2" data-condition={c.type} data-status={c.status}>
          <dt><Badge tone={vpaConditionTone(c)}>{c.type} {c.status}</Badge></dt>
          <dd className="min-w-0 text-xs">
            {c.reason ? <span className="font-mono text-fg">{c.reason}</span> : null}
            {c.message ? <p className="text-muted"><RichText text={c.message} /></p> : null}
            {c.lastTransitionTime ? <p className="text-faint">since <RelativeTime iso={c.lastTransitionTime} /></p> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const RESIZE_TONE: Record<VpaPodDto['resize']['state'], Tone> = { none: 'neutral', proposed: 'info', 'in-progress': 'info', deferred: 'warn', infeasible: 'crit', error: 'crit' };
const RESIZE_TEXT: Record<VpaPodDto['resize']['state'], string> = { none: 'no resize pending', proposed: 'Proposed', 'in-progress': 'InProgress', deferred: 'Deferred', infeasible: 'Infeasible', error: 'Error' };

/** The pods the VPA acts on, each with its resize status now (condition or status.resize) and restarts. */
export function PodsTable({ pods, onShowHistory }: { pods: VpaPodDto[]; onShowHistory?: (pod: string) => void }) {
  if (!pods.length) return <p className="px-4 py-3 text-sm text-muted">No pods run for the target right now.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="vpa-pods">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Pod</th>
            <th scope="col" className="px-4 py-2 font-medium">Phase</th>
            <th scope="col" className="px-4 py-2 font-medium">Resize now</th>
            <th scope="col" className="px-4 py-2 font-medium">Container restarts</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {pods.map((p) => (
            <tr key={p.name} data-pod-row={p.name}>
              <td className="px-4 py-2 font-mono text-xs">
                {onShowHistory ? <button type="button" className="whitespace-nowrap text-left text-accent hover:underline" onClick={() => onShowHistory(p.name)} title="Show this pod’s resize history">{p.name}</button> : p.name}
              </td>
              <td className="px-4 py-2 text-xs text-muted">{p.phase ?? '—'}</td>
              <td className="px-4 py-2 text-xs">
                <Badge tone={RESIZE_TONE[p.resize.state]} title={p.resize.source === 'status.resize' ? 'From status.resize (Kubernetes before 1.33)' : p.resize.source ? 'From the PodResizePending / PodResizeInProgress condition' : undefined}>{RESIZE_TEXT[p.resize.state]}</Badge>
                {p.resize.message ? <p className="mt-1 max-w-md break-words text-muted">{p.resize.message}</p> : null}
              </td>
              <td className="tabular px-4 py-2 text-xs">{p.restarts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
