/**
 * CronHPA jobs as KEDA `cron` triggers (keda.sh/docs/scalers/cron: `timezone` from the IANA
 * database, `start` and `end` in five-field "Linux format" cron, minute first, and must differ,
 * `desiredReplicas` as a string). A trigger is a window, not a single write: it holds
 * `desiredReplicas` from `start` to `end`. CronHPA jobs are single writes, so a window is built
 * from a pair: a scale-up job (any size above the lowest) and the next job, in list order and
 * wrapping, that returns to the lowest size. Outside every window the ScaledObject's
 * `minReplicaCount` holds, which should then be that lowest size.
 */
import { stringify } from 'yaml';

/** What a job needs to be turned into a window. */
export interface KedaCronJob {
  name: string;
  schedule: string;
  targetSize?: number;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * A CronHPA schedule (seconds first; upstream's parser also takes five fields with the day of week
 * left out) as the five-field minute-first cron a KEDA `cron` trigger takes; undefined when there is
 * none (`@every`, `@date`, a seconds field that is not one number). The second is dropped: KEDA
 * windows start on the minute.
 * @example toLinuxCron('0 0 8 * * 1-5') // '0 8 * * 1-5'
 */
export function toLinuxCron(schedule: string): string | undefined {
  const s = schedule.trim();
  if (s.startsWith('@')) return DESCRIPTORS[s];
  const fields = s.split(/\s+/);
  if ((fields.length !== 6 && fields.length !== 5) || !/^\d+$/.test(fields[0] ?? '')) return undefined;
  return [...fields.slice(1), ...(fields.length === 5 ? ['*'] : [])].join(' ');
}

/** One KEDA `cron` trigger: the window from a scale-up job to the job that closes it. */
export interface KedaCronWindow {
  /** The scale-up job that opens the window (also the trigger's name). */
  job: string;
  /** The job back at the lowest size that closes it. */
  closedBy: string;
  start: string;
  end: string;
  desiredReplicas: number;
}

export interface KedaCronWindows {
  windows: KedaCronWindow[];
  /** The lowest targetSize when some job goes above it: what the jobs return to, the ScaledObject's `minReplicaCount`. */
  floor?: number;
  /** The one size every job sets, when they all set the same (no window to form). */
  only?: number;
  /** Scale-up jobs with no trigger equivalent (`@every`, `@date`, no closing job, start equal to end). */
  left: { name: string; schedule: string }[];
}

/**
 * Pairs scale-up jobs with the jobs that return to the lowest size. KEDA scales to the highest of
 * its triggers, so overlapping windows keep the larger size, as the jobs did.
 *
 * @example kedaCronWindows([{ name: 'up', schedule: '0 0 8 * * 1-5', targetSize: 8 }, { name: 'down', schedule: '0 0 20 * * 1-5', targetSize: 2 }])
 * // { windows: [{ job: 'up', closedBy: 'down', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: 8 }], floor: 2, left: [] }
 */
export function kedaCronWindows(jobs: readonly KedaCronJob[]): KedaCronWindows {
  const sized = jobs.filter((j): j is KedaCronJob & { targetSize: number } => j.targetSize !== undefined);
  if (!sized.length) return { windows: [], left: [] };
  const floor = Math.min(...sized.map((j) => j.targetSize));
  if (sized.every((j) => j.targetSize === floor)) return { windows: [], only: floor, left: [] };
  const windows: KedaCronWindow[] = [];
  const left: { name: string; schedule: string }[] = [];
  sized.forEach((up, i) => {
    if (up.targetSize === floor) return;
    const down = [...sized.slice(i + 1), ...sized.slice(0, i)].find((j) => j.targetSize === floor);
    const start = toLinuxCron(up.schedule);
    const end = down && toLinuxCron(down.schedule);
    if (!down || !start || !end || start === end) {
      left.push({ name: up.name, schedule: up.schedule });
      return;
    }
    windows.push({ job: up.name, closedBy: down.name, start, end, desiredReplicas: up.targetSize });
  });
  return { windows, floor, left };
}

/**
 * The ScaledObject patch that carries the windows: the triggers to add and `minReplicaCount` set to
 * the size the jobs return to, as one YAML document (`spec:` …) the user merges by hand, since the
 * existing triggers must stay.
 */
export function kedaCronSpecYaml(plan: KedaCronWindows, timeZone: string): string {
  const spec: Record<string, unknown> = {};
  if (plan.floor !== undefined) spec.minReplicaCount = plan.floor;
  spec.triggers = plan.windows.map((w) => ({
    type: 'cron',
    name: w.job,
    metadata: { timezone: timeZone, start: w.start, end: w.end, desiredReplicas: String(w.desiredReplicas) },
  }));
  return stringify({ spec }, { lineWidth: 0 });
}
