/**
 * The projection the `/cronhpa` page shows (`buildCronHpas`, lib/cron) against the simulator's
 * CronHPA controller (after kubernetes-cronhpa-controller `cronjob.go`) on the `demo` scenario, with
 * every controller running (HPA controller, KEDA, …) over a simulated day in Asia/Shanghai.
 *
 * The page's projection is taken once, at the start; then the simulator runs for 24 hours while a
 * store listener records every run's result (the job's condition), every change of an HPA's bounds
 * and every change of a Deployment's replicas, with the simulated instant it happened at. Each
 * projected run must then be a run of the controller at that instant, and the other way round; and
 * the bounds and replicas the controller wrote at that instant must be the projected ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { runRules } from '@/lib/rules/engine';
import { ManualClock } from '@/sim/clock';
import { readScenario } from '@/sim/scenario/load';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { snapshotOf } from '@/test/sim-harness';
import { buildCronHpas, type CronHpaDto } from './cronhpa';

/** Monday 06:50 in Shanghai: the day ahead holds every kind of run of the demo (weekday and daily jobs). */
const START = '2026-11-22T22:50:00Z';
const H = 3_600_000;

interface Change { at: number; key: string; value: string; by?: string }
interface JobRun { at: number; cron: string; job: string; state: string; message: string }

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

type Hpa = { spec?: { minReplicas?: number; maxReplicas?: number } };
type Conditions = { status?: { conditions?: { name: string; state: string; message: string; lastProbeTime: string }[] } };
const bounds = (o: KubeObject | undefined) => `${(o as Hpa | undefined)?.spec?.minReplicas}/${(o as Hpa | undefined)?.spec?.maxReplicas}`;
const replicasOf = (o: KubeObject | undefined) => String((o?.spec as { replicas?: number } | undefined)?.replicas);
const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
/** The field manager that owns `spec.<field>` now: the last writer of that field. */
function writerOf(o: KubeObject, field: string): string | undefined {
  const entries = (o.metadata as { managedFields?: { manager: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }[] }).managedFields ?? [];
  return entries.find((m) => m.fieldsV1?.['f:spec']?.[`f:${field}`] !== undefined)?.manager;
}
/** The controllers' field managers (their event source components). */
const CRONHPA = 'CronHorizontalPodAutoscaler';
const HPA_CONTROLLER = 'horizontal-pod-autoscaler';

/** Records, per simulated instant, what changed: HPA bounds, Deployment replicas, job results. */
function record(s: Simulator) {
  const hpaBounds: Change[] = [];
  const replicas: Change[] = [];
  const runs: JobRun[] = [];
  s.store.subscribeAll((e) => {
    const at = s.api.clock.now();
    if (e.type !== 'MODIFIED' || !e.old) return;
    if (e.object.kind === 'HorizontalPodAutoscaler' && bounds(e.old) !== bounds(e.object)) hpaBounds.push({ at, key: keyOf(e.object), value: bounds(e.object), by: writerOf(e.object, bounds(e.old).split('/')[0] !== bounds(e.object).split('/')[0] ? 'minReplicas' : 'maxReplicas') });
    if (e.object.kind === 'Deployment' && replicasOf(e.old) !== replicasOf(e.object)) replicas.push({ at, key: keyOf(e.object), value: replicasOf(e.object), by: writerOf(e.object, 'replicas') });
    if (e.object.kind === 'CronHorizontalPodAutoscaler') {
      const before = new Map(((e.old as Conditions).status?.conditions ?? []).map((c) => [c.name, c]));
      for (const c of (e.object as Conditions).status?.conditions ?? []) {
        const was = before.get(c.name);
        // A result: Succeed/Failed with a new probe time (a resubmission says Submitted)
        if (c.state !== 'Submitted' && (was?.lastProbeTime !== c.lastProbeTime || was?.message !== c.message)) runs.push({ at: Date.parse(c.lastProbeTime), cron: keyOf(e.object), job: c.name, state: c.state, message: c.message });
      }
    }
  });
  return { hpaBounds, replicas, runs };
}

/** What `by` wrote at `at` (the last of its writes then). */
const wroteAt = (changes: Change[], key: string, at: number, by: string) => changes.filter((c) => c.key === key && c.at === at && c.by === by).at(-1)?.value;
/** The first write of `by` after the writes of `after` at `at` (in the same instant when a sync falls on it). */
function nextBy(changes: Change[], key: string, at: number, after: string, by: string): string | undefined {
  const from = changes.findLastIndex((c) => c.key === key && c.at === at && c.by === after);
  return changes.find((c, i) => i > from && c.key === key && c.at >= at && c.by === by)?.value;
}

