/**
 * Canary status writes, as pkg/canary/status.go does them: `syncCanaryStatus` (phase, weight,
 * checks, iterations, lastAppliedSpec = hash of the target's pod template, trackedConfigs,
 * lastPromotedSpec on Initialized), `setStatusPhase`, `setStatusWeight`, `setStatusIterations`,
 * `setStatusFailedChecks`; each re-reads the Canary and writes `/status`.
 */
import { makeStatusConditions, type CanaryPhase } from '@/lib/flagger';
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';
import { type Resources } from './kube';

type Status = Record<string, unknown>;

export class CanaryStatusWriter {
  constructor(private readonly ctx: ControllerContext, private readonly res: Resources) {}

  private now(): string {
    return rfc3339(this.ctx.clock.now());
  }

  private async write(cd: KubeObject, change: (status: Status, fresh: KubeObject) => void): Promise<KubeObject> {
    const fresh = this.ctx.api.get(this.res.canary, cd.metadata.namespace, cd.metadata.name!);
    const status: Status = { ...((fresh.status ?? {}) as Status) };
    change(status, fresh);
    return this.ctx.api.update(this.res.canary, cd.metadata.namespace, cd.metadata.name!, { ...fresh, status }, this.ctx.as(), 'status');
  }

  private kind(cd: KubeObject): string {
    return String(((cd.spec as Status | undefined)?.targetRef as Status | undefined)?.kind ?? 'Deployment');
  }

  /** controller.go `setPhaseInitializing`: only conditions, phase and transition time. */
  async setPhaseInitializing(cd: KubeObject): Promise<KubeObject> {
    return this.write(cd, (s, fresh) => {
      const conditions = makeStatusConditions((s.conditions as never) ?? [], 'Initializing', this.kind(fresh), this.now());
      if (!conditions) return;
      s.conditions = conditions;
      s.lastTransitionTime = this.now();
      s.phase = 'Initializing';
    });
  }

  /** `syncCanaryStatus`: uses the conditions of `cd` as read before, as upstream does. */
  async sync(cd: KubeObject, next: { phase: CanaryPhase; canaryWeight?: number; failedChecks?: number; iterations?: number }, specHash: string, trackedConfigs: Record<string, string>): Promise<KubeObject> {
    const before = (cd.status ?? {}) as Status;
    return this.write(cd, (s) => {
      s.phase = next.phase;
      s.canaryWeight = next.canaryWeight ?? 0;
      s.failedChecks = next.failedChecks ?? 0;
      s.iterations = next.iterations ?? 0;
      s.lastAppliedSpec = specHash;
      if (next.phase === 'Initialized') s.lastPromotedSpec = specHash;
      s.lastTransitionTime = this.now();
      s.trackedConfigs = trackedConfigs;
      const conditions = makeStatusConditions((before.conditions as never) ?? [], next.phase, this.kind(cd), this.now());
      if (conditions) s.conditions = conditions;
    });
  }

  async setPhase(cd: KubeObject, phase: CanaryPhase, analysisIterations: number): Promise<KubeObject> {
    return this.write(cd, (s, fresh) => {
      s.phase = phase;
      s.lastTransitionTime = this.now();
      if (phase !== 'Progressing' && phase !== 'Waiting') {
        s.canaryWeight = 0;
        s.iterations = phase === 'WaitingPromotion' ? analysisIterations - 1 : 0;
      }
      if (phase === 'Initialized' || phase === 'Succeeded') s.lastPromotedSpec = ((cd.status ?? {}) as Status).lastAppliedSpec;
      const conditions = makeStatusConditions((s.conditions as never) ?? [], phase, this.kind(fresh), this.now());
      if (conditions) s.conditions = conditions;
    });
  }

  async set(cd: KubeObject, field: 'canaryWeight' | 'iterations' | 'failedChecks', value: number): Promise<KubeObject> {
    return this.write(cd, (s) => {
      s[field] = value;
      s.lastTransitionTime = this.now();
    });
  }
}
