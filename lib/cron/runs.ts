/**
 * The upcoming runs of one CronHPA job: its schedule's next times in the controller's time zone,
 * cut short for jobs that run once (`runOnce: true`, or an `@date` schedule) and anchored for
 * `@every` (robfig's `ConstantDelaySchedule` counts from when the job was added, then from each run).
 */
import { nextRun } from './next-run';
import type { CronSchedule } from './schedule';

export interface JobTiming {
  schedule: CronSchedule;
  runOnce: boolean;
  /** A run-once job that already ran (its condition says Succeed or Failed): it never runs again. */
  done?: boolean;
  /**
   * `@every` only: when the job was submitted or last ran (its condition's `lastProbeTime`). Without
   * it the interval is counted from `afterMs`.
   */
  anchorMs?: number;
}

export interface RunWindow {
  /** At most this many runs. */
  count: number;
  /** No run after this instant (inclusive). */
  untilMs?: number;
}

/** Whether a job runs once only: `runOnce`, or an `@date` schedule (upstream treats both so). */
export function runsOnce(job: Pick<JobTiming, 'schedule' | 'runOnce'>): boolean {
  return job.runOnce || (job.schedule.kind === 'spec' && job.schedule.once);
}

/**
 * The job's runs strictly after `afterMs`, in order, at most `window.count` and none after
 * `window.untilMs`.
 *
 * @example upcomingRuns({ schedule: parseSchedule('0 0 8 * * 1-5').schedule, runOnce: false }, Date.parse('2026-11-22T00:00:00Z'), 'Asia/Shanghai', { count: 2 })
 * // [Date.parse('2026-11-23T00:00:00Z'), Date.parse('2026-11-24T00:00:00Z')]
 */
export function upcomingRuns(job: JobTiming, afterMs: number, timeZone: string, window: RunWindow): number[] {
  if (job.done && runsOnce(job)) return [];
  const limit = runsOnce(job) ? Math.min(1, window.count) : window.count;
  const out: number[] = [];
  let t = afterMs;
  if (job.schedule.kind === 'every' && job.anchorMs !== undefined && job.anchorMs <= afterMs) {
    const step = job.schedule.everyMs;
    const anchor = Math.floor(job.anchorMs / 1000) * 1000;
    // The last run at or before `afterMs`, from which the next one counts.
    t = anchor + Math.floor((afterMs - anchor) / step) * step;
  }
  while (out.length < limit) {
    const next = nextRun(job.schedule, t, timeZone);
    if (next === undefined || (window.untilMs !== undefined && next > window.untilMs)) break;
    if (next > afterMs) out.push(next);
    t = next;
  }
  return out;
}
