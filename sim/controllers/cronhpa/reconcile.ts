/**
 * The CronHPA reconcile, after kubernetes-cronhpa-controller
 * `pkg/controller/cronhorizontalpodautoscaler_controller.go`: a changed scaleTargetRef or
 * excludeDates resubmits every job; a job whose schedule, targetSize or runOnce changed, or that
 * left the spec, is removed; every spec job is (re)submitted with a `Submitted` condition unless it
 * is unchanged, or a run-once job (`runOnce: true` or an `@date` schedule) that already finished.
 * A job the factory or the cron engine refuses is `Failed` with upstream's message.
 */
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';
import { seededRandom, updateFresh } from '../workloads/objects';
import type { CronJob, CronManager, JobCondition } from './cron-manager';
import { CRONHPA_STORAGE } from './cron-manager';

type Ref = { apiVersion?: string; kind?: string; name?: string };
type Spec = { scaleTargetRef?: Ref; excludeDates?: string[]; jobs?: { name: string; schedule: string; targetSize: number; runOnce?: boolean }[] };
type Status = { scaleTargetRef?: Ref; excludeDates?: string[]; conditions?: JobCondition[] };

/** `checkGlobalParamsChanges`: another target, or another set of excludeDates. */
function globalChange(status: Status, spec: Spec): boolean {
  const a = status.scaleTargetRef ?? {};
  const b = spec.scaleTargetRef ?? {};
  if (a.kind !== b.kind || a.apiVersion !== b.apiVersion || a.name !== b.name) return true;
  const want = new Set(spec.excludeDates ?? []);
  for (const d of status.excludeDates ?? []) {
    if (!want.delete(d)) return true;
  }
  return want.size !== 0;
}

export class CronHpaReconciler {
  private readonly random = seededRandom(0xc70b);

  constructor(private readonly ctx: ControllerContext, private readonly manager: CronManager) {}

  /** A version 4 UUID from the seeded generator, so job ids repeat between runs of a scenario. */
  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const res = this.ctx.api.resourceFor('autoscaling.alibabacloud.com/v1beta1', 'CronHorizontalPodAutoscaler');
    const cronhpa = this.ctx.store.get(CRONHPA_STORAGE, namespace, name);
    if (!res || !cronhpa) {
      this.manager.deleteAllOf(namespace, name);
      return;
    }
    const spec = (cronhpa.spec ?? {}) as Spec;
    const status = (cronhpa.status ?? {}) as Status;
    const conditions = status.conditions ?? [];
    const left: JobCondition[] = [];
    let nextStatus: Status = { ...status };
    if (globalChange(status, spec)) {
      for (const c of conditions) this.manager.delete(c.jobId);
      nextStatus = { ...nextStatus, scaleTargetRef: spec.scaleTargetRef, excludeDates: spec.excludeDates };
    } else {
      for (const c of conditions) {
        const job = (spec.jobs ?? []).find((j) => j.name === c.name);
        const same = job && job.schedule === c.schedule && (job.runOnce ?? false) === c.runOnce && job.targetSize === c.targetSize;
        if (same) left.push(c);
        else if (c.jobId) this.manager.delete(c.jobId);
      }
    }
    let next = [...left];
    const leftByName = new Map(left.map((c) => [c.name, c]));
    const now = rfc3339(this.ctx.clock.now());
    for (const job of spec.jobs ?? []) {
      const condition: JobCondition = { name: job.name, jobId: '', schedule: job.schedule, runOnce: job.runOnce ?? false, targetSize: job.targetSize, state: 'Submitted', lastProbeTime: now, message: '' };
      const built = this.factory(cronhpa, job);
      if ('error' in built) {
        condition.state = 'Failed';
        condition.message = `Failed to create cron hpa job ${job.name} in ${name} namespace ${namespace},because of ${built.error}`;
      } else {
        const previous = leftByName.get(job.name);
        if (previous) {
          built.id = previous.jobId;
          if ((job.runOnce || job.schedule.includes('@date ')) && (previous.state === 'Succeed' || previous.state === 'Failed')) {
            this.manager.delete(previous.jobId);
            continue;
          }
        }
        condition.jobId = built.id;
        const r = this.manager.createOrUpdate(built);
        if (r === 'unchanged') continue;
        if (typeof r === 'object') {
          condition.state = 'Failed';
          condition.message = `Failed to update cron hpa job ${job.name},because of ${r.error}`;
        }
      }
      // updateConditions, keeping spec order (upstream rebuilds the list from a map: random order)
      next = next.some((c) => c.name === job.name) ? next.map((c) => (c.name === job.name ? condition : c)) : [...next, condition];
    }
    const order = new Map((spec.jobs ?? []).map((j, i) => [j.name, i]));
    next.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    nextStatus = { ...nextStatus, conditions: next };
    await updateFresh(this.ctx.api, res, namespace, name, this.ctx.as, (o) => {
      const s: Record<string, unknown> = { ...(o.status as object ?? {}), ...nextStatus };
      if (!(s.excludeDates as string[] | undefined)?.length) delete s.excludeDates;
      if (JSON.stringify(o.status ?? {}) === JSON.stringify(s)) return false;
      o.status = s;
      return true;
    });
  }

  /** `CronHPAJobFactory`: the target as group/version/kind/name; empty parts are refused. */
  private factory(cronhpa: KubeObject, job: { name: string; schedule: string; targetSize: number; runOnce?: boolean }): CronJob | { error: string } {
    const spec = (cronhpa.spec ?? {}) as Spec;
    const ref = spec.scaleTargetRef ?? {};
    const [group = '', version = ''] = (ref.apiVersion ?? '').split('/');
    if (!group || !version || !ref.name || !ref.kind || !cronhpa.metadata.namespace) return { error: 'any properties in ref could not be empty' };
    return {
      id: this.uuid(),
      cronhpa: { namespace: cronhpa.metadata.namespace, name: cronhpa.metadata.name! },
      name: job.name, schedule: job.schedule, targetSize: job.targetSize, runOnce: job.runOnce ?? false,
      target: { namespace: cronhpa.metadata.namespace, kind: ref.kind, name: ref.name, group },
      excludeDates: spec.excludeDates,
    };
  }
}
