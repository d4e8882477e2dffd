/**
 * A CronHPA job whose condition in `status.conditions[]` has state `Failed`. The controller writes
 * one condition per job (AliyunContainerService/kubernetes-cronhpa-controller
 * pkg/apis/autoscaling/v1beta1 `Condition`: name, jobId, schedule, targetSize, runOnce, state
 * Submitted | Succeed | Failed, lastProbeTime, message): `Failed` when the job could not be created
 * or added to the cron engine (pkg/controller/cronhorizontalpodautoscaler_controller.go `Reconcile`)
 * or when a run failed after its 10 seconds of retries (pkg/controller/cronjob.go `Run`,
 * cronmanager.go `JobResultHandler`: "cron hpa failed to execute, because of …"). A recurring job
 * tries again at its next time; a `runOnce` or `@date` job is done for good.
 *
 * A job whose schedule does not parse also ends `Failed`; `cronhpa-invalid-schedule` reports that
 * one with the parser's reason, so this rule leaves it out.
 */
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import { at, list, str } from '../k8s/fields';
import type { KubeObject } from '../k8s/object';
import { scheduleProblem } from './cronhpa-invalid-schedule';
import { cronTargets } from './cronhpa-scale-down-skipped';
import { code, listing, named, refOf } from './text';
import type { Finding, Rule } from './types';

export const cronhpaJobFailed: Rule = {
  id: 'cronhpa-job-failed',
  severity: 'warning',
  title: 'CronHPA job failed',
  check(snapshot, ctx) {
    const findings: Finding[] = [];
    for (const cron of snapshot.objects.cronhpas) {
      const jobs = CronHpa.jobs(cron);
      const failed = failedJobs(cron).filter((f) => {
        const job = jobs.find((j) => j.name === f.name);
        // A condition for a removed or since-edited job is stale: the controller replaces it on its next reconcile.
        if (!job || (f.schedule !== undefined && f.schedule !== job.schedule)) return false;
        return scheduleProblem(job.schedule)?.kind !== 'invalid';
      });
      if (!failed.length) continue;
      const { workload, hpa } = cronTargets(cron, ctx);
      findings.push(finding(cron, workload, hpa, failed, jobs));
    }
    return findings;
  },
};

interface FailedJob {
  name: string;
  schedule?: string;
  message?: string;
  lastProbeTime?: string;
}

function failedJobs(cron: KubeObject): FailedJob[] {
  return list(at(cron.status, 'conditions'))
    .filter((c) => str(at(c, 'state')) === 'Failed' && str(at(c, 'name')))
    .map((c) => ({ name: str(at(c, 'name')) ?? '', schedule: str(at(c, 'schedule')), message: str(at(c, 'message')), lastProbeTime: str(at(c, 'lastProbeTime')) }));
}

/** What the common upstream failure texts mean, and what to do about each. */
function diagnose(message: string): { meaning: string; fix: string } | undefined {
  if (/failed to f(?:ou|i)nd source target|not found/i.test(message)) {
    return { meaning: 'the target does not exist or has no /scale subresource', fix: `Point ${code('scaleTargetRef')} at a workload or HPA that exists in this namespace, or delete the CronHPA if its workload is gone.` };
  }
  if (/Failed to get HorizontalPodAutoscaler Ref/.test(message)) {
    return { meaning: 'the HPA named in scaleTargetRef could not be read', fix: `Check that the HPA named in ${code('scaleTargetRef')} exists in this namespace.` };
  }
  if (/forbidden/i.test(message)) {
    return { meaning: 'the controller\'s ServiceAccount may not read or scale the target (RBAC)', fix: 'Grant the CronHPA controller\'s ServiceAccount get/update on the target\'s kind and its /scale subresource (and on HPAs when it targets one).' };
  }
  if (/ is invalid/.test(message)) {
    return {
      meaning: 'the API server rejected the controller\'s update of the target as invalid (upstream cronhpa#113 shows an HPA whose own metrics failed validation)',
      fix: 'Make the target pass validation on its own: re-apply it with `kubectl apply --dry-run=server` to see the same error, fix that field, and the next run can write it.',
    };
  }
  if (/any properties in ref could not be empty/.test(message)) {
    return { meaning: `${code('scaleTargetRef')} lacks a part the controller needs`, fix: `Give ${code('scaleTargetRef')} an ${code('apiVersion')} with group and version (${code('apps/v1')}), a ${code('kind')} and a ${code('name')}.` };
  }
  if (/mapping/i.test(message)) {
    return { meaning: `the API server does not know the ${code('scaleTargetRef')} kind`, fix: `Correct ${code('scaleTargetRef.kind')} and ${code('apiVersion')}.` };
  }
  return undefined;
}

function describe(f: FailedJob, job: CronJobSpec | undefined): string {
  const m = f.message ? diagnose(f.message)?.meaning : undefined;
  const once = job && (job.runOnce || job.schedule.startsWith('@date ')) ? ' It runs once only, so it will not be tried again.' : ' It is tried again at its next scheduled time.';
  return `job ${code(f.name)}${job ? ` (${code(job.schedule)}, targetSize ${job.targetSize ?? '?'})` : ''} failed${f.lastProbeTime ? ` at ${f.lastProbeTime}` : ''}: ${f.message ? code(f.message) : 'no message'}${m ? `, meaning ${m}` : ''}.${once}`;
}

function finding(cron: KubeObject, workload: KubeObject | undefined, hpa: KubeObject | undefined, failed: FailedJob[], jobs: CronJobSpec[]): Finding {
  const t = CronHpa.scaleTarget(cron);
  const target = hpa ? named(refOf(hpa)) : workload ? named(refOf(workload)) : t ? `${t.kind} ${code(t.name)}, which scaleguard cannot find` : 'its target';
  const fixes = [...new Set(failed.map((f) => (f.message ? diagnose(f.message)?.fix : undefined) ?? 'Fix what the message names.'))];
  const runOnce = failed.some((f) => { const j = jobs.find((x) => x.name === f.name); return j && (j.runOnce || j.schedule.startsWith('@date ')); });
  return {
    rule: cronhpaJobFailed.id,
    severity: cronhpaJobFailed.severity,
    subjects: [...(workload ? [refOf(workload)] : []), refOf(cron), ...(hpa ? [refOf(hpa)] : [])],
    message: `CronHPA ${code(cron.metadata.name ?? '')}: ${listing(failed.map((f) => code(f.name)))} failed`,
    explanation:
      `${named(refOf(cron))} scales ${target}${hpa && workload ? `, which scales ${named(refOf(workload))}` : ''}. Its controller reports ${failed.length === 1 ? 'a job' : `${failed.length} jobs`} as ${code('Failed')} in ${code('status.conditions')}: ` +
      `${failed.map((f) => describe(f, jobs.find((j) => j.name === f.name))).join(' ')} ` +
      'A failed job changed nothing: the replicas (or the HPA\'s bounds) stay where they were until a job succeeds.',
    remedy:
      `${fixes.join(' ')} Then check that the job's condition turns ${code('Succeed')} at its next run (${code(`kubectl describe cronhpa ${cron.metadata.name ?? ''}`)} shows the controller's events).` +
      (runOnce ? ' A run-once job runs again only when its schedule, targetSize or runOnce changes: the controller then submits it anew.' : ''),
    since: failed.map((f) => f.lastProbeTime).filter((t): t is string => !!t).sort()[0],
  };
}
