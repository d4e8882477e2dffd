'use client';

import { useId, useState } from 'react';
import type { JsonValue } from '@/lib/k8s/object';
import { RichText } from '../ui/rich-text';
import { BUTTON } from './buttons';
import { metadataText, TRIGGER_TEMPLATES, triggerOf, type TriggerRequest } from './plan-input';

const METRIC_TYPES = ['AverageValue', 'Value', 'Utilization'] as const;

/** Asks for a KEDA trigger for each HPA metric the planner cannot convert, then plans again with them. */
export function OptionsForm({ requests, pending, onSubmit }: {
  requests: TriggerRequest[];
  pending: boolean;
  onSubmit: (triggers: Record<string, JsonValue>) => void;
}) {
  const [fields, setFields] = useState<Record<string, { type: string; metricType: string; metadata: string }>>(() =>
    Object.fromEntries(requests.map((r) => [r.key, r.example
      ? { type: r.example.type, metricType: r.example.metricType ?? 'AverageValue', metadata: metadataText(r.example.metadata) }
      : { type: 'prometheus', metricType: 'AverageValue', metadata: TRIGGER_TEMPLATES.prometheus! }])),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const baseId = useId();
  return (
    <form
      className="space-y-4 px-4 py-4"
      aria-label="Triggers for metrics KEDA cannot take over as they are"
      onSubmit={(e) => {
        e.preventDefault();
        const triggers: Record<string, JsonValue> = {};
        const found: Record<string, string[]> = {};
        for (const r of requests) {
          const f = fields[r.key]!;
          const t = triggerOf(f.type, f.metadata, f.metricType || undefined);
          if (t.errors.length) found[r.key] = t.errors;
          else triggers[r.key] = t.trigger!;
        }
        setErrors(found);
        if (!Object.keys(found).length) onSubmit(triggers);
      }}
    >
      {requests.map((r) => {
        const f = fields[r.key]!;
        const id = `${baseId}-${r.key}`;
        const set = (patch: Partial<typeof f>) => setFields((all) => ({ ...all, [r.key]: { ...f, ...patch } }));
        const errs = errors[r.key];
        return (
          <fieldset key={r.key} className="rounded-md border border-line p-3" aria-describedby={errs ? `${id}-errors` : undefined}>
            <legend className="px-1 text-sm font-medium">Trigger for metric <span className="font-mono">{r.key}</span></legend>
            <p className="mb-3 text-xs text-muted"><RichText text={r.detail} /></p>
            <div className="grid gap-3 sm:grid-cols-[12rem_10rem_1fr]">
              <div>
                <label htmlFor={`${id}-type`} className="mb-1 block text-xs text-muted">Scaler type</label>
                <input
                  id={`${id}-type`}
                  list={`${id}-types`}
                  value={f.type}
                  onChange={(e) => {
                    const type = e.target.value;
                    // Offer the scaler's usual keys while the metadata is still a template.
                    const untouched = Object.values(TRIGGER_TEMPLATES).includes(f.metadata) || !f.metadata.trim();
                    set({ type, ...(untouched && TRIGGER_TEMPLATES[type] ? { metadata: TRIGGER_TEMPLATES[type] } : {}) });
                  }}
                  className="h-8 w-full rounded-md border border-line bg-surface px-2 font-mono text-sm text-fg"
                />
                <datalist id={`${id}-types`}>
                  {Object.keys(TRIGGER_TEMPLATES).map((t) => <option key={t} value={t} />)}
                </datalist>
              </div>
              <div>
                <label htmlFor={`${id}-metric-type`} className="mb-1 block text-xs text-muted">Metric type</label>
                <select id={`${id}-metric-type`} value={f.metricType} onChange={(e) => set({ metricType: e.target.value })}
                  className="h-8 w-full rounded-md border border-line bg-surface px-2 text-sm text-fg">
                  {METRIC_TYPES.map((m) => <option key={m} value={m}>{m}</option>)}
                </select>
              </div>
              <div className="sm:col-span-3">
                <label htmlFor={`${id}-metadata`} className="mb-1 block text-xs text-muted">Metadata, one <code className="font-mono">key: value</code> per line</label>
                <textarea
                  id={`${id}-metadata`}
                  value={f.metadata}
                  rows={4}
                  spellCheck={false}
                  onChange={(e) => set({ metadata: e.target.value })}
                  className="w-full rounded-md border border-line bg-surface px-2 py-1.5 font-mono text-xs leading-5 text-fg"
                />
              </div>
            </div>
            {errs ? <ul id={`${id}-errors`} role="alert" className="mt-2 list-disc pl-5 text-xs text-crit">{errs.map((e) => <li key={e}>{e}</li>)}</ul> : null}
          </fieldset>
        );
      })}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={BUTTON.primary}>
          {pending ? 'Planning…' : 'Plan again with these triggers'}
        </button>
        <span className="text-xs text-muted">The plan, its YAML and the dry-run are made again with them.</span>
      </div>
    </form>
  );
}
