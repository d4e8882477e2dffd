import type { ReactNode } from 'react';
import { CheckCircle2, CircleHelp, OctagonAlert, ShieldAlert, TriangleAlert } from 'lucide-react';
import type { KedaDeploymentDto, KedaInstallationDto, Tone } from '@/lib/dto/keda-install';
import { Badge, Dot } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { RelativeTime } from '../ui/relative-time';
import { RichText } from '../ui/rich-text';

const ICON: Record<Tone, typeof CheckCircle2> = { ok: CheckCircle2, warn: TriangleAlert, crit: OctagonAlert, neutral: CircleHelp };
const COLOR: Record<Tone, string> = { ok: 'text-ok', warn: 'text-warn', crit: 'text-crit', neutral: 'text-faint' };

function DeploymentTile({ label, role, d }: { label: string; role: string; d: KedaDeploymentDto | null }) {
  const ok = !!d && d.desired > 0 && d.ready >= d.desired;
  return (
    <div className="rounded-md border border-line px-3 py-2.5" data-keda-component={role}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-muted">{label}</span>
        <span className="flex items-center gap-1.5 text-xs">
          <Dot tone={d ? (ok ? 'ok' : 'crit') : 'neutral'} />
          <span className={`tabular ${d ? (ok ? 'text-ok' : 'text-crit') : 'text-faint'}`}>{d ? `${d.ready}/${d.desired} ready` : 'not found'}</span>
        </span>
      </div>
      {d ? (
        <>
          <p className="mt-1 truncate font-mono text-sm text-fg" title={`${d.namespace}/${d.name}`}>{d.namespace}/{d.name}</p>
          {d.image ? <p className="truncate font-mono text-xs text-faint" title={d.image}>{d.image}</p> : null}
        </>
      ) : <p className="mt-1 text-xs text-faint">No Deployment of that name or label.</p>}
    </div>
  );
}

function FactRow({ title, tone, state, children }: { title: string; tone: Tone; state: string; children: ReactNode }) {
  const Icon = ICON[tone];
  return (
    <div className="flex gap-3 px-4 py-3" data-keda-fact={title} data-tone={tone}>
      <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${COLOR[tone]}`} />
      <div className="min-w-0 text-sm">
        <p className="flex flex-wrap items-center gap-2 font-medium text-fg">{title}<Badge tone={tone === 'neutral' ? 'neutral' : tone}>{state}</Badge></p>
        <div className="mt-0.5 text-muted">{children}</div>
      </div>
    </div>
  );
}

/** KEDA as installed: its three Deployments, the admission webhook and the metrics API, the version and the operator's last start. */
export function InstallationPanel({ inst }: { inst: KedaInstallationDto }) {
  const webhookState = inst.webhook.state === 'registered' ? `registered · failurePolicy ${inst.webhook.failurePolicy ?? 'Fail'}` : inst.webhook.state === 'missing' ? 'not registered' : 'unknown';
  const metricsState = inst.externalMetrics.state === 'served' ? 'served' : inst.externalMetrics.state === 'not-served' ? 'not served' : 'unknown';
  return (
    <Card className="mb-6" aria-labelledby="keda-install-title">
      <CardHeader
        id="keda-install-title"
        title="KEDA installation"
        description={inst.installed === false ? 'KEDA’s CRDs are not installed in this cluster.' : 'What runs KEDA here, and whether its webhook and metrics API work.'}
        aside={inst.version ? <Badge tone="accent">KEDA {inst.version}</Badge> : <Badge>version unknown</Badge>}
      />
      <div className="grid gap-3 px-4 py-3 md:grid-cols-3">
        <DeploymentTile label="Operator" role="operator" d={inst.operator} />
        <DeploymentTile label="Metrics server" role="metrics-server" d={inst.metricsServer} />
        <DeploymentTile label="Admission webhooks" role="admission-webhooks" d={inst.admissionWebhooks} />
      </div>
      <div className="divide-y divide-line border-t border-line">
        <FactRow title="Admission webhook vscaledobject.kb.io" tone={inst.webhook.tone} state={webhookState}>
          <RichText text={inst.webhook.explanation} />
          {inst.webhook.tone !== 'ok' && inst.webhook.state === 'registered' ? (
            <p className="mt-1 flex items-center gap-1 text-xs text-warn"><ShieldAlert aria-hidden className="size-3.5" />Until it is back, scaleguard’s findings are the only check on new ScaledObjects.</p>
          ) : null}
        </FactRow>
        <FactRow title="external.metrics.k8s.io" tone={inst.externalMetrics.tone} state={metricsState}>
          <RichText text={inst.externalMetrics.explanation} />
        </FactRow>
        <FactRow title="Operator process" tone={inst.operatorStart ? 'ok' : 'neutral'} state={inst.operatorStart ? 'running' : 'unknown'}>
          {inst.operatorStart ? (
            <span>Pod <span className="font-mono text-fg">{inst.operatorStart.pod}</span> started <RelativeTime iso={inst.operatorStart.at} />: every scaler was built afresh then, reading each target’s environment as it was.</span>
          ) : <span>No running keda-operator pod is visible, so when the scalers were last rebuilt cannot be told.</span>}
        </FactRow>
      </div>
    </Card>
  );
}
