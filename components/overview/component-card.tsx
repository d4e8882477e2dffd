import { CheckCircle2, CircleDashed, CircleAlert } from 'lucide-react';
import type { ComponentDto } from '@/lib/dto/overview';
import { kindPlural } from '@/lib/k8s/kind-labels';
import { Badge } from '../ui/badge';

const DESCRIPTIONS: Record<ComponentDto['id'], string> = {
  keda: 'Event-driven autoscaling: ScaledObjects and ScaledJobs, each through an HPA KEDA owns.',
  flagger: 'Progressive delivery: Canaries with a -primary copy and its own autoscaler.',
  vpa: 'Vertical scaling: container requests from observed usage, by eviction or in place.',
  cronhpa: 'Scheduled scaling (Alibaba CronHPA): replicas or HPA bounds set by 6-field cron jobs.',
};

/** One add-on: installed or not, its controller and its objects. "Not installed" is a normal state. */
export function ComponentCard({ c }: { c: ComponentDto }) {
  const titleId = `component-${c.id}`;
  return (
    <article aria-labelledby={titleId} className="flex flex-col rounded-lg border border-line bg-surface p-4 shadow-card" data-component={c.id}>
      <div className="flex items-start justify-between gap-2">
        <h3 id={titleId} className="text-sm font-semibold text-fg">{c.label}</h3>
        {c.installed === null ? <Badge>checking…</Badge> : c.installed ? <Badge tone="ok">installed</Badge> : <Badge>not installed</Badge>}
      </div>
      <p className="mt-1 text-xs leading-relaxed text-muted">{DESCRIPTIONS[c.id]}</p>
      <div className="mt-3 flex-1 border-t border-line pt-3 text-sm">
        {c.installed === false ? (
          <p className="text-muted">{c.label} not installed: its CRDs are not served by this cluster, so nothing here uses it.</p>
        ) : (
          <>
            <ControllerLine c={c} />
            <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
              {c.kinds.map((k) => (
                <div key={k.id} className="flex items-baseline gap-1.5">
                  <dt className="text-xs text-muted">{kindPlural(k.kind)}</dt>
                  <dd className="tabular text-sm font-medium">{k.count}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
    </article>
  );
}

function ControllerLine({ c }: { c: ComponentDto }) {
  const ctl = c.controller;
  if (!ctl) {
    return (
      <p className="flex items-start gap-1.5 text-warn">
        <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>CRDs are installed but no controller Deployment was found — objects will not be acted on.</span>
      </p>
    );
  }
  const ready = ctl.ready >= ctl.desired && ctl.desired > 0;
  const Icon = ready ? CheckCircle2 : CircleDashed;
  return (
    <p className={`flex items-start gap-1.5 ${ready ? 'text-fg' : 'text-warn'}`}>
      <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${ready ? 'text-ok' : 'text-warn'}`} />
      <span className="min-w-0">
        <span className="block break-all font-mono text-xs leading-5">{ctl.namespace}/{ctl.name}</span>
        <span className="tabular text-xs text-muted">
          {ctl.ready}/{ctl.desired} ready{ctl.version ? ` · ${/^\d/.test(ctl.version) ? `v${ctl.version}` : ctl.version}` : ''}
        </span>
      </span>
    </p>
  );
}
