/**
 * `GET /api/v1/cronhpas` and the `/cronhpa` pages: every CronHorizontalPodAutoscaler with its
 * target, its jobs (schedule in words, the next five runs in the controller's time zone, the last
 * state and message from status), its excludeDates, what its runs will do over the next seven days
 * (on an HPA target: the HPA's bounds by design §6's rule; on a workload: the writes and where an
 * HPA writes back), the `cronhpa-retarget` action or the KEDA `cron` triggers to use instead, and
 * the findings that name it. Pure: the instant and the findings are passed in.
 */
import { cronControllerZone, describeSchedule, parseSchedule, projectOnHpa, projectOnWorkload, upcomingRuns, type HpaProjectionRow, type WorkloadProjectionRow } from '../cron';
import { metricsDemand, metricsRecommendation } from '../hpa/recommendation';
import { CronHpa } from '../k8s/cron-hpa';
import { at, int, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject, ObjectRef } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { analyseRetarget, excludeDatesOf, hpaReplicasNow, projectedJobs, type RetargetStatus } from '../plans/cronhpa-retarget-analysis';
import { graphOf } from '../plans/scaled-objects';
import type { Finding } from '../rules/types';
import { Snapshot } from '../snapshot';

/** How far the projection and the timeline look ahead. */
export const HORIZON_DAYS = 7;
/** Runs shown per job. */
export const NEXT_RUNS = 5;

export interface CronJobDto {
  name: string;
  schedule: string;
  /** The schedule in words, in the controller's time zone; absent when it does not parse. */
  words?: string;
  /** go-cron's reason when the controller cannot parse the schedule. */
  error?: string;
  targetSize?: number;
  runOnce: boolean;
  /** The next runs, ISO-8601 instants (UTC), at most five. */
  nextRuns: string[];
  /** The controller's last word on the job (`status.conditions[]`). */
  status?: { state?: string; message?: string; lastProbeTime?: string; jobId?: string };
}

export type HpaProjectionDto = Omit<HpaProjectionRow, 'at'> & { at: string };
export type WorkloadWriteDto = Omit<WorkloadProjectionRow, 'at'> & { at: string };

export interface CronTargetDto {
  apiVersion: string;
  kind: string;
  name: string;
  exists: boolean;
}

/** An HPA the page shows next to the CronHPA: the one it adjusts, or the one it fights. */
export interface CronHpaHpaDto {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas?: number;
  /** What its metrics ask for now (before bounds, with the HPA's tolerance). */
  wanted?: number;
  /** Its load in replicas at target (currentReplicas × usage ratio), which the projection holds constant. */
  demand?: number;
  /** The ScaledObject that owns it, when KEDA made it. */
  ownerScaledObject?: string;
}

export interface RetargetDto {
  status: RetargetStatus;
  /** Why, in words; backticks mark names. */
  reason: string;
  /** The HPA the action would point at. */
  hpa?: string;
  /** Each job's first run and what it would do to that HPA, once retargeted. */
  preview: { job: string; schedule: string; targetSize?: number; run?: HpaProjectionDto }[];
}

export interface KedaCronDto {
  scaledObject: string;
  namespace: string;
  /** `spec:` YAML with minReplicaCount and the cron triggers, to merge into the ScaledObject. */
  yaml: string;
  windows: { job: string; closedBy: string; start: string; end: string; desiredReplicas: number }[];
  /** Jobs no cron trigger expresses. */
  left: { name: string; schedule: string }[];
  floor?: number;
  only?: number;
}

