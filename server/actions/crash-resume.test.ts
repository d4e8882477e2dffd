/**
 * The dashboard process dies at every step boundary of both migrations, and a fresh one over the
 * same cluster carries on from the record alone (design §2, §5 step 8): nothing is lost.
 *
 * A "process" is a `MigrationService` with its own holder, plan store, action log and memory.
 * Dying mid-step = the service is stopped right after the step's writes, before it records what
 * followed: it writes nothing more, its lease stays on the record (as after SIGKILL). Dying between
 * steps = the service is dropped as it is (no shutdown) and never used again. Then the rollback
 * is killed after undoing each step and resumed by the next process each time, and must give
 * back the original HPAs field by field and the Canary's autoscalerRef.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationDto } from '@/lib/dto/migrations';
import { startHarness, type Harness } from './testing/harness';
import { MIGRATION_CASES, readOriginals, settleTo, storedRecord, takeOver, type MigrationCase } from './testing/journeys';

describe.each(MIGRATION_CASES.map((c) => [c.name, c] as const))('%s', (_name, c: MigrationCase) => {
  let h: Harness;
  let processes = 0;
  beforeAll(async () => {
    h = await startHarness(c.scenario);
    for (let t = 0; t < c.settleMs; t += 15_000) await h.sim.advance(15_000);
  }, 120_000);
  afterAll(async () => { await h?.stop(); });

  const ns = c.target.namespace;
  /** A new dashboard process over the same cluster. */
  const fresh = () => h.service({ holder: `process-${++processes}` });

  it('resumes after a kill at every step boundary, then a killed rollback resumes and restores the originals exactly', async () => {
    const original = await readOriginals(h, c);
    const first = await fresh();
    const plan = await first.plan(c.type, c.target, {});
    expect(plan.dto.blocked, JSON.stringify(plan.dto.preflight.filter((p) => !p.ok))).toBe(false);
    await first.startMigration(plan.id);
    const id = plan.id;
    const n = plan.dto.steps.length;
    const creates = plan.plan.steps.flatMap((s) => s.operations.filter((o) => o.kind === 'create')).length;

    for (let k = 0; k < n; k++) {
      // Process A runs step k and dies right after its writes.
      const a = await fresh();
      a.ctx.faults = { afterApply: (_id, step) => { if (step === k) a.stop(); } };
      const accepted = await a.advance(id, plan.dto.steps[k]!.confirm);
      expect(accepted.steps[k]!.state).toBe('running');
      await h.drive(a.idle());
      const left = await storedRecord(h, ns, id);
      expect(left.record.steps[k]!.state, `step ${k + 1} after the kill`).toBe('running');
      expect(left.lease?.holder).toBe(a.ctx.holder);

      // Process B starts, finds the step running with an expired lease, re-checks and finishes it.
      const b = await fresh();
      await takeOver(h, b, ns, id);
      const after = await storedRecord(h, ns, id);
      expect(after.record.steps[k]!.state, `step ${k + 1} after the resume: ${after.record.steps[k]!.message ?? ''}`).toBe('done');
      expect(after.record.step).toBe(k + 1);
      expect(after.lease).toBeUndefined();
      // B dies between steps (dropped without shutdown); the next iteration is another process again.
    }

    const done = await storedRecord(h, ns, id);
    expect(done.record.status).toBe('done');
    expect(done.record.steps.map((s) => s.state)).toEqual(plan.dto.steps.map(() => 'done'));
    const log = done.record.log.map((l) => l.message);
    // Every step was started by one process and resumed by another; nothing was applied twice.
    for (let k = 0; k < n; k++) {
      expect(log.filter((m) => m.startsWith(`Step ${k + 1} "`) && m.includes(' started by '))).toHaveLength(1);
    }
    expect(log.filter((m) => m.startsWith('Resumed by process-'))).toHaveLength(n);
    expect(log.filter((m) => /create ScaledObject \S+ applied/.test(m))).toHaveLength(creates);
    // The backups hold each moved HPA exactly as it was before the first write.
    for (const name of c.hpas) {
      const b = done.record.backups.find((x) => x.ref.kind === 'HorizontalPodAutoscaler' && x.ref.name === name);
      expect(b, `backup of HPA ${name}`).toBeDefined();
      expect(b!.manifest.spec).toEqual(original.hpas[name]!.spec);
    }

    // The rollback: a process dies right after undoing each step (last step first, as a rollback
    // runs), before recording it; the next process redoes that undo (idempotent) and dies after the
    // next one; the last one finishes.
    for (let j = n - 1; j >= 0; j--) {
      const r = await fresh();
      r.ctx.faults = { afterUndo: (_id, step) => { if (step === j) r.stop(); } };
      if (j === n - 1) {
        await r.rollback(id);
        await h.drive(r.idle());
      } else {
        await takeOver(h, r, ns, id);
      }
      const left = await storedRecord(h, ns, id);
      expect(left.record.rollback?.state, `rollback after the kill at step ${j + 1}:\n${left.record.log.map((l) => l.message).join('\n')}`).toBe('running');
      expect(left.record.steps.map((s) => s.state), left.record.log.map((l) => l.message).join("\n")).toEqual(plan.dto.steps.map((_, i) => (i > j ? "rolled-back" : i === j ? "running" : "done")));
      expect(left.record.steps[j]!.state).toBe('running');
    }
    const last = await fresh();
    await takeOver(h, last, ns, id);
    const back = (await last.get(id)) as MigrationDto;
    expect(back.status, back.log.map((l) => l.message).join('\n')).toBe('rolled-back');
    expect(back.steps.map((s) => s.state)).toEqual(plan.dto.steps.map(() => 'rolled-back'));
    // KEDA and Flagger settle (an HPA renamed back, a primary HPA re-made) before the comparison.
    await settleTo(h, c, original);
    expect(await readOriginals(h, c)).toEqual(original);
  }, 600_000);
});
