import Link from 'next/link';
import type { OverviewDto } from '@/lib/dto/overview';
import { kindPlural } from '@/lib/k8s/kind-labels';

/** Object counts per kind; a kind whose CRD is absent reads "not installed", not zero. */
export function ObjectCounts({ counts }: { counts: OverviewDto['counts'] }) {
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-line bg-line sm:grid-cols-4 lg:grid-cols-8">
      {counts.map((c) => {
        const body = (
          <>
            <dt className="text-xs text-muted">{kindPlural(c.kind)}</dt>
            <dd className={`tabular mt-1 text-2xl font-semibold ${c.present ? 'text-fg' : 'text-faint'}`}>
              {c.present ? c.count : '—'}
            </dd>
            {!c.present ? <dd className="text-[11px] text-faint">not installed</dd> : null}
          </>
        );
        const workloadKind = c.kind === 'Deployment' || c.kind === 'StatefulSet';
        return (
          <div key={c.id} className="bg-surface px-4 py-3" data-count={c.id}>
            {workloadKind ? <Link href={`/workloads?q=${encodeURIComponent(c.kind)}`} className="block hover:opacity-80">{body}</Link> : body}
          </div>
        );
      })}
    </dl>
  );
}
