import Link from 'next/link';
import { anchorOf } from '@/lib/dto/finding-links';
import { scaledObjectHref } from '@/lib/dto/keda-links';
import type { AutoscalerDetailDto } from '@/lib/dto/workload-detail';
import { autoscalerKindLabel } from '../k8s/autoscaler-chip';
import { Badge } from '../ui/badge';

/** One autoscaler acting on the workload: its key settings and its status conditions. */
export function AutoscalerCard({ a }: { a: AutoscalerDetailDto }) {
  return (
    <article id={anchorOf(a)} className="scroll-mt-16 rounded-lg border border-line bg-surface p-4 shadow-card target:ring-2 target:ring-accent" data-autoscaler={`${a.kind}/${a.name}`}>
      <header className="flex flex-wrap items-center gap-2">
        <Badge tone={a.kind === 'ScaledObject' ? 'accent' : a.kind === 'HorizontalPodAutoscaler' ? 'info' : 'neutral'}>{autoscalerKindLabel(a.kind)}</Badge>
        <h3 className="font-mono text-sm font-medium">
          {a.kind === 'ScaledObject' ? <Link href={scaledObjectHref(a)} className="text-accent hover:underline">{a.name}</Link> : a.name}
        </h3>
        {a.ownedBy ? <span className="text-xs text-muted">owned by ScaledObject <Link href={scaledObjectHref({ namespace: a.namespace, name: a.ownedBy })} className="font-mono text-accent hover:underline">{a.ownedBy}</Link></span> : null}
        {a.via ? <span className="text-xs text-muted">acts through HPA <span className="font-mono">{a.via}</span></span> : null}
        {a.paused ? <Badge tone="warn">paused</Badge> : null}
      </header>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {a.facts.map((f) => (
          <div key={f.label} className="contents">
            <dt className="text-muted">{f.label}</dt>
            <dd className="break-words font-mono text-xs leading-5">{f.value}</dd>
          </div>
        ))}
      </dl>
      {a.conditions.length ? (
        <ul className="mt-3 space-y-1 border-t border-line pt-3 text-xs">
          {a.conditions.map((c) => (
            <li key={c.type} className="flex flex-wrap items-baseline gap-2">
              <Badge tone={c.status === 'True' ? 'ok' : c.status === 'False' ? 'warn' : 'neutral'}>{c.type}={c.status}</Badge>
              {c.reason ? <span className="font-medium">{c.reason}</span> : null}
              {c.message ? <span className="text-muted">{c.message}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
