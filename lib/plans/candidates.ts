/**
 * The rows of `GET /api/v1/migrations` (design §1 "migration browser"): every workload scaled by a
 * native HPA and no Canary (`hpa-to-scaledobject`), every Canary on an HPA
 * (`canary-hpa-to-scaledobject`), every Canary already on ScaledObjects (done, or blocked by what
 * is left), and every recorded migration.
 *
 * A candidate never started is `ready` when its preflight passes, `not-started` when only the
 * wizard's input is missing (a KEDA trigger for a metric that has no automatic equivalent), and
 * `blocked` with the failing check's words and remedy otherwise. A candidate with a recorded
 * migration shows the newest record's row; a rolled-back or failed one also says where the
 * candidate stands now. Linear in the snapshot: the graph answers "who scales X", the memoised
 * index answers "is there a Y called Z", and each candidate is planned once.
 */
import type { ActionId } from '../actions';
import type { MigrationRowDto } from '../dto/migrations';
import { sources, type ScalingGraph } from '../graph/scaling-graph';
import { Canary } from '../k8s/canary';
import { ObjectRef, type KubeObject } from '../k8s/object';
import { renamed, type ScaleTarget } from '../k8s/scale-target';
import { canaryPrimaryPaused } from '../rules/canary-primary-paused';
import { canaryPrimaryScalerBlocked } from '../rules/canary-primary-scaler-blocked';
import { NO_HISTORY, type Finding } from '../rules/types';
import type { Snapshot } from '../snapshot';
import { planCanaryHpaToScaledObject } from './canary-hpa-to-scaledobject';
import { planHpaToScaledObject } from './hpa-to-scaledobject';
import { canaryRef, workloadRef } from './refs';
import { graphOf, ownedByScaledObject } from './scaled-objects';
import type { Plan, PlanFacts, PlanTarget } from './types';

/** A recorded migration as the server shows it (`migrationRow`), and when its record last changed. */
export interface RecordedRow {
  row: MigrationRowDto & { migrationId: string };
  updatedAt: string;
}

