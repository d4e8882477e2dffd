'use client';

import Link from 'next/link';
import { ArrowRightLeft } from 'lucide-react';
import { useMigrations } from '../hooks/use-migrations';
import { countByStatus } from './browse';

/** The overview's "migrations in flight": a link to them, with what is blocked, failed or ready beside. */
export function MigrationsInFlightCard({ context }: { context: string }) {
  const { data, error } = useMigrations(context);
  const counts = data ? countByStatus(data.items) : undefined;
  const inFlight = counts?.['in-progress'];
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-line bg-surface px-4 py-3 shadow-card" data-migrations-card>
      <Link href="/migrations?status=in-progress" className="group flex min-w-56 flex-1 items-center gap-3" data-in-flight>
        <ArrowRightLeft aria-hidden className={`size-5 ${inFlight ? 'text-accent' : 'text-faint'}`} />
        <span className="flex-1 text-sm text-muted group-hover:text-fg">Migrations in flight</span>
        <span className={`tabular text-2xl font-semibold ${inFlight ? 'text-fg' : 'text-faint'}`}>{inFlight ?? '—'}</span>
      </Link>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        {error && !data ? <span className="text-warn">Could not list migrations: {error.message}</span> : counts ? (
          <>
            <Link href="/migrations?status=blocked" className="hover:text-fg"><span className={`tabular font-medium ${counts.blocked ? 'text-warn' : ''}`}>{counts.blocked}</span> blocked</Link>
            <Link href="/migrations?status=failed" className="hover:text-fg"><span className={`tabular font-medium ${counts.failed ? 'text-crit' : ''}`}>{counts.failed}</span> failed</Link>
            <Link href="/migrations?status=ready" className="hover:text-fg"><span className="tabular font-medium text-fg">{counts.ready}</span> ready to start</Link>
            <Link href="/migrations?status=done" className="hover:text-fg"><span className="tabular font-medium text-fg">{counts.done}</span> done</Link>
          </>
        ) : <span>Listing migrations…</span>}
      </p>
    </div>
  );
}
