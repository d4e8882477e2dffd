import Link from 'next/link';
import type { VpaDto } from '@/lib/dto/vpa';
import { Badge } from '../ui/badge';
import { ModeBadge } from './badges';

/** Target (linked), mode, controlled resources and siblings of one VPA, in one line. */
export function VpaFacts({ v }: { v: VpaDto }) {
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <span>
        targets{' '}
        {v.target.href ? (
          <Link href={v.target.href} className="font-mono text-accent hover:underline">{v.target.kind} {v.target.name}</Link>
        ) : (
          <span className="font-mono text-crit" title="The target does not exist.">{v.target.kind} {v.target.name} (missing)</span>
        )}
      </span>
      <ModeBadge v={v} />
      <span className="text-muted">controls <span className="font-mono text-fg">{v.controlledResources.length ? v.controlledResources.join(', ') : 'nothing'}</span></span>
      {v.minReplicas !== undefined ? <span className="text-muted">minReplicas <span className="tabular text-fg">{v.minReplicas}</span></span> : null}
      {v.siblings.length ? <Badge tone="warn" title={v.controlling ? 'The oldest VPA controls the pods.' : 'Another, older VPA controls the pods.'}>{v.controlling ? 'controls the pods' : 'does not control the pods'} · also {v.siblings.join(', ')}</Badge> : null}
    </span>
  );
}
