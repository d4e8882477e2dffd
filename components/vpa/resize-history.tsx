'use client';

import { useId, useMemo, useState } from 'react';
import { ArrowRight, History } from 'lucide-react';
import type { VpaResizeEntryDto } from '@/lib/dto/vpa';
import { CAUSE_TEXT, resourceChanges } from '@/lib/dto/vpa-history';
import { EmptyState } from '../ui/empty-state';
import { RelativeTime } from '../ui/relative-time';
import { OutcomeBadge } from './badges';

function Change({ e }: { e: VpaResizeEntryDto }) {
  const rows = resourceChanges(e.from, e.to);
  if (!rows.length) return <span className="text-faint">—</span>;
  return (
    <ul className="space-y-0.5">
      {rows.map((r) => (
        <li key={r.resource} className="flex items-center gap-1 whitespace-nowrap font-mono text-xs">
          <span className="w-12 text-muted">{r.resource}</span>
          <span className={r.from ? 'text-muted' : 'text-faint'} title={r.from ? undefined : 'Not known: the change happened while scaleguard was not watching.'}>{r.from ?? '?'}</span>
          <ArrowRight aria-label="to" className="size-3 text-faint" />
          <span className="text-fg">{r.to ?? '—'}</span>
        </li>
      ))}
    </ul>
  );
}

function Row({ e, showPod }: { e: VpaResizeEntryDto; showPod: boolean }) {
  return (
    <tr data-entry={e.outcome} data-pod={e.pod} data-path={e.path} className="align-top">
      <td className="whitespace-nowrap px-3 py-2 text-xs"><RelativeTime iso={e.at} /><div className="text-faint" suppressHydrationWarning>{new Date(e.at).toLocaleTimeString()}</div></td>
      {showPod ? <td className="px-3 py-2 font-mono text-xs">{e.pod}</td> : null}
      <td className="px-3 py-2 font-mono text-xs">{e.container}</td>
      <td className="px-3 py-2"><Change e={e} /></td>
      <td className="whitespace-nowrap px-3 py-2 text-xs">{e.path === 'in-place' ? 'in place' : 'eviction'}</td>
      <td className="px-3 py-2 text-xs">
        <OutcomeBadge e={e} />
        {e.outcome === 'evicted' && e.cause ? <p className="mt-1 max-w-sm text-muted">{CAUSE_TEXT[e.cause]}.</p> : null}
        {e.outcome === 'in-place-with-restart' ? (
          <p className="mt-1 max-w-sm text-muted">restartCount +{e.restarts ?? 1}{e.expectedRestart ? ' — resizePolicy RestartContainer asked for it' : ' although the policy did not ask for a restart'}.</p>
        ) : null}
        {e.message ? <p className="mt-1 max-w-sm break-words text-muted">Kubelet: {e.message}</p> : null}
      </td>
      <td className="px-3 py-2 text-xs text-faint">{e.evidence.join(', ')}</td>
    </tr>
  );
}

/** Resize attempts, newest first, with a pod filter; `limit` cuts the list (the card on `/vpa`). */
export function ResizeHistory({ entries, limit, filterable = true, empty, pod: controlled, onPodChange }: {
  entries: VpaResizeEntryDto[];
  limit?: number;
  filterable?: boolean;
  empty?: string;
  /** The pod shown, when the parent chooses it (the pods table links here). */
  pod?: string;
  onPodChange?: (pod: string) => void;
}) {
  const [own, setOwn] = useState('');
  const pod = controlled ?? own;
  const setPod = onPodChange ?? setOwn;
  const selectId = useId();
  const pods = useMemo(() => [...new Set(entries.map((e) => e.pod))].sort(), [entries]);
  const sorted = useMemo(() => [...entries].sort((a, b) => b.at.localeCompare(a.at)), [entries]);
  const shown = sorted.filter((e) => !pod || e.pod === pod).slice(0, limit);
  if (!entries.length) {
    return <EmptyState icon={<History className="size-7" />} title="No resize recorded yet">{empty ?? 'scaleguard records every in-place resize and eviction it sees while it runs, and keeps them beyond the hour Kubernetes keeps Events.'}</EmptyState>;
  }
  return (
    <div>
      {filterable && pods.length > 1 ? (
        <div className="flex flex-wrap items-center gap-2 px-3 pt-3">
          <label htmlFor={selectId} className="text-xs text-muted">Pod</label>
          <select id={selectId} value={pod} onChange={(ev) => setPod(ev.target.value)} className="h-8 rounded-md border border-line bg-surface px-2 text-sm text-fg" data-testid="history-pod-filter">
            <option value="">All pods ({pods.length})</option>
            {pods.map((p) => <option key={p} value={p}>{p} ({entries.filter((e) => e.pod === p).length})</option>)}
          </select>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="resize-history">
          <caption className="sr-only">Resize attempts, newest first{pod ? `, pod ${pod}` : ''}</caption>
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">When</th>
              {!pod ? <th scope="col" className="px-3 py-2 font-medium">Pod</th> : null}
              <th scope="col" className="px-3 py-2 font-medium">Container</th>
              <th scope="col" className="px-3 py-2 font-medium">Requests before → after</th>
              <th scope="col" className="px-3 py-2 font-medium">Path</th>
              <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
              <th scope="col" className="px-3 py-2 font-medium">Evidence</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {shown.map((e, i) => <Row key={`${e.pod}/${e.container}/${e.path}/${e.at}/${i}`} e={e} showPod={!pod} />)}
          </tbody>
        </table>
      </div>
      {limit !== undefined && sorted.length > limit ? <p className="px-3 py-2 text-xs text-muted">{sorted.length - limit} older attempts on the VPA’s page.</p> : null}
    </div>
  );
}
