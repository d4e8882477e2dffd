import { KeyRound } from 'lucide-react';
import type { TriggerDto } from '@/lib/dto/keda-triggers';
import { Badge } from '../ui/badge';

/** A trigger in a table cell: type, name, the two thresholds, and its authentication by name. */
export function TriggerChip({ t }: { t: TriggerDto }) {
  const th = t.thresholds;
  const value = (v: number | undefined) => (v === undefined ? '?' : String(v));
  return (
    <span className="inline-flex max-w-full flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs" data-trigger={t.name ?? t.type}>
      <Badge tone="accent"><span className="font-semibold">{t.type}</span>{t.name ? <span className="font-mono font-normal">{t.name}</span> : null}</Badge>
      {th ? (
        <span className="tabular text-muted" title={`${th.targetKey} ${value(th.target)}${th.targetDefaulted ? ' (default)' : ''}, ${th.activationKey} ${value(th.activation)}${th.activationDefaulted ? ' (default)' : ''}`}>
          scale {value(th.target)} · activate &gt;{value(th.activation)}
        </span>
      ) : t.resource ? (
        <span className="text-muted">{t.metadata.find((m) => m.key === 'value')?.value ?? '?'}{t.metricType === 'Utilization' ? '%' : ''}</span>
      ) : null}
      {t.authenticationRef ? (
        <span className="inline-flex items-center gap-0.5 text-faint" title={`${t.authenticationRef.kind} ${t.authenticationRef.name} (secrets are never read)`}>
          <KeyRound aria-hidden className="size-3" /><span className="sr-only">authentication {t.authenticationRef.kind}</span><span className="font-mono">{t.authenticationRef.name}</span>
        </span>
      ) : null}
      {t.highlights.length ? (
        <span className="flex w-full flex-col text-faint" data-trigger-highlights>
          {t.highlights.map((m) => (
            <span key={m.key} className="block max-w-[16rem] truncate" title={`${m.key}: ${m.value}`}>
              <span className="font-mono">{m.key}</span>{' '}
              <span className={`font-mono ${m.role === 'from-env' ? 'text-info' : 'text-muted'}`}>{m.role === 'from-env' ? `$${m.value}` : m.value}</span>
            </span>
          ))}
        </span>
      ) : null}
    </span>
  );
}

/** Every metadata entry of a trigger: thresholds first, `*FromEnv` marked, credentials masked. */
export function TriggerMetadata({ t }: { t: TriggerDto }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
      {t.metadata.map((m) => (
        <div key={m.key} className="contents">
          <dt className="font-mono text-muted">
            {m.key}
            {m.role === 'threshold' ? <span className="ml-1 text-accent">scaling</span> : m.role === 'activation' ? <span className="ml-1 text-accent">activation</span> : m.role === 'from-env' ? <span className="ml-1 text-info">env</span> : null}
          </dt>
          <dd className={`break-all font-mono ${m.redacted ? 'text-faint' : 'text-fg'}`} title={m.redacted ? 'looks like a credential: not shown' : undefined}>{m.value}</dd>
        </div>
      ))}
      {t.authenticationRef ? (
        <div className="contents">
          <dt className="font-mono text-muted">authenticationRef</dt>
          <dd className="font-mono text-fg">{t.authenticationRef.kind} {t.authenticationRef.name} <span className="font-sans text-faint">(by name only; secrets are never read)</span></dd>
        </div>
      ) : null}
      {t.metricName ? (
        <div className="contents">
          <dt className="text-muted">external metric</dt>
          <dd className="break-all font-mono text-fg">{t.metricName}</dd>
        </div>
      ) : null}
    </dl>
  );
}