export interface CronHpaDto<F = Finding> {
  namespace: string;
  name: string;
  target: CronTargetDto;
  /** `hpa`: it moves an HPA's bounds; `workload`: it writes replicas; `none`: its target is incomplete. */
  mode: 'hpa' | 'workload' | 'none';
  /** The workload whose replicas change, directly or through the HPA. */
  workload?: { kind: string; name: string; replicas?: number; exists: boolean };
  hpa?: CronHpaHpaDto;
  timeZone: string;
  excludeDates: string[];
  jobs: CronJobDto[];
  /** Runs over the next seven days on an HPA target: the HPA's bounds and replicas after each. */
  projection?: HpaProjectionDto[];
  /** Runs over the next seven days on a workload target, and what an HPA writes back. */
  writes?: WorkloadWriteDto[];
  /** More runs than the projection holds (it keeps the first 500). */
  truncated: boolean;
  retarget: RetargetDto;
  keda?: KedaCronDto;
  findings: F[];
}

export interface CronHpasDto<F = Finding> {
  items: CronHpaDto<F>[];
  /** The controller's zone and where it was read. */
  timeZone: { name: string; source: string };
  /** Whether the CronHPA CRD is served (`false`: the add-on is not installed). */
  installed: boolean | undefined;
  generatedAt: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function jobsOf(cron: KubeObject, nowMs: number, timeZone: string): CronJobDto[] {
  const timing = new Map(projectedJobs(cron).map((j) => [j.name, j]));
  const conditions = list(at(cron.status, 'conditions'));
  return CronHpa.jobs(cron).map((j) => {
    const parsed = parseSchedule(j.schedule);
    const c = conditions.find((x) => str(at(x, 'name')) === j.name);
    const status = c === undefined ? undefined : { state: str(at(c, 'state')), message: str(at(c, 'message')), lastProbeTime: str(at(c, 'lastProbeTime')), jobId: str(at(c, 'jobId')) };
    const t = timing.get(j.name) ?? (parsed.ok ? { schedule: parsed.schedule, runOnce: j.runOnce } : undefined);
    return {
      name: j.name,
      schedule: j.schedule,
      words: describeSchedule(j.schedule),
      error: parsed.ok ? undefined : parsed.error,
      targetSize: j.targetSize,
      runOnce: j.runOnce,
      nextRuns: t ? upcomingRuns(t, nowMs, timeZone, { count: NEXT_RUNS }).map(iso) : [],
      status,
    };
  });
}

function hpaDto(hpa: KubeObject): CronHpaHpaDto {
  return {
    name: hpa.metadata.name ?? '',
    minReplicas: Hpa.minReplicas(hpa),
    maxReplicas: Hpa.maxReplicas(hpa) ?? Hpa.minReplicas(hpa),
    currentReplicas: Hpa.currentReplicas(hpa),
    wanted: metricsRecommendation(hpa),
    demand: metricsDemand(hpa),
    ownerScaledObject: Hpa.ownerScaledObject(hpa),
  };
}

/** Whether a finding names this CronHPA among its subjects. */
export function concerns(f: Pick<Finding, 'subjects'>, cron: Pick<ObjectRef, 'namespace' | 'name'>): boolean {
  return f.subjects.some((s) => s.kind === 'CronHorizontalPodAutoscaler' && s.namespace === cron.namespace && s.name === cron.name);
}

/**
 * One CronHPA as the page shows it.
 *
 * @example buildCronHpa(snapshot, cron, Date.parse(now), findings).retarget.status // 'available' for marketing/web-business-hours
 */
export function buildCronHpa<F extends Pick<Finding, 'subjects'>>(s: Snapshot, cron: KubeObject, nowMs: number, findings: readonly F[]): CronHpaDto<F> {
  const a = analyseRetarget(s, cron, nowMs);
  const tz = a.zone.timeZone;
  const t = CronHpa.scaleTarget(cron);
  const namespace = cron.metadata.namespace ?? '';
  const name = cron.metadata.name ?? '';
  const window = { fromMs: nowMs, untilMs: nowMs + HORIZON_DAYS * 86_400_000, timeZone: tz, excludeDates: excludeDatesOf(cron) };
  const jobs = projectedJobs(cron);
  const onHpa = t?.kind === 'HorizontalPodAutoscaler';
  // The HPA it adjusts, or the first HPA (native or KEDA's) that also writes its workload.
  const hpaObj = a.hpas[0];
  const workloadObj = onHpa ? undefined : a.workload;
  let projection: HpaProjectionDto[] | undefined;
  let writes: WorkloadWriteDto[] | undefined;
  let truncated = false;
  if (onHpa && hpaObj) {
    const h = hpaDto(hpaObj);
    // KEDA reconciles the spec of the HPA it owns: the bounds come back after every run.
    const restoredTo = h.ownerScaledObject ? { minReplicas: h.minReplicas, maxReplicas: h.maxReplicas } : undefined;
    const p = projectOnHpa(jobs, { minReplicas: h.minReplicas, maxReplicas: h.maxReplicas, currentReplicas: hpaReplicasNow(s, hpaObj), demand: h.demand, restoredTo }, window);
    projection = p.rows.map((r) => ({ ...r, at: iso(r.at) }));
    truncated = p.truncated;
  } else if (!onHpa && t) {
    const h = hpaObj ? hpaDto(hpaObj) : undefined;
    const p = projectOnWorkload(jobs, h, window);
    writes = p.rows.map((r) => ({ ...r, at: iso(r.at) }));
    truncated = p.truncated;
  }
  const wl = onHpa ? hpaWorkload(s, hpaObj) : workloadObj ? { kind: workloadObj.kind, name: workloadObj.metadata.name ?? '', replicas: int(at(workloadObj.spec, 'replicas')), exists: true } : t ? { kind: t.kind, name: t.name, exists: false } : undefined;
  return {
    namespace,
    name,
    target: { apiVersion: t?.apiVersion ?? '', kind: t?.kind ?? '', name: t?.name ?? '', exists: onHpa ? !!hpaObj : !!workloadObj },
    mode: !t ? 'none' : onHpa ? 'hpa' : 'workload',
    workload: wl,
    hpa: hpaObj ? hpaDto(hpaObj) : undefined,
    timeZone: tz,
    excludeDates: excludeDatesOf(cron),
    jobs: jobsOf(cron, nowMs, tz),
    projection,
    writes,
    truncated,
    retarget: {
      status: a.status,
      reason: a.reason,
      hpa: a.hpa?.metadata.name,
      preview: a.preview.map((p) => ({ job: p.job, schedule: p.schedule, targetSize: p.targetSize, run: p.row ? { ...p.row, at: iso(p.row.at) } : undefined })),
    },
    keda: a.keda ? { scaledObject: a.keda.scaledObject, namespace: a.keda.namespace, yaml: a.keda.yaml, windows: a.keda.plan.windows, left: a.keda.plan.left, floor: a.keda.plan.floor, only: a.keda.plan.only } : undefined,
    findings: findings.filter((f) => concerns(f, { namespace, name })),
  };
}

/** The workload an HPA scales, as the page names it. */
function hpaWorkload(s: Snapshot, hpa: KubeObject | undefined): CronHpaDto['workload'] {
  const t = hpa ? Hpa.scaleTarget(hpa) : undefined;
  if (!t) return undefined;
  const w = graphOf(s).nodes.get(targetKey(t))?.object;
  return { kind: t.kind, name: t.name, replicas: w ? int(at(w.spec, 'replicas')) : undefined, exists: !!w };
}

/**
 * Every CronHPA of a snapshot, by namespace and name.
 *
 * @example buildCronHpas(snapshot, Date.parse(now), findings).items.map((c) => c.name)
 */
export function buildCronHpas<F extends Pick<Finding, 'subjects'>>(s: Snapshot, nowMs: number, findings: readonly F[]): CronHpasDto<F> {
  const items = [...s.objects.cronhpas]
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
    .map((c) => buildCronHpa(s, c, nowMs, findings));
  const zone = cronControllerZone(s.objects.deployments);
  return { items, timeZone: { name: zone.timeZone, source: zone.source }, installed: Snapshot.componentInstalled(s, 'cronhpa'), generatedAt: iso(nowMs) };
}