/** Ends a text with a full stop unless it ends with punctuation already. */
const sentence = (t: string) => (/[.!?:)]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`);

/** Checks the wizard itself resolves by asking the user (the options form). */
const INPUT_CHECKS = new Set(['metrics-convertible']);

/** A never-started candidate's row from its plan's preflight. */
export function candidateRow(plan: Plan, workload: ObjectRef, hpas: string[]): MigrationRowDto {
  const failing = plan.preflight.filter((c) => c.blocking && !c.ok);
  const base = { type: plan.type, target: plan.target, workload, hpas };
  if (failing.length === 0) {
    const warnings = plan.preflight.filter((c) => !c.ok).map((c) => c.check);
    return { ...base, status: 'ready', detail: `Preflight passed${warnings.length ? ` with ${warnings.length === 1 ? 'a warning' : 'warnings'} (${warnings.join(', ')})` : ''}: ${plan.steps.length} steps.` };
  }
  const first = failing[0]!;
  const words = `${sentence(first.detail)}${first.remedy ? ` What to do: ${first.remedy}` : ''}${failing.length > 1 ? ` (${failing.length - 1} more blocking check${failing.length > 2 ? 's' : ''}: ${failing.slice(1).map((c) => c.check).join(', ')}.)` : ''}`;
  if (failing.every((c) => INPUT_CHECKS.has(c.check))) return { ...base, status: 'not-started', detail: `Needs your input in the wizard: ${words}` };
  return { ...base, status: 'blocked', detail: words };
}

const rowKey = (type: ActionId, ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>) => `${type}|${ref.namespace ?? ''}|${ref.kind}|${ref.name}`;

/** The newest recorded row per (type, target) and per (type, workload). */
function indexRecorded(recorded: readonly RecordedRow[]): Map<string, RecordedRow> {
  const out = new Map<string, RecordedRow>();
  const put = (k: string, r: RecordedRow) => {
    const prev = out.get(k);
    if (!prev || prev.updatedAt < r.updatedAt || (prev.updatedAt === r.updatedAt && prev.row.migrationId < r.row.migrationId)) out.set(k, r);
  };
  for (const r of recorded) {
    put(rowKey(r.row.type, r.row.target), r);
    put(rowKey(r.row.type, r.row.workload), r);
  }
  return out;
}

/** Native HPAs scaling a workload node. */
function nativeHpas(g: ScalingGraph, key: string): KubeObject[] {
  return sources(g, key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler' && !ownedByScaledObject(o));
}

/** Names of the HPAs scaling a target (any owner). */
function hpaNames(g: ScalingGraph, t: ScaleTarget): string[] {
  return sources(g, t.key, 'scales').filter((n) => n.ref.kind === 'HorizontalPodAutoscaler').map((n) => n.ref.name);
}

/** The first canary-primary-* finding per Canary (what keeps a Canary on ScaledObjects from done). */
function canaryProblems(s: Snapshot, facts: PlanFacts, g: ScalingGraph): Map<string, Finding> {
  const ctx = { now: facts.now, graph: g, history: NO_HISTORY };
  const out = new Map<string, Finding>();
  for (const f of [...canaryPrimaryScalerBlocked.check(s, ctx), ...canaryPrimaryPaused.check(s, ctx)]) {
    const c = f.subjects.find((r) => r.kind === 'Canary');
    if (c && !out.has(ObjectRef.key(c))) out.set(ObjectRef.key(c), f);
  }
  return out;
}

/** Candidates and recorded migrations, sorted by namespace, workload name and type. */
export function migrationCandidates(s: Snapshot, recorded: readonly RecordedRow[], facts: PlanFacts): MigrationRowDto[] {
  const g = graphOf(s);
  const byKey = indexRecorded(recorded);
  const shown = new Set<string>();
  const rows: MigrationRowDto[] = [];
  const emit = (type: ActionId, refs: ObjectRef[], candidate: () => MigrationRowDto) => {
    const rec = refs.map((r) => byKey.get(rowKey(type, r))).find((r) => r !== undefined);
    if (!rec) return void rows.push(candidate());
    shown.add(rec.row.migrationId);
    if (rec.row.status !== 'rolled-back' && rec.row.status !== 'failed') return void rows.push(rec.row);
    // A rolled-back or failed migration leaves a candidate behind: say where it stands today.
    const now = candidate();
    rows.push({ ...rec.row, detail: `${rec.row.detail} Now: ${now.status === 'ready' ? 'ready to plan again.' : now.detail}` });
  };

  for (const w of g.workloads) {
    if (!w.object) continue;
    const hpas = nativeHpas(g, w.key);
    // Canary targets and their primaries belong to the canary migration.
    if (hpas.length === 0 || sources(g, w.key, 'targets').length > 0 || sources(g, w.key, 'shadows').length > 0) continue;
    const target: PlanTarget = { namespace: w.ref.namespace ?? '', kind: w.ref.kind, name: w.ref.name };
    emit('hpa-to-scaledobject', [w.ref], () => candidateRow(planHpaToScaledObject(s, target, facts, {}), w.ref, hpas.map((h) => h.metadata.name ?? '')));
  }

  const problems = canaryProblems(s, facts, g);
  for (const c of s.objects.canaries) {
    const t = Canary.target(c);
    const ref = Canary.autoscaler(c);
    if (!t || !ref) continue;
    const cRef = canaryRef(t.namespace, c.metadata.name ?? '');
    const target: PlanTarget = { namespace: t.namespace, kind: 'Canary', name: cRef.name };
    const workload = workloadRef(t);
    const primary = renamed(t, Canary.primaryName(t.name));
    if (ref.kind === 'HorizontalPodAutoscaler') {
      emit('canary-hpa-to-scaledobject', [cRef, workload], () => candidateRow(planCanaryHpaToScaledObject(s, target, facts, {}), workload, [ref.name, Canary.primaryName(ref.name)]));
    } else if (ref.kind === 'ScaledObject') {
      const problem = problems.get(ObjectRef.key(cRef));
      const hpas = [...hpaNames(g, t), ...hpaNames(g, primary)];
      emit('canary-hpa-to-scaledobject', [cRef, workload], () => ({
        type: 'canary-hpa-to-scaledobject', target, workload, hpas,
        status: problem ? 'blocked' : 'done',
        plannable: false,
        detail: problem
          ? `${sentence(problem.message)} What to do: ${problem.remedy}`
          : `Canary ${cRef.name} scales through ScaledObject ${ref.name}, and Flagger's ${Canary.primaryName(ref.name)} scales ${primary.name}.`,
      }));
    }
  }

  // Migrations whose target is no longer a candidate (in progress past its first write, done, or
  // older attempts on the same workload) are listed as they are recorded.
  for (const r of recorded) if (!shown.has(r.row.migrationId)) rows.push(r.row);
  return rows.sort((a, b) => a.target.namespace.localeCompare(b.target.namespace) || a.workload.name.localeCompare(b.workload.name) || a.type.localeCompare(b.type));
}