describe('the simulator\'s CronHPA controller agrees with the projection', () => {
  it('on the `demo` scenario over a simulated day', async () => {
    sim = await startSimulator({ scenario: readScenario('demo'), port: 0, clock: new ManualClock(START), controllers: 'all' });
    await sim.advance(10 * 60_000); // the HPAs report their metrics; KEDA makes its HPAs
    const snap = snapshotOf(sim);
    const nowMs = sim.api.clock.now();
    const dto = buildCronHpas(snap, nowMs, runRules(snap, { now: snap.builtAt }).findings);
    expect(dto.timeZone.name).toBe('Asia/Shanghai');
    const seen = record(sim);
    for (let h = 0; h < 24; h++) await sim.advance(H);
    const untilMs = nowMs + 24 * H;

    const projected = dto.items.flatMap((c: CronHpaDto) => [...(c.projection ?? []), ...(c.writes ?? [])]
      .filter((r) => Date.parse(r.at) <= untilMs)
      .map((r) => `${c.namespace}/${c.name} ${r.job} ${r.at}`));
    const ran = seen.runs.filter((r) => r.at <= untilMs).map((r) => `${r.cron} ${r.job} ${new Date(r.at).toISOString()}`);
    // Every projected run happened at its instant, and nothing else ran (invalid schedules never run).
    expect(ran.sort()).toEqual(projected.sort());
    expect(projected.length).toBeGreaterThanOrEqual(8);

    const runOf = (cron: string, job: string, at: number) => seen.runs.find((r) => r.cron === cron && r.job === job && r.at === at)!;
    let hpaRows = 0;
    let workloadRows = 0;
    for (const c of dto.items) {
      const cron = `${c.namespace}/${c.name}`;
      for (const row of c.projection ?? []) {
        const at = Date.parse(row.at);
        if (at > untilMs) continue;
        hpaRows++;
        const hpa = `${c.namespace}/${c.hpa!.name}`;
        const workload = `${c.namespace}/${c.workload!.name}`;
        const run = runOf(cron, row.job, at);
        expect(run.state, `${cron} ${row.job} ${row.at}`).toBe('Succeed');
        // The bounds the controller wrote at that instant (KEDA may put its own back right after).
        expect(wroteAt(seen.hpaBounds, hpa, at, CRONHPA), `${cron} ${row.job} ${row.at} bounds`).toBe(row.hpaUpdated ? `${row.min}/${row.max}` : undefined);
        // What the run read (C) and whether it scaled: upstream's message says both.
        expect(run.message, `${cron} ${row.job} ${row.at} message`).toBe(row.scaled
          ? `cron hpa job ${row.job} executed successfully. current replicas:${row.before}, desired replicas:${row.targetSize}.`
          : `cron hpa job ${row.job} executed successfully. Skip scale replicas because HPA ${c.hpa!.name} current replicas:${row.before} >= desired replicas:${row.targetSize}.`);
        expect(wroteAt(seen.replicas, workload, at, CRONHPA), `${cron} ${row.job} ${row.at} replicas`).toBe(row.scaled ? String(row.replicas) : undefined);
      }
      for (const row of c.writes ?? []) {
        const at = Date.parse(row.at);
        if (at > untilMs) continue;
        workloadRows++;
        const workload = `${c.namespace}/${c.target.name}`;
        const run = runOf(cron, row.job, at);
        expect(run.state, `${cron} ${row.job} ${row.at}`).toBe(c.target.exists ? 'Succeed' : 'Failed');
        if (!c.target.exists) continue;
        expect(run.message).toMatch(new RegExp(`desired replicas:${row.targetSize}\\.$`));
        expect(wroteAt(seen.replicas, workload, at, CRONHPA) ?? run.message.match(/current replicas:(\d+)/)?.[1]).toBe(String(row.replicas));
        // The HPA that also scales it writes its own wish back at its next sync: the collision the page shows.
        if (row.hpaReplicas !== undefined && row.collides) expect(nextBy(seen.replicas, workload, at, CRONHPA, HPA_CONTROLLER), `${cron} ${row.job} ${row.at} write-back`).toBe(String(row.hpaReplicas));
      }
    }
    expect(hpaRows).toBeGreaterThanOrEqual(6);
    expect(workloadRows).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
