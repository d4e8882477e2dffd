import Link from 'next/link';
import { AlertTriangle, Info, OctagonAlert, ShieldCheck } from 'lucide-react';
import type { Severity } from '@/lib/rules/types';

const CARDS: { severity: Severity; label: string; icon: typeof Info; color: string }[] = [
  { severity: 'critical', label: 'Critical', icon: OctagonAlert, color: 'text-crit' },
  { severity: 'warning', label: 'Warnings', icon: AlertTriangle, color: 'text-warn' },
  { severity: 'info', label: 'Info', icon: Info, color: 'text-info' },
];

/** Findings per severity, each a link to the filtered findings list. */
export function FindingsSummary({ counts }: { counts: Record<Severity, number> }) {
  const total = counts.critical + counts.warning + counts.info;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      {CARDS.map(({ severity, label, icon: Icon, color }) => (
        <Link key={severity} href={`/findings?severity=${severity}`} data-severity={severity}
          className="group flex items-center gap-3 rounded-lg border border-line bg-surface px-4 py-3 shadow-card hover:border-line-strong">
          <Icon aria-hidden className={`size-5 ${counts[severity] ? color : 'text-faint'}`} />
          <span className="flex-1 text-sm text-muted group-hover:text-fg">{label}</span>
          <span className={`tabular text-2xl font-semibold ${counts[severity] ? 'text-fg' : 'text-faint'}`}>{counts[severity]}</span>
        </Link>
      ))}
      {total === 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted sm:col-span-3"><ShieldCheck aria-hidden className="size-4 text-ok" />No autoscalers are fighting in this cluster.</p>
      ) : null}
    </div>
  );
}
