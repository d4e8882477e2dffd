'use client';

import { Search, X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';

/** Namespace and text filters; the text is applied after a short pause in typing. */
export function WorkloadFilters({ namespaces, namespace, q, onChange }: {
  namespaces: string[];
  namespace?: string;
  q?: string;
  onChange: (next: { namespace?: string; q?: string }) => void;
}) {
  const nsId = useId();
  const qId = useId();
  const [text, setText] = useState(q ?? '');
  // Follow outside changes of the URL (e.g. "Clear filters") while keeping local typing.
  const [seenQ, setSeenQ] = useState(q);
  if (q !== seenQ) {
    setSeenQ(q);
    setText(q ?? '');
  }
  useEffect(() => {
    if (text === (q ?? '')) return;
    const t = setTimeout(() => onChange({ namespace, q: text || undefined }), 250);
    return () => clearTimeout(t);
  }, [text, q, namespace, onChange]);
  return (
    <div role="search" className="flex flex-wrap items-center gap-3">
      <div className="flex items-center gap-2">
        <label htmlFor={nsId} className="text-xs text-muted">Namespace</label>
        <select
          id={nsId}
          value={namespace ?? ''}
          onChange={(e) => onChange({ namespace: e.target.value || undefined, q: text || undefined })}
          className="h-8 rounded-md border border-line bg-surface px-2 text-sm text-fg"
        >
          <option value="">All namespaces</option>
          {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
      <div className="relative">
        <label htmlFor={qId} className="sr-only">Filter workloads</label>
        <Search aria-hidden className="pointer-events-none absolute left-2 top-1/2 size-4 -translate-y-1/2 text-faint" />
        <input
          id={qId}
          type="search"
          value={text}
          placeholder="Name, kind or autoscaler…"
          onChange={(e) => setText(e.target.value)}
          className="h-8 w-72 rounded-md border border-line bg-surface pl-8 pr-8 text-sm text-fg placeholder:text-faint"
        />
        {text ? (
          <button type="button" aria-label="Clear filter" onClick={() => { setText(''); onChange({ namespace, q: undefined }); }} className="absolute right-1.5 top-1/2 -translate-y-1/2 rounded p-0.5 text-faint hover:text-fg">
            <X aria-hidden className="size-4" />
          </button>
        ) : null}
      </div>
    </div>
  );
}
