/**
 * The controller's cron engine and job bookkeeping, after kubernetes-cronhpa-controller
 * `pkg/controller/cronmanager.go` and `cronexecutor.go` (ringtail/go-cron underneath): jobs by id,
 * each on a timer of simulated time at its next run in the controller's time zone; a run retries
 * every 3 s for 10 s, then its result goes into the job's `status.conditions[]` entry and an Event
 * (`Succeed` Normal / `Failed` Warning). Every 10 minutes a GC pass re-runs jobs whose schedule
 * never fires (upstream's `OutOfDate` event) and forgets jobs of deleted CronHPAs.
 */
import { nextRun, parseSchedule, type CronSchedule } from '@/lib/cron';
import type { KubeObject } from '@/lib/k8s/object';
import { rfc3339 } from '../../clock';
import type { ControllerContext } from '../runtime/controller';
import type { Cancel } from '../runtime/scheduler';
import type { WorkQueue } from '../work-queue';
import { updateFresh } from '../workloads/objects';
import type { JobResult, JobRunner, JobTarget } from './job-run';

export const CRONHPA_STORAGE = 'autoscaling.alibabacloud.com/cronhorizontalpodautoscalers';
const RETRY_INTERVAL_MS = 3000;
const RETRY_TIMEOUT_MS = 10_000;
export const GC_INTERVAL_MS = 10 * 60_000;
const MAX_WAIT_MS = 24 * 60 * 60_000;

export interface CronJob {
  id: string;
  cronhpa: { namespace: string; name: string };
  name: string;
  schedule: string;
  targetSize: number;
  runOnce: boolean;
  target: JobTarget;
  excludeDates?: string[];
}

interface Entry {
  job: CronJob;
  schedule: CronSchedule;
  next?: number;
  cancel?: Cancel;
}

/** A CronHPA job condition (`v1beta1.Condition`). */
export interface JobCondition {
  name: string;
  jobId: string;
  schedule: string;
  targetSize: number;
  runOnce: boolean;
  state: 'Submitted' | 'Succeed' | 'Failed';
  lastProbeTime: string;
  message: string;
}

const targetKey = (j: CronJob) => `${j.target.name}:${j.target.namespace}:${j.target.kind}:${j.target.group}`;

