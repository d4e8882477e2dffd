'use client';

import { useId } from 'react';
import type { FindingsQuery } from '@/lib/dto/findings';
import type { Severity } from '@/lib/rules/types';
import { SEVERITY_LABEL } from './severity-badge';

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];
const CHIP: Record<Severity, string> = { critical: 'text-crit', warning: 'text-warn', info: 'text-info' };

/** Severity chips with counts, namespace and rule; every choice lands in the URL. */
export function FindingsFilters({ query, counts, namespaces, rules, onChange }: {
  query: FindingsQuery;
  counts: Record<Severity, number>;
  namespaces: string[];
  rules: { id: string; title: string }[];
  onChange: (q: FindingsQuery) => void;
}) {
  const nsId = useId();
  const ruleId = useId();
  return (
    <div role="search" className="flex flex-wrap items-center gap-x-5 gap-y-3">
      <div role="group" aria-label="Severity" className="flex items-center gap-1">
        <button type="button" aria-pressed={!query.severity} onClick={() => onChange({ ...query, severity: undefined })}
          className={`rounded-md px-2.5 py-1 text-sm ${!query.severity ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`}>
          All <span className="tabular">{counts.critical + counts.warning + counts.info}</span>
        </button>
        {SEVERITIES.map((s) => (
          <button key={s} type="button" aria-pressed={query.severity === s} onClick={() => onChange({ ...query, severity: query.severity === s ? undefined : s })}
            className={`rounded-md px-2.5 py-1 text-sm ${query.severity === s ? 'bg-accent-soft font-medium text-accent' : 'text-muted hover:bg-surface-2'}`}>
            <span className={query.severity === s ? '' : CHIP[s]}>{SEVERITY_LABEL[s]}</span> <span className="tabular">{counts[s]}</span>
          </button>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={nsId} className="text-xs text-muted">Namespace</label>
        <select id={nsId} value={query.namespace ?? ''} onChange={(e) => onChange({ ...query, namespace: e.target.value || undefined })}
          className="h-8 rounded-md border border-line bg-surface px-2 text-sm">
          <option value="">All namespaces</option>
          {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={ruleId} className="text-xs text-muted">Rule</label>
        <select id={ruleId} value={query.rule ?? ''} onChange={(e) => onChange({ ...query, rule: e.target.value || undefined })}
          className="h-8 max-w-72 rounded-md border border-line bg-surface px-2 text-sm">
          <option value="">All rules</option>
          {rules.map((r) => <option key={r.id} value={r.id}>{r.title} ({r.id})</option>)}
        </select>
      </div>
    </div>
  );
}
