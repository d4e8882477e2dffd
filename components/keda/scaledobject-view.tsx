'use client';

import Link from 'next/link';
import { Activity, ChevronLeft, PauseCircle, ShieldCheck, TriangleAlert } from 'lucide-react';
import type { ScaledObjectDetailDto } from '@/lib/dto/keda-detail';
import { workloadHref } from '@/lib/links';
import { FindingCard } from '../findings/finding-card';
import { Badge } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { RichText } from '../ui/rich-text';
import { ActivationCard } from './activation-card';
import { ConditionBadges, ConditionList } from './conditions';
import { EnvTable } from './env-table';
import { KedaTimeline } from './keda-timeline';
import { HpaCard, RebuildActions, SpecFacts } from './so-sections';
import { useScaledObject } from './use-keda';

const TONE_BOX = {
  ok: 'border-ok/30 bg-ok-soft',
  warn: 'border-warn/30 bg-warn-soft',
  info: 'border-info/30 bg-info-soft',
  neutral: 'border-line bg-surface',
} as const;

/** `/keda/{ns}/{name}`: why this ScaledObject is (not) scaling, whether its scalers are stale, and what to do. */
export function ScaledObjectView({ context, initial }: { context: string; initial: ScaledObjectDetailDto }) {
  const ref = { namespace: initial.row.namespace, name: initial.row.name };
  const { data, error } = useScaledObject(context, ref, initial);
  const d = data ?? initial;
  const r = d.row;
  const a = d.activity;
  const inactiveIsNormal = r.min > 0 && r.idle === undefined;
  const Icon = a.headline === 'Paused' ? PauseCircle : a.tone === 'warn' ? TriangleAlert : Activity;
  return (
    <>
      <Link href="/keda" className="mb-3 inline-flex items-center gap-1 text-xs text-muted hover:text-fg"><ChevronLeft aria-hidden className="size-3.5" />KEDA</Link>
      <PageHeader
        title={<span className="font-mono">{r.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>ScaledObject</span>
            <span>namespace <span className="font-mono text-fg">{r.namespace}</span></span>
            <span>scales {r.target.exists ? <Link className="font-mono text-accent hover:underline" href={workloadHref({ namespace: r.namespace, kind: r.target.kind, name: r.target.name })}>{r.target.kind} {r.target.name}</Link> : <span className="font-mono text-crit">{r.target.kind} {r.target.name} (missing)</span>}</span>
            {r.target.replicas ? <span className="tabular">replicas <span className="text-fg">{r.target.replicas.ready}/{r.target.replicas.desired}</span> ready</span> : null}
            <span className="tabular">bounds <span className="text-fg">{r.min}–{r.max}</span>{r.idle !== undefined ? <> · idle {r.idle}</> : null}</span>
            {r.pause ? <Badge tone="info">{r.pause.annotation}: {r.pause.value}</Badge> : null}
          </span>
        }
        aside={<ConditionBadges conditions={r.conditions} />}
      />
      {error ? <p role="alert" className="mb-4 text-sm text-warn">Could not refresh: {error.message}. Showing the last data received.</p> : null}

      <section aria-labelledby="activity-title" className={`mb-6 rounded-lg border px-4 py-3 ${TONE_BOX[a.tone]}`} data-activity={a.headline}>
        <h2 id="activity-title" className="flex items-center gap-2 text-sm font-semibold text-fg"><Icon aria-hidden className="size-4" />{a.headline}</h2>
        <p className="mt-1 text-sm text-fg"><RichText text={a.sentence} /></p>
        <p className="mt-1 text-xs text-muted">
          KEDA’s Active condition: <span className="font-mono">{a.condition.status}</span>{a.condition.reason ? <> (<span className="font-mono">{a.condition.reason}</span>)</> : null}.
          {d.externalMetrics !== 'served' ? ' Current values come from external.metrics.k8s.io, which is not available here.' : ''}
        </p>
        {a.mismatch ? <p className="mt-1 text-xs text-warn"><RichText text={a.mismatch} /></p> : null}
      </section>

      <Card className="mb-6" aria-labelledby="findings-title">
        <CardHeader id="findings-title" title="Findings" description="What scaleguard’s rules say about this ScaledObject." />
        {d.findings.length ? (
          <div className="divide-y divide-line">{d.findings.map((f) => <FindingCard key={`${f.rule}/${f.subjects.map((s) => s.name).join()}`} f={f} />)}</div>
        ) : <p className="flex items-center gap-2 px-4 py-4 text-sm text-muted"><ShieldCheck aria-hidden className="size-4 text-ok" />No findings about this ScaledObject.</p>}
      </Card>

      <section aria-labelledby="triggers-title" className="mb-6">
        <h2 id="triggers-title" className="mb-1 text-sm font-semibold">Activation vs scaling, per trigger</h2>
        <p className="mb-3 max-w-4xl text-xs text-muted">
          KEDA decides alone whether the workload runs at all: a trigger is active when its value is strictly above its activation threshold, and the workload runs while any trigger is active{inactiveIsNormal ? ` — with minReplicaCount ${r.min} it always runs, so activation decides nothing here (keda#6145)` : ''}. Above one replica the HPA scales on the scaling threshold. Values are what KEDA’s metrics server serves now.
        </p>
        <div className="grid gap-4 lg:grid-cols-2">{d.triggers.map((x) => <ActivationCard key={x.trigger.index} x={x} inactiveIsNormal={inactiveIsNormal} />)}</div>
      </section>

      <Card className="mb-6" aria-labelledby="env-title">
        <CardHeader
          id="env-title"
          title="Environment read by the scalers"
          description="Trigger parameters read from the target’s env (*FromEnv) are resolved when KEDA builds the scalers, and kept until the ScaledObject’s spec changes or the operator restarts (keda#5915)."
          aside={d.env ? <Badge tone={d.env.state === 'stale' ? 'warn' : d.env.state === 'in-sync' ? 'ok' : 'neutral'}>{d.env.state === 'stale' ? 'stale' : d.env.state === 'in-sync' ? 'in sync' : 'unknown'}</Badge> : null}
        />
        {d.env ? <EnvTable env={d.env} /> : <p className="px-4 py-3 text-sm text-muted">No trigger reads a parameter from the environment (<span className="font-mono">*FromEnv</span>): nothing can go stale this way.</p>}
        <div className="border-t border-line">
          <h3 className="px-4 pt-3 text-sm font-semibold">Make KEDA rebuild the scalers</h3>
          <RebuildActions d={d} />
        </div>
      </Card>

      <Card className="mb-6" aria-labelledby="timeline-title">
        <CardHeader id="timeline-title" title="Replica timeline" description="The workload’s replicas, the HPA’s bounds and KEDA’s activity, as scaleguard recorded them." />
        <KedaTimeline context={context} so={ref} />
      </Card>

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="conditions-title">
          <CardHeader id="conditions-title" title="Conditions" description="As KEDA wrote them in status.conditions." />
          <ConditionList conditions={r.conditions} />
        </Card>
        <SpecFacts d={d} />
      </div>
      <HpaCard h={r.hpa} paused={!!r.pause} />
    </>
  );
}
