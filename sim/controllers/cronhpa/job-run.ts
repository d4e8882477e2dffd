/**
 * What one CronHPA job does when its time comes, after kubernetes-cronhpa-controller
 * `pkg/controller/cronjob.go` (`Run`, `ScaleHPA`, `ScalePlainRef`): skip on an `excludeDates`
 * day, otherwise scale a workload through `/scale`, or, for an HPA target, adjust the HPA's bounds
 * by the rule of lib/cron (design §6) and scale its target only upwards. Messages are upstream's.
 */
import { applyJobToHpa, excludedBy, hpaJobMessage, type ExcludeDatesMode } from '@/lib/cron';
import type { KubeObject } from '@/lib/k8s/object';
import { toApiError } from '../../api/errors';
import { getScale, writeScale } from '../../apiserver/scale';
import type { ControllerContext } from '../runtime/controller';
import { updateFresh } from '../workloads/objects';

export interface JobTarget {
  namespace: string;
  /** scaleTargetRef, split as upstream's `CronHPAJobFactory` does. */
  kind: string;
  name: string;
  group: string;
}

export type JobResult = { ok: true; message: string } | { ok: false; error: string };

/**
 * The Scale to write, without its resourceVersion: upstream sends the one it read and may hit a
 * conflict; the simulator's other controllers write often enough that this would only add noise.
 */
const unversioned = (scale: KubeObject, replicas: number): KubeObject => ({ ...scale, metadata: { ...scale.metadata, resourceVersion: undefined }, spec: { replicas } });

const errorText = (e: unknown): string => (e instanceof Error && !('status' in e) ? e.message : toApiError(e).message);

export class JobRunner {
  constructor(private readonly ctx: ControllerContext, private readonly timeZone: string, private readonly excludeMode: ExcludeDatesMode) {}

  /** The excludeDates check of `Run`: a skipped run succeeds with upstream's text. */
  excluded(excludeDates: string[] | undefined): JobResult | undefined {
    const hit = excludedBy(excludeDates, this.ctx.clock.now(), this.timeZone, this.excludeMode);
    return hit ? { ok: true, message: hit.message } : undefined;
  }

  /** One attempt (upstream retries failures every 3 s for 10 s). */
  async attempt(target: JobTarget, targetSize: number): Promise<JobResult> {
    try {
      return target.kind === 'HorizontalPodAutoscaler' ? await this.scaleHpa(target, targetSize) : await this.scalePlain(target, targetSize);
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  }

  private async scalePlain(t: JobTarget, size: number): Promise<JobResult> {
    const res = this.ctx.api.registry.byGroupKind(t.group, t.kind);
    if (!res) return { ok: false, error: `Failed to create create mapping,because of no matches for kind ${JSON.stringify(t.kind)} in group ${JSON.stringify(t.group)}` };
    let scale: KubeObject;
    try {
      if (!res.scale) throw new Error('the server could not find the requested resource');
      scale = getScale(this.ctx.api, res, t.namespace, t.name);
    } catch {
      return { ok: false, error: `failed to find source target ${t.kind} ${t.name} in ${t.namespace} namespace` };
    }
    const message = `current replicas:${(scale.spec as { replicas: number }).replicas}, desired replicas:${size}.`;
    try {
      await writeScale(this.ctx.api, res, t.namespace, t.name, { body: unversioned(scale, size) }, this.ctx.as());
    } catch (e) {
      return { ok: false, error: `failed to scale ${t.kind} ${t.name} in ${t.namespace} namespace to ${size}, because of ${errorText(e)}` };
    }
    return { ok: true, message };
  }

  private async scaleHpa(t: JobTarget, size: number): Promise<JobResult> {
    // Upstream reads and updates the HPA as autoscaling/v1; both views are one stored object, and
    // writing the stored (v2) form keeps what v1 cannot say intact.
    const hpaRes = this.ctx.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    let hpa: KubeObject;
    try {
      hpa = this.ctx.api.get(hpaRes, t.namespace, t.name);
    } catch (e) {
      return { ok: false, error: `Failed to get HorizontalPodAutoscaler Ref,because of ${errorText(e)}` };
    }
    const spec = hpa.spec as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number };
    const ref = spec.scaleTargetRef ?? {};
    const parts = (ref.apiVersion ?? '').split('/');
    if (parts.length > 2) return { ok: false, error: `Failed to get TargetGroup of HPA ${t.name},because of unexpected GroupVersion string: ${ref.apiVersion}` };
    const group = parts.length === 2 ? parts[0]! : '';
    const res = this.ctx.api.registry.byGroupKind(group, ref.kind ?? '');
    if (!res) return { ok: false, error: `Failed to create mapping,because of no matches for kind ${JSON.stringify(ref.kind ?? '')} in group ${JSON.stringify(group)}` };
    let scale: KubeObject;
    try {
      if (!res.scale) throw new Error('the server could not find the requested resource');
      scale = getScale(this.ctx.api, res, t.namespace, ref.name ?? '');
    } catch (e) {
      return { ok: false, error: `failed to found source target ${t.kind} ${t.name} in ${t.namespace} namespace, err is ${errorText(e)}` };
    }
    const current = (hpa.status as { currentReplicas?: number } | undefined)?.currentReplicas ?? 0;
    const out = applyJobToHpa(size, { minReplicas: spec.minReplicas ?? 1, maxReplicas: spec.maxReplicas ?? 1, currentReplicas: current });
    if (out.updateHpa) {
      try {
        await updateFresh(this.ctx.api, hpaRes, t.namespace, t.name, this.ctx.as, (o) => {
          const s = o.spec as { minReplicas?: number; maxReplicas?: number };
          s.minReplicas = out.minReplicas;
          s.maxReplicas = out.maxReplicas;
          return true;
        });
      } catch (e) {
        return { ok: false, error: errorText(e) };
      }
    }
    const specReplicas = (scale.spec as { replicas: number }).replicas;
    if (!out.scaleTarget) return { ok: true, message: hpaJobMessage.skipped(t.name, specReplicas, size) };
    try {
      await writeScale(this.ctx.api, res, t.namespace, ref.name ?? '', { body: unversioned(scale, size) }, this.ctx.as());
    } catch (e) {
      return { ok: false, error: `failed to scale ${t.kind} ${t.name} in ${t.namespace} namespace to ${size}, because of ${errorText(e)}` };
    }
    return { ok: true, message: hpaJobMessage.scaled(specReplicas, size) };
  }
}
