/**
 * What `cronhpa-retarget` finds about a CronHPA (design §5): whether it can be pointed at the HPA
 * that scales its workload, what each job would then do to that HPA (design §6's rule, run on the
 * job's first run in the next seven days), and, when the HPA is KEDA's, the equivalent KEDA `cron`
 * triggers instead. Shared by the planner and the CronHPA page, so both say the same.
 */
import { sources } from '../graph/scaling-graph';
import { cronControllerZone, describeSchedule, kedaCronSpecYaml, kedaCronWindows, parseSchedule, projectOnHpa, type ControllerZone, type HpaProjectionRow, type KedaCronWindows, type ProjectedJob } from '../cron';
import { metricsDemand } from '../hpa/recommendation';
import { CronHpa, type CronJobSpec } from '../k8s/cron-hpa';
import { at, int, list, str } from '../k8s/fields';
import { Hpa } from '../k8s/hpa';
import type { KubeObject } from '../k8s/object';
import { ScaledObject } from '../k8s/scaled-object';
import { targetKey } from '../k8s/scale-target';
import type { Snapshot } from '../snapshot';
import { indexOf } from '../snapshot-index';
import { graphOf } from './scaled-objects';

/** The window the preview looks at: each job's first run in it. */
export const PREVIEW_DAYS = 7;

export type RetargetStatus = 'available' | 'refused' | 'not-needed' | 'unavailable';

/** What one job would do to the HPA, at its first run. */
export interface RetargetPreviewRow {
  job: string;
  schedule: string;
  targetSize?: number;
  /** The first run (ms), undefined when the job does not run in the window. */
  at?: number;
  /** The HPA's bounds and the replicas after that run, as design §6 computes them. */
  row?: HpaProjectionRow;
}

/** The KEDA route: cron triggers to add to the ScaledObject that owns the HPA. */
export interface KedaRoute {
  scaledObject: string;
  namespace: string;
  plan: KedaCronWindows;
  /** `spec:` YAML (minReplicaCount and the triggers) to merge into the ScaledObject. */
  yaml: string;
}

export interface RetargetAnalysis {
  status: RetargetStatus;
  /** Why, in words (backticks mark names). */
  reason: string;
  cron: KubeObject;
  zone: ControllerZone;
  /** The workload the CronHPA writes directly (a workload target that exists). */
  workload?: KubeObject;
  /** HPAs (native or KEDA's) that scale that workload. */
  hpas: KubeObject[];
  /** The HPA to point at, when there is exactly one and it is native. */
  hpa?: KubeObject;
  keda?: KedaRoute;
  preview: RetargetPreviewRow[];
}

const cronName = (c: KubeObject) => c.metadata.name ?? '';

/** The jobs that have a size and a schedule the controller parses, for the projection. */
export function projectedJobs(cron: KubeObject): ProjectedJob[] {
  const conditions = list(at(cron.status, 'conditions'));
  return CronHpa.jobs(cron).flatMap((j): ProjectedJob[] => {
    const parsed = parseSchedule(j.schedule);
    if (!parsed.ok || j.targetSize === undefined) return [];
    const c = conditions.find((x) => str(at(x, 'name')) === j.name);
    const state = str(at(c, 'state'));
    const probe = Date.parse(str(at(c, 'lastProbeTime')) ?? '');
    return [{ name: j.name, schedule: parsed.schedule, targetSize: j.targetSize, runOnce: j.runOnce, done: state === 'Succeed' || state === 'Failed', anchorMs: Number.isNaN(probe) ? undefined : probe }];
  });
}

/**
 * The replicas an HPA runs: its `status.currentReplicas`, or before its first sync the replicas of
 * the workload it scales (what that sync will report), else 0.
 */
export function hpaReplicasNow(s: Snapshot, hpa: KubeObject): number {
  const t = Hpa.scaleTarget(hpa);
  const workload = t ? graphOf(s).nodes.get(targetKey(t))?.object : undefined;
  return Hpa.currentReplicas(hpa) ?? int(at(workload?.spec, 'replicas')) ?? 0;
}

/** Each job's first run applied to the HPA as the runs before it leave it (design §6). */
export function previewOnHpa(s: Snapshot, cron: KubeObject, hpa: KubeObject, nowMs: number, timeZone: string): RetargetPreviewRow[] {
  const { rows } = projectOnHpa(projectedJobs(cron), {
    minReplicas: Hpa.minReplicas(hpa),
    maxReplicas: Hpa.maxReplicas(hpa) ?? Hpa.minReplicas(hpa),
    currentReplicas: hpaReplicasNow(s, hpa),
    demand: metricsDemand(hpa),
  }, { fromMs: nowMs, untilMs: nowMs + PREVIEW_DAYS * 86_400_000, timeZone, excludeDates: excludeDatesOf(cron) });
  return CronHpa.jobs(cron).map((j: CronJobSpec) => {
    const row = rows.find((r) => r.job === j.name);
    return { job: j.name, schedule: j.schedule, targetSize: j.targetSize, at: row?.at, row };
  });
}

export function excludeDatesOf(cron: KubeObject): string[] {
  return list(at(cron.spec, 'excludeDates')).map((d) => str(d)).filter((d): d is string => d !== undefined);
}

function kedaRoute(cron: KubeObject, soName: string, namespace: string, zone: ControllerZone): KedaRoute {
  const plan = kedaCronWindows(CronHpa.jobs(cron));
  return { scaledObject: soName, namespace, plan, yaml: kedaCronSpecYaml(plan, zone.timeZone) };
}

