import type { TriggerExplanationDto } from '@/lib/dto/keda-activation';
import { fmtNumber } from '@/lib/keda/explain-activation';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';
import { TriggerMetadata } from './trigger-chips';

/**
 * The value on one scale with the two thresholds: below/at the activation threshold KEDA keeps
 * the workload at zero (hatched), the scaling threshold marks one replica's worth for the HPA.
 */
function Gauge({ value, target, activation }: { value: number | undefined; target: number; activation: number }) {
  const top = Math.max(value ?? 0, target, activation, 1) * 1.25;
  const pct = (n: number) => `${Math.min(100, Math.max(0, (n / top) * 100))}%`;
  const active = value !== undefined && value > activation;
  // Labels near each other go on two lines; near an edge they are anchored to it instead of centred.
  const close = Math.abs(Math.min(target, top) - Math.min(activation, top)) / top < 0.2;
  const labelAt = (n: number) => {
    const p = Math.min(100, Math.max(0, (n / top) * 100));
    return p < 10 ? { left: 0 } : p > 90 ? { right: 0 } : { left: `${p}%`, transform: 'translateX(-50%)' };
  };
  return (
    <figure className="mt-3" aria-label={`value ${value === undefined ? 'unknown' : fmtNumber(value)}, activation threshold ${fmtNumber(activation)}, scaling threshold ${fmtNumber(target)}`}>
      <div className="relative h-3 rounded-full bg-surface-2">
        <div className="absolute inset-y-0 left-0 rounded-l-full bg-[repeating-linear-gradient(135deg,var(--line-strong)_0_4px,transparent_4px_8px)]" style={{ width: pct(activation) }} />
        {value !== undefined ? (
          <div className={`absolute inset-y-0 left-0 rounded-full ${active ? 'bg-accent' : 'bg-warn'} opacity-80`} style={{ width: pct(value) }} />
        ) : null}
        <span aria-hidden className="absolute -top-1 h-5 w-0.5 bg-fg" style={{ left: pct(activation) }} />
        <span aria-hidden className="absolute -top-1 h-5 w-0.5 bg-info" style={{ left: pct(target) }} />
      </div>
      <figcaption className={`relative mt-1 text-[11px] text-muted ${close ? 'h-8' : 'h-4'}`}>
        <span className="absolute whitespace-nowrap" style={labelAt(activation)}>activation {fmtNumber(activation)}</span>
        {target !== activation ? <span className={`absolute whitespace-nowrap text-info ${close ? 'top-4' : ''}`} style={labelAt(target)}>threshold {fmtNumber(target)}</span> : null}
      </figcaption>
    </figure>
  );
}

const PHASE_TONE = { active: 'accent', inactive: 'warn', unknown: 'neutral', invalid: 'crit' } as const;

/** One trigger: its current value, the two thresholds, and what follows, in words. */
export function ActivationCard({ x, inactiveIsNormal }: { x: TriggerExplanationDto; inactiveIsNormal: boolean }) {
  const t = x.trigger;
  const e = x.explanation;
  const th = t.thresholds;
  return (
    <article className="rounded-lg border border-line bg-surface p-4" data-trigger-card={t.name ?? t.type} data-phase={e?.phase ?? x.kind}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold"><RichText text={t.label} /></h3>
        {e ? <Badge tone={PHASE_TONE[e.phase]}>{e.phase === 'inactive' && inactiveIsNormal ? 'inactive (normal)' : e.phase}</Badge> : <Badge>{x.kind === 'resource' ? 'resource metric' : 'not judged'}</Badge>}
        <span className="ml-auto text-xs text-muted">
          {x.value.state === 'ok' ? (
            <>value <span className="tabular font-mono text-base font-semibold text-fg" data-value>{fmtNumber(x.value.value ?? 0)}</span>{x.value.at ? <> · <RelativeTime iso={x.value.at} /></> : null}</>
          ) : <span title={x.value.reason}>value <span className="font-mono text-fg" data-value>unknown</span></span>}
        </span>
      </header>
      {e ? (
        <>
          <p className="mt-2 text-sm font-medium text-fg" data-sentence>{e.sentence}</p>
          {th && th.target !== undefined && th.activation !== undefined ? <Gauge value={x.value.value} target={th.target} activation={th.activation} /> : null}
          {x.value.state === 'unknown' && x.value.reason ? <p className="mt-2 text-xs text-muted">Why unknown: {x.value.reason}</p> : null}
          {e.notes.length ? <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-muted">{e.notes.map((n) => <li key={n}><RichText text={n} /></li>)}</ul> : null}
        </>
      ) : <p className="mt-2 text-sm text-muted"><RichText text={x.text ?? ''} /></p>}
      <details className="mt-3 text-xs">
        <summary className="cursor-pointer text-muted hover:text-fg">Trigger metadata</summary>
        <div className="mt-2"><TriggerMetadata t={t} /></div>
      </details>
    </article>
  );
}
