import type { ReactNode } from 'react';
import type { HpaStateDto } from '@/lib/dto/keda';
import type { ScaledObjectDetailDto } from '@/lib/dto/keda-detail';
import { Badge } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { RelativeTime } from '../ui/relative-time';
import { ActionRunner } from './action-runner';

/** The HPA KEDA owns, as the HPA controller reports it. */
export function HpaCard({ h, paused }: { h: HpaStateDto; paused: boolean }) {
  return (
    <Card aria-labelledby="hpa-title">
      <CardHeader id="hpa-title" title={<>HPA <span className="font-mono">{h.name}</span></>} description="status.hpaName: the HPA KEDA created (or adopted) and keeps in line with the ScaledObject." />
      {!h.exists ? (
        <p className="px-4 py-3 text-sm text-muted">{paused ? 'KEDA deleted it while the ScaledObject is paused; it comes back on resume.' : 'It does not exist: KEDA has not created it, or something deleted it (Ready is likely False).'}</p>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-4">
            <div><dt className="text-xs text-muted">Owner</dt><dd>{h.ownedBy ? <span className="font-mono">ScaledObject {h.ownedBy}</span> : <Badge tone="warn">not owned by KEDA</Badge>}</dd></div>
            <div><dt className="text-xs text-muted">Bounds</dt><dd className="tabular">{h.min ?? '?'}–{h.max ?? '?'}</dd></div>
            <div><dt className="text-xs text-muted">Current → desired</dt><dd className="tabular">{h.current ?? '?'} → {h.desired ?? '?'}</dd></div>
            <div><dt className="text-xs text-muted">Metrics</dt><dd className="break-all font-mono text-xs">{h.metrics.join(', ') || 'none'}</dd></div>
          </dl>
          <ul className="divide-y divide-line border-t border-line text-sm">
            {h.conditions.map((c) => (
              <li key={c.type} className="grid grid-cols-[11rem_1fr] gap-3 px-4 py-2">
                <span><Badge tone={c.status === 'True' ? (c.type === 'ScalingLimited' ? 'warn' : 'ok') : c.reason === 'ScalingDisabled' ? 'neutral' : 'crit'}>{c.type} {c.status}</Badge></span>
                <span className="min-w-0 text-muted">{c.reason ? <span className="mr-1 font-mono text-xs text-fg">{c.reason}</span> : null}{c.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

/** Polling, cooldown, fallback and when things last happened. */
export function SpecFacts({ d }: { d: ScaledObjectDetailDto }) {
  const r = d.row;
  const facts: [string, ReactNode][] = [
    ['pollingInterval', `${r.pollingInterval} s`],
    ['cooldownPeriod', `${r.cooldownPeriod} s`],
    ...(d.spec.initialCooldownPeriod !== undefined ? [['initialCooldownPeriod', `${d.spec.initialCooldownPeriod} s`] as [string, ReactNode]] : []),
    ['minReplicaCount', `${r.min}${r.minSet ? '' : ' (default)'}`],
    ['maxReplicaCount', String(r.max)],
    ...(r.idle !== undefined ? [['idleReplicaCount', String(r.idle)] as [string, ReactNode]] : []),
    ...(d.spec.fallback ? [['fallback', `${d.spec.fallback.replicas ?? '?'} replicas after ${d.spec.fallback.failureThreshold ?? '?'} failures`] as [string, ReactNode]] : []),
    ['last active', d.spec.lastActiveTime ? <RelativeTime key="la" iso={d.spec.lastActiveTime} /> : 'never recorded'],
    ['generation', <span key="g">{r.generation ?? '?'}{d.spec.generationSeenAt ? <> · seen <RelativeTime iso={d.spec.generationSeenAt} /></> : null}</span>],
  ];
  return (
    <Card aria-labelledby="spec-title">
      <CardHeader id="spec-title" title="Spec" />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 px-4 py-3 text-sm">
        {facts.map(([k, v]) => (
          <div key={k} className="contents"><dt className="font-mono text-xs leading-5 text-muted">{k}</dt><dd className="tabular">{v}</dd></div>
        ))}
      </dl>
    </Card>
  );
}

/** Refresh this ScaledObject or restart the operator: the trade-off, and each as a guarded action. */
export function RebuildActions({ d }: { d: ScaledObjectDetailDto }) {
  const target = { namespace: d.row.namespace, kind: 'ScaledObject', name: d.row.name };
  const refresh = d.actions.find((a) => a.id === 'scaledobject-refresh');
  const restart = d.actions.find((a) => a.id === 'keda-operator-restart');
  const all = d.operator.scaledObjects + d.operator.scaledJobs;
  const stale = d.env?.state === 'stale';
  return (
    <div className="grid gap-4 px-4 py-4 lg:grid-cols-2">
      <ActionRunner context={d.context} request={{ type: 'scaledobject-refresh', target }} access={refresh} title="Refresh this ScaledObject" planLabel="Plan the refresh…" runLabel="Refresh now" tone={stale ? 'primary' : 'secondary'}>
        <p>
          {d.refresh.change ? <>A neutral spec change — <span className="font-mono text-fg">{d.refresh.change}</span>, which KEDA treats the same — bumps the generation, and KEDA rebuilds the scalers of <span className="font-medium text-fg">this ScaledObject only</span>.</> : d.refresh.unavailable}
        </p>
        <p className="mt-1 text-xs">Recommended. Verified by the new generation and the stale-environment finding clearing.</p>
      </ActionRunner>
      <ActionRunner context={d.context} request={{ type: 'keda-operator-restart', target }} access={restart} title="Restart the keda-operator" planLabel="Plan the restart…" runLabel="Restart now">
        <p>
          A rollout restart of <span className="font-mono text-fg">{d.operator.namespace ?? 'keda'}/{d.operator.name ?? 'keda-operator'}</span> rebuilds the scalers of <span className="font-medium text-fg">every ScaledObject and ScaledJob in the cluster ({all})</span>, and scaling pauses while the new operator starts.
        </p>
        <p className="mt-1 text-xs">Use it when no neutral change is possible, or when many ScaledObjects are stale at once.{d.operator.start ? <> The operator last started <RelativeTime iso={d.operator.start.at} />.</> : null}</p>
      </ActionRunner>
    </div>
  );
}
