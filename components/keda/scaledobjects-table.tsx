import Link from 'next/link';
import type { HpaStateDto, ScaledJobRowDto, ScaledObjectRowDto } from '@/lib/dto/keda';
import { workloadHref } from '@/lib/links';
import { SeverityBadge } from '../findings/severity-badge';
import { Badge } from '../ui/badge';
import { ConditionBadges, ConditionNote } from './conditions';
import { scaledObjectHref } from './links';
import { TriggerChip } from './trigger-chips';

function hpaTone(h: HpaStateDto): 'ok' | 'warn' | 'crit' | 'neutral' {
  if (!h.exists) return 'neutral';
  if (h.conditions.some((c) => (c.type === 'AbleToScale' || c.type === 'ScalingActive') && c.status === 'False' && c.reason !== 'ScalingDisabled')) return 'crit';
  if (h.conditions.some((c) => c.type === 'ScalingLimited' && c.status === 'True')) return 'warn';
  return 'ok';
}

/** The HPA KEDA owns: name, replicas now → wanted, bounds, and what its conditions say. */
export function HpaCell({ h, paused }: { h: HpaStateDto; paused: boolean }) {
  if (!h.exists) {
    return <span className="text-xs text-faint">{paused ? 'none while paused' : <>missing <span className="font-mono">{h.name}</span></>}</span>;
  }
  if (!h.observed) {
    return (
      <div className="min-w-0 text-xs">
        <p className="truncate font-mono text-fg" title={h.name}>{h.name}</p>
        <p className="text-muted">no status yet <span className="tabular text-faint">({h.min ?? '?'}–{h.max ?? '?'})</span></p>
      </div>
    );
  }
  const bad = h.conditions.filter((c) => c.status === 'False' && c.type !== 'ScalingLimited');
  const tone = hpaTone(h);
  return (
    <div className="min-w-0 text-xs">
      <p className="truncate font-mono text-fg" title={h.name}>{h.name}</p>
      <p className="tabular text-muted">
        {h.current ?? '?'} → {h.desired ?? '?'} <span className="text-faint">({h.min ?? '?'}–{h.max ?? '?'})</span>
        {h.ownedBy ? null : <span className="ml-1 text-warn">not owned</span>}
      </p>
      {tone !== 'ok' && bad[0] ? <p className={tone === 'crit' ? 'text-crit' : 'text-warn'} title={bad[0].message}>{bad[0].type}=False {bad[0].reason ? `(${bad[0].reason})` : ''}</p> : null}
    </div>
  );
}

