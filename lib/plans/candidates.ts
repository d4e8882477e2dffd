/**
 * The rows of `GET /api/v1/migrations` (design §1 "migration browser"): every workload with a
 * native HPA and no Canary (`hpa-to-scaledobject`), every Canary on an HPA
 * (`canary-hpa-to-scaledobject`), Canaries already on ScaledObjects (blocked or done), and every
 * recorded migration. A candidate never planned is `ready` when its preflight passes, `blocked` with
 * the first failing check's words otherwise; a recorded one shows the record's status. Linear in
 * the snapshot: the graph answers "who scales X", the index answers "is there a Y called Z".
 */
import type { ActionId } from '../actions';
import type { MigrationRowDto, MigrationStatus } from '../dto/migrations';
import { sources } from '../graph/scaling-graph';
import { Canary } from '../k8s/canary';
import { ObjectRef, type KubeObject } from '../k8s/object';
import { targetKey } from '../k8s/scale-target';
import { canaryPrimaryPaused } from '../rules/canary-primary-paused';
import { canaryPrimaryScalerBlocked } from '../rules/canary-primary-scaler-blocked';
import { NO_HISTORY, type Finding } from '../rules/types';
import type { Snapshot } from '../snapshot';
import { planCanaryHpaToScaledObject } from './canary-hpa-to-scaledobject';
import { planHpaToScaledObject } from './hpa-to-scaledobject';
import type { MigrationRecord } from './record';
import { canaryRef, workloadRef } from './refs';
import { graphOf, ownedByScaledObject } from './scaled-objects';
import { blocked, type Plan, type PlanFacts, type PlanTarget } from './types';

/** What the candidates need of a migration record (the ConfigMap labelled `scaleguard.dev/migration`). */
export interface MigrationSummary {
  id: string;
  type: ActionId;
  target: PlanTarget;
  status: MigrationStatus;
  /** The next step to run (0-based) and the number of steps. */
  step: number;
  of: number;
  /** The workload the migration changes, and the HPAs it moves, when known. */
  workload?: ObjectRef;
  hpas?: string[];
  /** What is happening, in words (e.g. the step being waited for). */
  detail?: string;
  updatedAt: string;
}

