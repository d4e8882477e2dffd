/**
 * A CronHPA job whose schedule is not six-field cron (seconds first) or a descriptor the controller
 * knows. The API server does not check schedules (the CRD types them as plain strings); the
 * controller parses them only when it hands the job to its cron engine (ringtail/go-cron
 * `parser.go`, used by AliyunContainerService/kubernetes-cronhpa-controller
 * pkg/controller/cronmanager.go `createOrUpdate` → `AddJob`), marks the job `Failed` and never runs
 * it. The parser is `parseSchedule` in lib/cron, which returns go-cron's own error words.
 *
 * Five fields also parse upstream, but seconds first with the day of week left out, so the Linux
 * habit `0 8 * * 1-5` means "second 0 of minute 8 of every hour, January to May". The rule flags
 * those too, with what the controller will really do.
 */
import { parseSchedule } from '../cron';
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import type { KubeObject } from '../k8s/object';
import { cronTargets, jobCondition } from './cronhpa-scale-down-skipped';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const cronhpaInvalidSchedule: Rule = {
  id: 'cronhpa-invalid-schedule',
  severity: 'warning',
  title: 'CronHPA job schedule is not what the controller reads',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const cron of snapshot.objects.cronhpas) {
      const bad = CronHpa.jobs(cron).map((job) => ({ job, problem: scheduleProblem(job.schedule) })).filter((x): x is { job: CronJobSpec; problem: ScheduleProblem } => !!x.problem);
      if (!bad.length) continue;
      const { workload, hpa } = cronTargets(cron, ctx);
      findings.push(finding(cron, workload, hpa, bad));
    }
    return findings;
  },
};

export interface ScheduleProblem {
  /** `invalid`: the controller refuses it; `five-fields`: it runs, but seconds first. */
  kind: 'invalid' | 'five-fields';
  /** The parser's reason, or what the five fields mean to the controller. */
  reason: string;
}

/** Why a CronHPA schedule is a problem, or undefined when it is six-field cron or a descriptor. */
export function scheduleProblem(schedule: string): ScheduleProblem | undefined {
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) return { kind: 'invalid', reason: parsed.error };
  const fields = schedule.trim().split(/\s+/);
  if (!schedule.startsWith('@') && fields.length === 5) {
    const [s, m, h, dom, month] = fields;
    return { kind: 'five-fields', reason: `second ${s}, minute ${m}, hour ${h}, day of month ${dom}, month ${month}, any day of week` };
  }
  return undefined;
}

function hint(schedule: string, reason: string): string {
  if (/above maximum \(6\)/.test(reason)) return ' (day of week runs 0–6 here, Sunday is 0, not 7)';
  if (/Expected 5 to 6 fields/.test(reason)) return ' (six fields: second minute hour day-of-month month day-of-week)';
  if (schedule.startsWith('@date')) return ` (write ${code('@date YYYY-MM-DD hh:mm:ss')}, e.g. ${code('@date 2026-12-24 18:00:00')})`;
  if (schedule.startsWith('@every')) return ` (a Go duration, e.g. ${code('@every 1h30m')})`;
  return '';
}

/** A corrected schedule where the mistake is a known one, else how to write it. */
function suggestion(schedule: string, p: ScheduleProblem): string {
  const fields = schedule.trim().split(/\s+/);
  if (p.kind === 'five-fields') return `${code(`0 ${fields.join(' ')}`)} keeps minute ${fields[0]} and hour ${fields[1]} as a Linux cron meant them (seconds first, day of week last).`;
  if (fields.length === 6 && /above maximum \(6\)/.test(p.reason)) {
    const dow = fields[5]!.replace(/^(\d)-7$/, (_, a: string) => (a === '6' ? '6,0' : `${a}-6,0`)).replace(/(^|,)7(?=,|$)/g, '$10');
    if (dow !== fields[5] && parseSchedule([...fields.slice(0, 5), dow].join(' ')).ok) return `${code([...fields.slice(0, 5), dow].join(' '))} (Sunday is 0).`;
  }
  if (schedule.startsWith('@every')) return `write a Go duration, e.g. ${code('@every 1h')} or ${code('@every 90m')}.`;
  if (schedule.startsWith('@date')) return `write ${code('@date YYYY-MM-DD hh:mm:ss')}, e.g. ${code('@date 2026-12-24 18:00:00')}.`;
  return `write six fields, seconds first: ${code('0 0 8 * * 1-5')} is 08:00:00 Monday to Friday.`;
}

function describe(cron: KubeObject, job: CronJobSpec, p: ScheduleProblem): string {
  if (p.kind === 'five-fields') {
    return `job ${code(job.name)} has ${code(job.schedule)}, five fields: the controller reads them seconds first with no day of week, that is ${p.reason}, and runs the job then`;
  }
  const failed = jobCondition(cron, job.name);
  const status = failed?.state === 'Failed' && failed.message ? `; its status says ${code(failed.message)}` : '';
  return `job ${code(job.name)} has ${code(job.schedule || '(empty)')}, which the controller's cron parser rejects: ${code(p.reason)}${hint(job.schedule, p.reason)}${status}`;
}

function finding(cron: KubeObject, workload: KubeObject | undefined, hpa: KubeObject | undefined, bad: { job: CronJobSpec; problem: ScheduleProblem }[]): Finding {
  const invalid = bad.filter((b) => b.problem.kind === 'invalid');
  const five = bad.filter((b) => b.problem.kind === 'five-fields');
  const total = CronHpa.jobs(cron).length;
  const target = hpa ? `${named(refOf(hpa))}${workload ? ` (which scales ${named(refOf(workload))})` : ''}` : workload ? named(refOf(workload)) : 'its target';
  const consequences = [
    ...(invalid.length ? [`A job whose schedule does not parse is marked ${code('Failed')} in the CronHPA's status and never runs: the API server accepted the object because it does not check schedules, only the controller does.`] : []),
    ...(five.length ? ['A five-field schedule is not an error upstream, which is why nobody notices: the job runs, at times nobody meant.'] : []),
  ];
  return {
    rule: cronhpaInvalidSchedule.id,
    severity: cronhpaInvalidSchedule.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(cron), ...(hpa ? [refOf(hpa)] : [])],
    message: `CronHPA ${code(cron.metadata.name ?? '')}: ${listing(bad.map((b) => code(b.job.name)))} ${bad.length === 1 ? 'has a schedule' : 'have schedules'} the controller ${invalid.length ? 'cannot parse' : 'reads differently'}`,
    explanation:
      `${named(refOf(cron))} acts on ${target} with ${total} job${total === 1 ? '' : 's'}. Its controller reads schedules as six-field cron with seconds first (${code('second minute hour day-of-month month day-of-week')}) ` +
      `or as ${code('@every <duration>')}, ${code('@date YYYY-MM-DD hh:mm:ss')}, ${code('@yearly')}, ${code('@monthly')}, ${code('@weekly')}, ${code('@daily')}, ${code('@hourly')}. ` +
      `Here ${listing(bad.map((b) => describe(cron, b.job, b.problem)))}. ${consequences.join(' ')}` +
      (total > bad.length ? ' The other jobs still run, so the schedule runs half-done: a scale-up without its scale-down, or the reverse.' : ''),
    remedy:
      `${bad.map((b) => `Job ${code(b.job.name)}: ${suggestion(b.job.schedule, b.problem)}`).join(' ')} ` +
      'Times are in the time zone of the CronHPA controller (its `TZ`), not of the cluster nodes.',
  };
}