/** Which pause annotation holds the object, as written. */
function PauseNote({ pause }: { pause: { annotation: string; value: string } }) {
  const short = pause.annotation.replace(/^autoscaling\.keda\.sh\//, '');
  return (
    <span className="mt-1 flex flex-col items-start gap-0.5">
      <Badge tone="info">paused{pause.annotation.endsWith('paused-replicas') ? ` at ${pause.value}` : ''}</Badge>
      <span className="font-mono text-[11px] text-faint" title={`${pause.annotation}: ${pause.value}`}>{short}: {pause.value}</span>
    </span>
  );
}

/** Every ScaledObject: target, bounds, triggers, KEDA's conditions, its HPA and the findings about it. */
export function ScaledObjectsTable({ rows }: { rows: ScaledObjectRowDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">ScaledObjects with their triggers, conditions and HPAs</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="px-3 py-2 font-medium">ScaledObject</th>
            <th scope="col" className="px-3 py-2 font-medium">Target</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Min–max</th>
            <th scope="col" className="px-3 py-2 font-medium">Triggers</th>
            <th scope="col" className="px-3 py-2 font-medium">Conditions</th>
            <th scope="col" className="px-3 py-2 font-medium">HPA</th>
            <th scope="col" className="px-3 py-2 font-medium">Findings</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.namespace}/${r.name}`} className="border-b border-line align-top last:border-0 hover:bg-surface-2/60" data-scaledobject={`${r.namespace}/${r.name}`}>
              <td className="px-3 py-2.5">
                <Link href={scaledObjectHref(r)} className="font-medium text-accent hover:underline">{r.name}</Link>
                <p className="font-mono text-xs text-muted">{r.namespace}</p>
                {r.pause ? <PauseNote pause={r.pause} /> : null}
              </td>
              <td className="px-3 py-2.5 text-xs">
                {r.target.exists ? (
                  <Link href={workloadHref({ namespace: r.namespace, kind: r.target.kind, name: r.target.name })} aria-label={`${r.target.kind} ${r.target.name}`} className="font-mono text-accent hover:underline">{r.target.name}</Link>
                ) : <span className="font-mono text-crit" title="The scale target does not exist">{r.target.name} (missing)</span>}
                <p className="text-muted">{r.target.kind}{r.target.replicas ? <span className="tabular"> · {r.target.replicas.ready}/{r.target.replicas.desired} ready</span> : null}</p>
              </td>
              <td className="tabular whitespace-nowrap px-3 py-2.5 text-right">
                {r.min}–{r.max}
                {r.idle !== undefined ? <p className="text-xs text-muted">idle {r.idle}</p> : null}
              </td>
              <td className="px-3 py-2.5"><div className="flex max-w-[17rem] flex-col gap-1">{r.triggers.map((t) => <TriggerChip key={t.index} t={t} />)}</div></td>
              <td className="w-44 max-w-[11rem] px-3 py-2.5"><ConditionBadges conditions={r.conditions} hideQuiet /><ConditionNote conditions={r.conditions} /></td>
              <td className="max-w-[12rem] px-3 py-2.5"><HpaCell h={r.hpa} paused={!!r.pause} /></td>
              <td className="px-3 py-2.5">
                {r.findings.length ? (
                  <Link href={scaledObjectHref(r)} className="flex flex-col items-start gap-1" aria-label={`${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} about ${r.name}`}>
                    {r.findings.slice(0, 2).map((f) => (
                      <span key={f.rule} className="flex max-w-[12rem] flex-col items-start gap-0.5"><SeverityBadge severity={f.severity} /><span className="break-words font-mono text-[11px] leading-4 text-muted">{f.rule}</span></span>
                    ))}
                    {r.findings.length > 2 ? <span className="text-xs text-muted">+{r.findings.length - 2} more</span> : null}
                  </Link>
                ) : <span className="text-xs text-faint">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every ScaledJob: the job it runs, bounds, triggers and conditions. */
export function ScaledJobsTable({ rows }: { rows: ScaledJobRowDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">ScaledJobs with their triggers and conditions</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="px-4 py-2 font-medium">ScaledJob</th>
            <th scope="col" className="px-4 py-2 font-medium">Job image</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Min–max jobs</th>
            <th scope="col" className="px-4 py-2 font-medium">Triggers</th>
            <th scope="col" className="px-4 py-2 font-medium">Conditions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.namespace}/${r.name}`} className="border-b border-line align-top last:border-0" data-scaledjob={`${r.namespace}/${r.name}`}>
              <td className="px-4 py-2.5">
                <span className="font-medium text-fg">{r.name}</span>
                <p className="font-mono text-xs text-muted">{r.namespace}</p>
                {r.pause ? <PauseNote pause={r.pause} /> : null}
              </td>
              <td className="max-w-[16rem] truncate px-4 py-2.5 font-mono text-xs text-muted" title={r.image}>{r.image ?? '—'}</td>
              <td className="tabular px-4 py-2.5 text-right">{r.min}–{r.max}<p className="text-xs text-muted">every {r.pollingInterval} s</p></td>
              <td className="px-4 py-2.5"><div className="flex max-w-xs flex-col gap-1">{r.triggers.map((t) => <TriggerChip key={t.index} t={t} />)}</div></td>
              <td className="max-w-[15rem] px-4 py-2.5"><ConditionBadges conditions={r.conditions} hideQuiet /><ConditionNote conditions={r.conditions} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
