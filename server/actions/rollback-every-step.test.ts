/**
 * Rollback from every step of both migrations (design §5): after each number of completed steps,
 * and with each step applied by a process that then died, the rollback gives back the original
 * HPAs — spec, ownerReferences and labels compared field by field — the Canary's autoscalerRef,
 * and exactly the HPAs that scaled each workload before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness';
import { MIGRATION_CASES, readOriginals, runStep, settleTo, storedRecord, type MigrationCase, type Originals } from './testing/journeys';

describe.each(MIGRATION_CASES.map((c) => [c.name, c] as const))('%s', (_name, c: MigrationCase) => {
  let h: Harness;
  let original: Originals;
  let processes = 0;
  beforeAll(async () => {
    h = await startHarness(c.scenario);
    for (let t = 0; t < c.settleMs; t += 15_000) await h.sim.advance(15_000);
    original = await readOriginals(h, c);
  }, 120_000);
  afterAll(async () => { await h?.stop(); });

  const ns = c.target.namespace;
  const fresh = () => h.service({ holder: `process-${++processes}` });

  /** Plans and starts a migration; the steps' ids and confirmations. */
  async function start() {
    const svc = await fresh();
    const plan = await svc.plan(c.type, c.target, {});
    expect(plan.dto.blocked, JSON.stringify(plan.dto.preflight.filter((p) => !p.ok))).toBe(false);
    await svc.startMigration(plan.id);
    return { svc, id: plan.id, steps: plan.dto.steps };
  }

  async function rollBackAndCompare(id: string, dead?: string): Promise<void> {
    const svc = await fresh();
    // A step's process died holding the lease: the rollback is refused as busy (409) until it expires.
    for (let refused = 0; ; refused++) {
      const answer = await svc.rollback(id).then(() => undefined, (e: unknown) => e);
      if (answer === undefined) break;
      expect(answer, 'only a live lease may refuse the rollback').toMatchObject({ status: 409 });
      expect(dead, 'refused without a dead process').toBeDefined();
      expect(refused).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 200));
    }
    await h.drive(svc.idle());
    const m = (await svc.get(id))!;
    expect(m.status, m.log.map((l) => l.message).join('\n')).toBe('rolled-back');
    await settleTo(h, c, original);
    expect(await readOriginals(h, c)).toEqual(original);
  }

  it('rolls back after each number of completed steps', async () => {
    const n = (await (await fresh()).plan(c.type, c.target, {})).dto.steps.length;
    for (let done = 1; done <= n; done++) {
      const { svc, id, steps } = await start();
      for (let k = 0; k < done; k++) expect(await runStep(h, svc, id, k, steps[k]!.confirm), `step ${k + 1} of ${id}`).toBe('done');
      await rollBackAndCompare(id);
    }
  }, 900_000);

  it('rolls back each step applied by a process that died before recording it', async () => {
    const n = (await (await fresh()).plan(c.type, c.target, {})).dto.steps.length;
    for (let k = 0; k < n; k++) {
      const { svc, id, steps } = await start();
      for (let j = 0; j < k; j++) expect(await runStep(h, svc, id, j, steps[j]!.confirm)).toBe('done');
      const dying = await fresh();
      dying.ctx.faults = { afterApply: (_id, step) => { if (step === k) dying.stop(); } };
      await dying.advance(id, steps[k]!.confirm);
      await h.drive(dying.idle());
      expect((await storedRecord(h, ns, id)).record.steps[k]!.state).toBe('running');
      await rollBackAndCompare(id, dying.ctx.holder);
    }
  }, 900_000);
});