/** The summary of a full record, as the server decodes it from the ConfigMap. */
export function summarizeRecord(rec: MigrationRecord): MigrationSummary {
  const current = rec.plan.steps[rec.step];
  return {
    id: rec.id, type: rec.type, target: rec.target, status: rec.status, step: rec.step, of: rec.plan.steps.length,
    workload: rec.plan.touches.find((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet'),
    hpas: rec.plan.touches.filter((r) => r.kind === 'HorizontalPodAutoscaler').map((r) => r.name),
    detail: current ? `Step ${rec.step + 1} of ${rec.plan.steps.length}: ${current.title}.` : undefined,
    updatedAt: rec.updatedAt,
  };
}

const recordKey = (type: ActionId, ref: ObjectRef) => `${type}|${ObjectRef.key(ref)}`;

function fromPlan(plan: Plan, workload: ObjectRef, hpas: string[]): MigrationRowDto {
  const failing = plan.preflight.find((c) => c.blocking && !c.ok);
  const warnings = plan.preflight.filter((c) => !c.blocking && !c.ok).map((c) => c.check);
  const detail = failing
    ? `${failing.detail}${failing.remedy ? ` ${failing.remedy}` : ''}`
    : `Ready: ${plan.steps.length} steps, preflight passed${warnings.length ? ` with warnings (${warnings.join(', ')})` : ''}.`;
  return { type: plan.type, target: plan.target, workload, hpas, status: blocked(plan) ? 'blocked' : 'ready', detail };
}

function fromRecord(r: MigrationSummary, base?: Pick<MigrationRowDto, 'workload' | 'hpas'>): MigrationRowDto {
  const workload = r.workload ?? base?.workload ?? { apiVersion: 'apps/v1', kind: r.target.kind, namespace: r.target.namespace, name: r.target.name };
  const words: Record<MigrationStatus, string> = {
    'not-started': 'Not started.', ready: 'Planned, not started.', 'in-progress': 'In progress.', blocked: 'Blocked.',
    done: 'Done.', 'rolled-back': 'Rolled back.', failed: 'Failed.',
  };
  return {
    type: r.type, target: r.target, workload, hpas: r.hpas ?? base?.hpas ?? [], status: r.status,
    detail: r.detail ?? words[r.status], migrationId: r.id,
    ...(['in-progress', 'blocked', 'failed', 'ready'].includes(r.status) ? { progress: { step: r.step, of: r.of } } : {}),
  };
}

/** The newest record per (type, workload) and per (type, target). */
function indexRecords(records: readonly MigrationSummary[]): Map<string, MigrationSummary> {
  const out = new Map<string, MigrationSummary>();
  const put = (k: string, r: MigrationSummary) => {
    const prev = out.get(k);
    if (!prev || prev.updatedAt <= r.updatedAt) out.set(k, r);
  };
  for (const r of records) {
    put(recordKey(r.type, { apiVersion: r.target.kind === 'Canary' ? 'flagger.app/v1beta1' : 'apps/v1', kind: r.target.kind, namespace: r.target.namespace, name: r.target.name }), r);
    if (r.workload) put(recordKey(r.type, r.workload), r);
  }
  return out;
}

/** Candidates and migrations, sorted by namespace, name and type. */
export function migrationCandidates(s: Snapshot, records: readonly MigrationSummary[], facts: PlanFacts): MigrationRowDto[] {
  const g = graphOf(s);
  const byKey = indexRecords(records);
  const used = new Set<MigrationSummary>();
  const rows: MigrationRowDto[] = [];
  const emit = (type: ActionId, keys: ObjectRef[], row: () => MigrationRowDto) => {
    const rec = keys.map((k) => byKey.get(recordKey(type, k))).find((r) => r);
    if (!rec) return void rows.push(row());
    used.add(rec);
    // A rolled-back or failed migration is a candidate again: say so, with today's preflight.
    const base = row();
    const shown = fromRecord(rec, base);
    rows.push(rec.status === 'rolled-back' || rec.status === 'failed' ? { ...shown, detail: `${shown.detail} Now: ${base.status === 'ready' ? 'ready to plan again' : base.detail}` } : shown);
  };

  for (const w of g.workloads) {
    if (!w.object) continue;
    const hpas = sources(g, w.key, 'scales').map((n) => n.object).filter((o): o is KubeObject => o?.kind === 'HorizontalPodAutoscaler' && !ownedByScaledObject(o));
    if (hpas.length === 0) continue;
    // Canary targets and their primaries are the canary migration's.
    if (sources(g, w.key, 'targets').length > 0 || sources(g, w.key, 'shadows').length > 0) continue;
    const target: PlanTarget = { namespace: w.ref.namespace ?? '', kind: w.ref.kind, name: w.ref.name };
    const names = hpas.map((h) => h.metadata.name ?? '');
    emit('hpa-to-scaledobject', [w.ref], () => fromPlan(planHpaToScaledObject(s, target, facts, {}), w.ref, names));
  }

  const ctx = { now: facts.now, graph: g, history: NO_HISTORY };
  const problems = new Map<string, Finding>();
  for (const f of [...canaryPrimaryScalerBlocked.check(s, ctx), ...canaryPrimaryPaused.check(s, ctx)]) {
    const c = f.subjects.find((r) => r.kind === 'Canary');
    if (c && !problems.has(ObjectRef.key(c))) problems.set(ObjectRef.key(c), f);
  }
  for (const c of s.objects.canaries) {
    const t = Canary.target(c);
    const ref = Canary.autoscaler(c);
    if (!t || !ref) continue;
    const cRef = canaryRef(t.namespace, c.metadata.name ?? '');
    const target: PlanTarget = { namespace: t.namespace, kind: 'Canary', name: cRef.name };
    const workload = workloadRef(t);
    const hpaNames = [ref.name, Canary.primaryName(ref.name)];
    if (ref.kind === 'HorizontalPodAutoscaler') {
      emit('canary-hpa-to-scaledobject', [cRef, workload], () => fromPlan(planCanaryHpaToScaledObject(s, target, facts, {}), workload, hpaNames));
    } else if (ref.kind === 'ScaledObject') {
      const problem = problems.get(ObjectRef.key(cRef));
      const primary = sources(g, targetKey({ ...t, name: Canary.primaryName(t.name), key: undefined }), 'scales').find((n) => n.ref.kind === 'HorizontalPodAutoscaler');
      emit('canary-hpa-to-scaledobject', [cRef, workload], () => ({
        type: 'canary-hpa-to-scaledobject', target, workload, hpas: primary ? [primary.ref.name] : [],
        status: problem ? 'blocked' : 'done',
        detail: problem ? `${problem.message}. ${problem.remedy}` : `Canary ${cRef.name} scales through ScaledObjects ${ref.name} and ${Canary.primaryName(ref.name)}.`,
      }));
    }
  }

  for (const r of records) if (!used.has(r) && byKey.get(recordKey(r.type, r.workload ?? { apiVersion: '', kind: r.target.kind, namespace: r.target.namespace, name: r.target.name })) !== undefined) rows.push(fromRecord(r));
  for (const r of records) if (!used.has(r) && !rows.some((row) => row.migrationId === r.id)) rows.push(fromRecord(r));
  return rows.sort((a, b) => a.target.namespace.localeCompare(b.target.namespace) || a.workload.name.localeCompare(b.workload.name) || a.type.localeCompare(b.type));
}