export class CronManager {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ctx: ControllerContext, private readonly queue: WorkQueue, private readonly runner: JobRunner, private readonly timeZone: string) {}

  /** `createOrUpdate`: 'unchanged' is upstream's NoNeedUpdate; a schedule that does not parse is an error. */
  createOrUpdate(job: CronJob): 'created' | 'updated' | 'unchanged' | { error: string } {
    const existing = this.entries.get(job.id);
    if (existing && existing.job.schedule === job.schedule && targetKey(existing.job) === targetKey(job)) return 'unchanged';
    const parsed = parseSchedule(job.schedule);
    if (!parsed.ok) {
      const why = `Failed to add job to cronExecutor,because of ${parsed.error}`;
      return { error: existing ? `failed to update job ${job.name} of cronHPA ${job.cronhpa.name} in ${job.cronhpa.namespace} to cronExecutor, because of ${why}` : why };
    }
    this.delete(job.id);
    const entry: Entry = { job, schedule: parsed.schedule };
    this.entries.set(job.id, entry);
    this.arm(entry, this.ctx.clock.now());
    return existing ? 'updated' : 'created';
  }

  delete(id: string): void {
    this.entries.get(id)?.cancel?.();
    this.entries.delete(id);
  }

  /** Forgets every job of one CronHPA (it was deleted). */
  deleteAllOf(namespace: string, name: string): void {
    for (const [id, e] of this.entries) if (e.job.cronhpa.namespace === namespace && e.job.cronhpa.name === name) this.delete(id);
  }

  private arm(entry: Entry, after: number): void {
    entry.next = nextRun(entry.schedule, after, this.timeZone);
    if (entry.next !== undefined) this.wait(entry, entry.next);
  }

  /**
   * Waits for `at` in steps of at most a day: a yearly or `@date` job can be months away, and a
   * real-time timer longer than 2^31 ms would fire at once.
   */
  private wait(entry: Entry, at: number): void {
    entry.cancel = this.ctx.scheduler.after(Math.min(at - this.ctx.clock.now(), MAX_WAIT_MS), () => {
      if (this.entries.get(entry.job.id) !== entry) return;
      if (this.ctx.clock.now() < at) return this.wait(entry, at);
      this.arm(entry, at);
      this.queue.add(`run/${entry.job.id}/${at}`, () => this.run(entry.job, this.ctx.clock.now(), 0));
    });
  }

  /** `Run` with its retry loop on simulated time, then `JobResultHandler`. */
  private async run(job: CronJob, start: number, times: number, last?: string): Promise<void> {
    const skip = this.runner.excluded(job.excludeDates);
    if (skip) return this.handleResult(job, skip);
    if (start + RETRY_TIMEOUT_MS < this.ctx.clock.now()) {
      return this.handleResult(job, { ok: false, error: `failed to scale ${job.target.kind} ${job.target.name} in ${job.target.namespace} namespace to ${job.targetSize} after retrying ${times} times and exit,because of ${last}` });
    }
    const result = await this.runner.attempt(job.target, job.targetSize);
    if (result.ok) return this.handleResult(job, result);
    this.ctx.scheduler.after(RETRY_INTERVAL_MS, () => this.queue.add(`run/${job.id}/retry`, () => this.run(job, start, times + 1, result.error)));
  }

  private async handleResult(job: CronJob, result: JobResult): Promise<void> {
    const res = this.ctx.api.resourceFor('autoscaling.alibabacloud.com/v1beta1', 'CronHorizontalPodAutoscaler');
    if (!res) return;
    const { namespace, name } = job.cronhpa;
    const condition: JobCondition = {
      name: job.name, jobId: job.id, runOnce: job.runOnce, schedule: job.schedule, targetSize: job.targetSize,
      lastProbeTime: rfc3339(this.ctx.clock.now()),
      state: result.ok ? 'Succeed' : 'Failed',
      message: result.ok ? `cron hpa job ${job.name} executed successfully. ${result.message}` : `cron hpa failed to execute, because of ${result.error}`,
    };
    let written: KubeObject | undefined;
    try {
      written = await updateFresh(this.ctx.api, res, namespace, name, this.ctx.as, (o) => {
        const status = (o.status ?? {}) as { conditions?: JobCondition[] };
        const list = status.conditions ?? [];
        const found = list.some((c) => c.jobId === job.id || c.name === job.name);
        status.conditions = found ? list.map((c) => (c.jobId === job.id || c.name === job.name ? condition : c)) : [...list, condition];
        o.status = status;
        return true;
      });
    } catch (e) {
      const cronhpa = this.ctx.store.get(CRONHPA_STORAGE, namespace, name);
      if (cronhpa) await this.ctx.event(cronhpa, 'Warning', 'Failed', `Failed to update cronhpa status: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (written) await this.ctx.event(written, result.ok ? 'Normal' : 'Warning', condition.state, condition.message);
  }

  /** The GC pass: jobs of missing CronHPAs go; jobs that never fire are re-run (`OutOfDate`). */
  async gc(): Promise<void> {
    for (const [id, e] of [...this.entries]) {
      const cronhpa = this.ctx.store.get(CRONHPA_STORAGE, e.job.cronhpa.namespace, e.job.cronhpa.name);
      if (!cronhpa) {
        this.delete(id);
        continue;
      }
      if (e.next !== undefined) continue;
      // go-cron's zero "next" time is always more than 5 minutes ago: upstream reruns the job, result unrecorded.
      await this.ctx.event(cronhpa, 'Warning', 'OutOfDate', `rerun out of date job: ${e.job.name}`);
      if (!this.runner.excluded(e.job.excludeDates)) await this.runner.attempt(e.job.target, e.job.targetSize);
    }
  }
}
