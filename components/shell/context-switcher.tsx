'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { postJson } from '../api';

/** Chooses the kubeconfig context this browser looks at (and, in local mode, acts as). */
export function ContextSwitcher({ contexts, current }: { contexts: string[]; current: string }) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  if (contexts.length === 0) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs text-muted">Context</label>
      <select
        id={id}
        value={current}
        disabled={pending}
        onChange={(e) => {
          const context = e.target.value;
          setError(undefined);
          startTransition(async () => {
            try {
              await postJson('/api/v1/session', { context });
              const url = new URL(window.location.href);
              url.searchParams.delete('context');
              router.replace(url.pathname + url.search);
              router.refresh();
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
          });
        }}
        className="h-8 max-w-64 rounded-md border border-line bg-surface px-2 font-mono text-xs text-fg"
      >
        {contexts.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
      {error ? <span role="alert" className="text-xs text-crit">{error}</span> : null}
    </div>
  );
}
