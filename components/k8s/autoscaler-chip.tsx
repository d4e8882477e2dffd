import type { AutoscalerDto } from '@/lib/dto/workloads';
import { Badge, type Tone } from '../ui/badge';

const SHORT: Record<AutoscalerDto['kind'], string> = {
  HorizontalPodAutoscaler: 'HPA',
  ScaledObject: 'ScaledObject',
  VerticalPodAutoscaler: 'VPA',
  CronHorizontalPodAutoscaler: 'CronHPA',
  Canary: 'Canary',
};

const TONE: Record<AutoscalerDto['kind'], Tone> = {
  HorizontalPodAutoscaler: 'info',
  ScaledObject: 'accent',
  VerticalPodAutoscaler: 'neutral',
  CronHorizontalPodAutoscaler: 'neutral',
  Canary: 'neutral',
};

/** An autoscaler acting on a workload: kind, name, and what it does on hover. */
export function AutoscalerChip({ a }: { a: AutoscalerDto }) {
  const notes = [a.summary, a.ownedBy ? `owned by ScaledObject ${a.ownedBy}` : '', a.via ? `through HPA ${a.via}` : '', a.paused ? `paused (${a.paused})` : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <Badge tone={a.paused ? 'warn' : TONE[a.kind]} title={`${a.kind} ${a.namespace}/${a.name}: ${notes}`}>
      <span className="font-semibold">{SHORT[a.kind]}</span>
      <span className="font-mono font-normal">{a.name}</span>
      {a.ownedBy ? <span className="font-normal opacity-75">← {a.ownedBy}</span> : null}
      {a.via ? <span className="font-normal opacity-75">via {a.via}</span> : null}
      {a.paused ? <span className="font-normal">paused</span> : null}
    </Badge>
  );
}

export function autoscalerKindLabel(kind: AutoscalerDto['kind']): string {
  return SHORT[kind];
}
