/**
 * ScaledJobs (controllers/keda/scaledjob_controller.go, pkg/scaling/executor/scale_jobs.go): every
 * `pollingInterval` the queue length of the triggers (the largest one, `multipleScalersCalculation`
 * default `max`) decides how many Jobs to start with the default scaling strategy (lib/keda/
 * scaling.ts `jobsToCreate`): Jobs named `<scaledjob>-<random>`, labelled
 * `scaledjob.keda.sh/name`, restartPolicy OnFailure when unset, owned by the ScaledJob.
 */
import { at, int, list, str } from '@/lib/k8s/fields';
import type { KubeObject } from '@/lib/k8s/object';
import { SCALED_JOB_NAME_LABEL } from '@/lib/keda/names';
import { isTriggerActive } from '@/lib/keda/scalers';
import { DEFAULT_POLLING_INTERVAL_S, jobsToCreate } from '@/lib/keda/scaling';
import { rfc3339 } from '../../clock';
import { clone } from '../../store/json';
import type { ControllerContext } from '../runtime/controller';
import type { Cancel } from '../runtime/scheduler';
import type { WorkQueue } from '../work-queue';
import type { TriggerValues } from './metrics-provider';
import type { ScalerCache } from './scaler-cache';
import { conditionsOf, getCondition, setCondition, updateStatus } from './status';

const finished = (job: KubeObject) => list(at(job.status, 'conditions')).some((c) => (str(at(c, 'type')) === 'Complete' || str(at(c, 'type')) === 'Failed') && str(at(c, 'status')) === 'True');

export class ScaledJobController {
  private readonly loops = new Map<string, { cancel: Cancel; generation: number }>();

  constructor(private readonly ctx: ControllerContext, private readonly queue: WorkQueue, private readonly cache: ScalerCache, private readonly values: TriggerValues, private readonly kedaVersion: string) {}

  /** A ScaledJob appeared, changed or went away. */
  changed(ns: string, name: string): void {
    const key = `${ns}/${name}`;
    const res = this.ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledJob');
    const sj = res ? this.ctx.store.get(res.storage, ns, name) : undefined;
    const cur = this.loops.get(key);
    if (!sj || sj.metadata.deletionTimestamp) {
      cur?.cancel();
      this.loops.delete(key);
      this.cache.drop('ScaledJob', ns, name);
      return;
    }
    if (cur && cur.generation === sj.metadata.generation) return;
    cur?.cancel();
    const run = () => this.queue.add(`sj/${key}`, () => this.poll(ns, name));
    run();
    this.loops.set(key, { generation: sj.metadata.generation ?? 0, cancel: this.ctx.scheduler.every((int(at(sj.spec, 'pollingInterval')) ?? DEFAULT_POLLING_INTERVAL_S) * 1000, run) });
  }

  stop(): void {
    for (const l of this.loops.values()) l.cancel();
    this.loops.clear();
  }

  private async poll(ns: string, name: string): Promise<void> {
    const res = this.ctx.api.resourceFor('keda.sh/v1alpha1', 'ScaledJob');
    const jobRes = this.ctx.api.resourceFor('batch/v1', 'Job');
    const sj = res ? this.ctx.store.get(res.storage, ns, name) : undefined;
    if (!res || !jobRes || !sj) return;
    const entry = this.cache.get(sj);
    let active = false;
    let error = entry.error !== undefined;
    let queueLength = 0;
    let target = 0;
    for (const s of entry.scalers) {
      const r = this.values.read('ScaledJob', ns, name, s);
      if ('error' in r) {
        error = true;
        continue;
      }
      if (isTriggerActive(r.value, s.spec.activation)) active = true;
      if (r.value >= queueLength) {
        queueLength = r.value;
        target = s.spec.target;
      }
    }
    const jobs = this.ctx.store.list(jobRes.storage, ns).filter((j) => j.metadata.labels?.[SCALED_JOB_NAME_LABEL] === name);
    const running = jobs.filter((j) => !finished(j)).length;
    const n = jobsToCreate({ queueLength, target, maxReplicaCount: int(at(sj.spec, 'maxReplicaCount')) ?? 100, minReplicaCount: int(at(sj.spec, 'minReplicaCount')) ?? 0, running, active });
    for (let i = 0; i < n; i++) await this.ctx.api.create(jobRes, ns, this.jobFor(sj), this.ctx.as());
    if (n > 0) await this.ctx.event(sj, 'Normal', 'KEDAJobsCreated', `Created ${n} jobs`);
    await updateStatus(this.ctx, res, ns, name, (st) => {
      st.conditions = conditionsOf(st);
      if (active) st.lastActiveTime = rfc3339(this.ctx.clock.now());
      if (error) {
        if (active) setCondition(st, 'Ready', 'Unknown', 'PartialTriggerError', 'Some triggers defined in ScaledJob are not working correctly');
        else setCondition(st, 'Ready', 'False', 'TriggerError', 'Triggers defined in ScaledJob are not working correctly');
      } else if (getCondition(st, 'Ready')?.status !== 'True') setCondition(st, 'Ready', 'True', 'ScaledJobReady', 'ScaledJob is defined correctly and is ready for scaling');
      const a = getCondition(st, 'Active');
      if (!a || a.status === 'Unknown' || (a.status === 'True') !== active) {
        if (active) setCondition(st, 'Active', 'True', 'ScalerActive', 'Scaling is performed because triggers are active');
        else setCondition(st, 'Active', 'False', 'ScalerNotActive', 'Scaling is not performed because triggers are not active');
      }
    });
  }

  /** `generateJobs`. */
  private jobFor(sj: KubeObject): KubeObject {
    const name = sj.metadata.name ?? '';
    const spec = clone((at(sj.spec, 'jobTargetRef') ?? {}) as Record<string, unknown>) as Record<string, unknown> & { template?: { metadata?: { labels?: Record<string, string> }; spec?: { restartPolicy?: string } } };
    spec.template = spec.template ?? {};
    spec.template.metadata = { ...(spec.template.metadata ?? {}), labels: { ...(spec.template.metadata?.labels ?? {}), [SCALED_JOB_NAME_LABEL]: name } };
    spec.template.spec = spec.template.spec ?? {};
    if (!spec.template.spec.restartPolicy) spec.template.spec.restartPolicy = 'OnFailure';
    const labels: Record<string, string> = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/version': this.kedaVersion, 'app.kubernetes.io/part-of': name, 'app.kubernetes.io/managed-by': 'keda-operator', [SCALED_JOB_NAME_LABEL]: name, ...(sj.metadata.labels ?? {}) };
    return {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        generateName: `${name}-`, namespace: sj.metadata.namespace, labels,
        annotations: { 'scaledjob.keda.sh/generation': String(sj.metadata.generation ?? 0), ...(sj.metadata.annotations ?? {}) },
        ownerReferences: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', name, uid: sj.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec,
    };
  }
}
