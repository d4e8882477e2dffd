'use client';

import Link from 'next/link';
import type { WorkloadRowDto, WorkloadSort } from '@/lib/dto/workloads';
import { AutoscalerChip } from '../k8s/autoscaler-chip';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { SortHeader } from './sort-header';

export function WorkloadsTable({ rows, sort, dir, onSort }: {
  rows: WorkloadRowDto[];
  sort: WorkloadSort;
  dir: 'asc' | 'desc';
  onSort: (column: WorkloadSort, dir: 'asc' | 'desc') => void;
}) {
  const header = { sort, dir, onSort };
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Workloads and the autoscalers acting on them</caption>
        <thead>
          <tr className="border-b border-line text-xs text-muted">
            <SortHeader label="Name" column="name" {...header} />
            <SortHeader label="Namespace" column="namespace" {...header} />
            <SortHeader label="Kind" column="kind" {...header} />
            <SortHeader label="Replicas" column="replicas" align="right" {...header} />
            <SortHeader label="Autoscalers" column="autoscalers" {...header} />
            <th scope="col" className="px-4 py-2 text-left font-medium">Canary</th>
            <SortHeader label="Age" column="age" align="right" {...header} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.namespace}/${r.kind}/${r.name}`} className="border-b border-line last:border-0 hover:bg-surface-2/60" data-workload={`${r.namespace}/${r.name}`}>
              <td className="whitespace-nowrap px-4 py-2.5">
                <Link href={r.href} className="font-medium text-accent hover:underline">{r.name}</Link>
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 font-mono text-xs text-muted">{r.namespace}</td>
              <td className="px-4 py-2.5 text-muted">{r.kind}</td>
              <td className="tabular px-4 py-2.5 text-right">
                <span className={r.replicas.ready < r.replicas.desired ? 'text-warn' : ''}>{r.replicas.ready}</span>
                <span className="text-faint">/{r.replicas.desired}</span>
              </td>
              <td className="px-4 py-2.5">
                {r.autoscalers.length ? (
                  <div className="flex max-w-xl flex-wrap gap-1">{r.autoscalers.map((a) => <AutoscalerChip key={`${a.kind}/${a.name}/${a.via ?? ''}`} a={a} />)}</div>
                ) : (
                  <span className="text-xs text-faint">none</span>
                )}
              </td>
              <td className="px-4 py-2.5">
                {r.canary ? <Badge title={r.canary.phase ? `phase ${r.canary.phase}` : undefined}>{r.canary.role === 'primary' ? 'primary of' : 'canary'} <span className="font-mono">{r.canary.name}</span></Badge> : null}
              </td>
              <td className="tabular px-4 py-2.5 text-right text-muted"><RelativeTime iso={r.createdAt} style="age" /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