/** The ScaledObject that owns an HPA, by ownerReference (design §4), or one that scales the workload. */
function kedaOwner(hpas: KubeObject[], sos: KubeObject[]): string | undefined {
  return hpas.map((h) => Hpa.ownerScaledObject(h)).find((n): n is string => !!n) ?? sos[0]?.metadata.name;
}

/**
 * Analyses one CronHPA for `cronhpa-retarget`.
 *
 * @example analyseRetarget(snapshot, webBusinessHours, Date.parse(now)).status // 'available'
 */
export function analyseRetarget(s: Snapshot, cron: KubeObject, nowMs: number): RetargetAnalysis {
  const zone = cronControllerZone(s.objects.deployments);
  const base = { cron, zone, hpas: [] as KubeObject[], preview: [] as RetargetPreviewRow[] };
  const ns = cron.metadata.namespace ?? '';
  const t = CronHpa.scaleTarget(cron);
  const g = graphOf(s);
  if (!t) return { ...base, status: 'unavailable', reason: `CronHPA \`${cronName(cron)}\` has no complete \`scaleTargetRef\`.` };
  if (t.kind === 'HorizontalPodAutoscaler') {
    const hpa = indexOf(s).get('hpas', ns, t.name);
    // KEDA's HPA by ownerReference, or one a ScaledObject will make under that name.
    const owner = (hpa && Hpa.ownerScaledObject(hpa)) || s.objects.scaledobjects.find((so) => so.metadata.namespace === ns && ScaledObject.hpaName(so) === t.name)?.metadata.name;
    if (owner) {
      return { ...base, hpas: hpa ? [hpa] : [], status: 'refused', keda: kedaRoute(cron, owner, ns, zone),
        reason: `CronHPA \`${cronName(cron)}\` already points at HPA \`${t.name}\`, but ScaledObject \`${owner}\` owns that HPA and KEDA puts its bounds back after every job. Move the jobs into the ScaledObject as KEDA \`cron\` triggers instead.` };
    }
    return { ...base, hpas: hpa ? [hpa] : [], status: 'not-needed', preview: hpa ? previewOnHpa(s, cron, hpa, nowMs, zone.timeZone) : [],
      reason: `CronHPA \`${cronName(cron)}\` already points at HPA \`${t.name}\`${hpa ? '' : ', which does not exist'}: it moves the HPA's bounds instead of fighting it.` };
  }
  const workload = g.nodes.get(targetKey(t))?.object;
  if (!workload) return { ...base, status: 'unavailable', reason: `${t.kind} \`${t.name}\`, the CronHPA's target, does not exist: there is no HPA to point at.` };
  const scalers = sources(g, targetKey(t), 'scales').map((n) => n.object).filter((o): o is KubeObject => !!o);
  const hpas = scalers.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const sos = scalers.filter((o) => o.kind === 'ScaledObject');
  const owner = kedaOwner(hpas, sos);
  const w = { ...base, workload, hpas };
  if (owner) {
    return { ...w, status: 'refused', keda: kedaRoute(cron, owner, ns, zone),
      reason: `${workload.kind} \`${workload.metadata.name}\` is scaled by ScaledObject \`${owner}\`${hpas.length ? ` through HPA \`${hpas.map((h) => h.metadata.name).join('`, `')}\`` : ''}. Pointing the CronHPA at an HPA that KEDA owns does not work: KEDA derives that HPA from the ScaledObject and puts its bounds back after every job (finding \`cronhpa-on-keda-hpa\`). Move the jobs into the ScaledObject as KEDA \`cron\` triggers instead.` };
  }
  if (hpas.length === 0) return { ...w, status: 'unavailable', reason: `No HPA scales ${workload.kind} \`${workload.metadata.name}\`: the CronHPA is its only writer and nothing fights it.` };
  if (hpas.length > 1) {
    return { ...w, status: 'unavailable', reason: `${hpas.length} HPAs scale ${workload.kind} \`${workload.metadata.name}\` (\`${hpas.map((h) => h.metadata.name).join('`, `')}\`, finding \`hpa-overlap\`): resolve that first, then point the CronHPA at the one HPA left.` };
  }
  const hpa = hpas[0]!;
  return { ...w, hpa, status: 'available', preview: previewOnHpa(s, cron, hpa, nowMs, zone.timeZone),
    reason: `CronHPA \`${cronName(cron)}\` and HPA \`${hpa.metadata.name}\` both write the replicas of ${workload.kind} \`${workload.metadata.name}\`. Pointed at the HPA, the CronHPA moves the HPA's bounds on its schedule and the HPA alone writes the replicas.` };
}

/** A preview row in words: "`scale-up` (at 08:00, Monday to Friday, targetSize 6): HPA 1–10 → 6–10, replicas 3 → 6". */
export function previewWords(p: RetargetPreviewRow): string {
  const when = describeSchedule(p.schedule);
  const head = `\`${p.job}\` (${when ?? `\`${p.schedule}\``}${p.targetSize !== undefined ? `, targetSize ${p.targetSize}` : ''})`;
  const r = p.row;
  if (!r) return `${head}: no run in the next ${PREVIEW_DAYS} days${when ? '' : ' (its schedule does not parse)'}`;
  const bounds = r.min !== r.minBefore || r.max !== r.maxBefore ? `HPA ${r.minBefore}–${r.maxBefore} → ${r.min}–${r.max}` : `HPA stays ${r.min}–${r.max}`;
  const replicas = r.scaled ? `replicas ${r.before} → ${r.replicas}` : `replicas stay ${r.replicas} (C ≥ T: never scaled down)`;
  const settles = r.settled !== r.replicas ? `, then the HPA takes them to ${r.settled} on its metrics` : '';
  return `${head}: ${r.excluded ? `excluded by \`${r.excluded}\`` : `${bounds}, ${replicas}${settles}`}`;
}
