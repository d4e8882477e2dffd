import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { decodeRecord } from '@/lib/plans/record';
import { ActionLog } from '../history/action-log';
import { PlanStore } from './plans';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 90_000);
afterAll(async () => { await h?.stop(); });

const target = (name: string) => ({ namespace: 'shop', kind: 'Deployment', name });
const soPath = (name: string) => `/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects/${name}`;
const hpaPath = (name: string) => `/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/${name}`;
const get = async (p: string) => (await (await h.admin('GET', p)).json()) as KubeObject;
const merge = (p: string, body: unknown) => h.admin('PATCH', p, body, 'application/merge-patch+json');

/** The record as stored in the cluster. */
async function record(id: string) {
  const cm = await get(`/api/v1/namespaces/shop/configmaps/scaleguard-migration-${id}`);
  const d = decodeRecord({ metadata: cm.metadata, data: cm.data });
  if (!d.ok) throw new Error(d.error);
  return d;
}

describe('conflicts between plan and apply', () => {
  it('re-plans from the fresh state when the HPA changed after planning, instead of writing the old values', async () => {
    const svc = await h.service();
    const plan = await svc.plan('hpa-to-scaledobject', target('replan'), {});
    expect(plan.plan.steps[0]!.operations[0]).toMatchObject({ kind: 'create', object: { spec: { maxReplicaCount: 10 } } });
    await svc.startMigration(plan.id);
    expect((await merge(hpaPath('replan'), { spec: { maxReplicas: 15 } })).ok).toBe(true);

    await svc.advance(plan.id, undefined);
    await h.drive(svc.idle());
    const m = (await svc.get(plan.id))!;
    expect(m.steps[0]!.state).toBe('done');
    expect(m.log.map((l) => l.message).join('\n')).toMatch(/conflict — HorizontalPodAutoscaler shop\/replan changed after the plan was made \(generation 1 → 2\)\. Re-read the objects and re-planned/);
    // The ScaledObject carries the bound the HPA has now, and the shown diff says so too.
    expect((await get(soPath('replan'))).spec).toMatchObject({ maxReplicaCount: 15 });
    expect(m.steps[0]!.diff[0]!.after).toContain('maxReplicaCount: 15');
  }, 90_000);

  it('never overwrites an object someone created in between: the conflict re-plans, and the new plan is refused', async () => {
    const svc = await h.service();
    const plan = await svc.plan('hpa-to-scaledobject', target('conflict'), {});
    await svc.startMigration(plan.id);
    // Someone else's ScaledObject takes the name the plan meant to use (for another workload).
    const foreign = {
      apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'conflict', namespace: 'shop', labels: { owner: 'someone-else' } },
      spec: { scaleTargetRef: { name: 'elsewhere' }, minReplicaCount: 1, maxReplicaCount: 3, triggers: [{ type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '2' } }] },
    };
    expect((await h.admin('POST', '/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects', foreign)).status).toBe(201);
    const before = await get(soPath('conflict'));

    await svc.advance(plan.id, undefined);
    await h.drive(svc.idle());
    const m = (await svc.get(plan.id))!;
    expect(m.status).toBe('failed');
    expect(m.steps[0]!.state).toBe('failed');
    expect(m.steps[0]!.message).toMatch(/ScaledObject shop\/conflict was created after the plan was made/);
    expect(m.steps[0]!.message).toMatch(/A ScaledObject shop\/conflict exists already/);
    expect(m.steps[0]!.message).toMatch(/Nothing was overwritten/);
    const after = await get(soPath('conflict'));
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.metadata.annotations?.['scaleguard.dev/migration']).toBeUndefined();
    // Nothing was backed up either: the step never came to write.
    expect((await record(plan.id)).record.backups).toEqual([]);
  }, 90_000);
});

describe('resumption and the lease', () => {
  it('a step whose process stopped right after applying is resumed by another process and runs to done', async () => {
    const plans = new PlanStore();
    const logA = new ActionLog(':memory:');
    const a = await h.service({ plans, log: logA, holder: 'replica-a' });
    const plan = await a.plan('hpa-to-scaledobject', target('crash'), {});
    await a.startMigration(plan.id);
    // "Crash" replica A exactly between the write and the record of what followed.
    a.ctx.faults = { afterApply: () => a.stop() };
    await a.advance(plan.id, undefined);
    await a.idle();
    const left = await record(plan.id);
    expect(left.record.steps[0]).toMatchObject({ state: 'running', applied: [{ op: 0 }] });
    expect(left.lease?.holder).toBe('replica-a');
    expect((await get(soPath('crash'))).metadata.annotations?.['scaleguard.dev/migration']).toBe(plan.id);

    const logB = new ActionLog(':memory:');
    const b = await h.service({ log: logB, holder: 'replica-b' });
    // B leaves it alone while A's lease is valid, then takes over.
    await b.resumeAll();
    expect((await record(plan.id)).lease?.holder).toBe('replica-a');
    while ((await record(plan.id)).lease?.holder !== 'replica-b') {
      await new Promise((r) => setTimeout(r, 200));
      await b.resumeAll();
    }
    await h.drive(b.idle());
    const resumed = (await b.get(plan.id))!;
    expect(resumed.steps[0]!.state).toBe('done');
    expect(resumed.log.some((l) => l.message.startsWith('Resumed by replica-b'))).toBe(true);
    // The create was not sent twice: one "applied" line, from A.
    expect(resumed.log.filter((l) => l.message.includes('create ScaledObject shop/crash applied'))).toHaveLength(1);
    expect(logB.forMigration(plan.id).map((r) => [r.step, r.outcome])).toEqual([[0, 'done']]);
    await b.advance(plan.id, undefined);
    await h.drive(b.idle());
    expect((await b.get(plan.id))!.status).toBe('done');
  }, 90_000);

  it('two processes asked to run the same step at once: one runs it, the other gets 409', async () => {
    const plans = new PlanStore();
    const logs = [new ActionLog(':memory:'), new ActionLog(':memory:')];
    const a = await h.service({ plans, log: logs[0], holder: 'replica-a' });
    const b = await h.service({ plans, log: logs[1], holder: 'replica-b' });
    const plan = await a.plan('hpa-to-scaledobject', target('lease'), {});
    await a.startMigration(plan.id);
    const answers = await Promise.allSettled([a.advance(plan.id, undefined), b.advance(plan.id, undefined)]);
    expect(answers.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const refused = answers.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409 });
    await h.drive(Promise.all([a.idle(), b.idle()]));
    // While the winner held the lease, the loser's resume sweep changed nothing.
    await b.resumeAll();
    await a.resumeAll();
    await h.drive(Promise.all([a.idle(), b.idle()]));
    const m = (await a.get(plan.id))!;
    expect(m.steps[0]!.state).toBe('done');
    expect(m.log.filter((l) => /^Step 1 ".*" (started|resumed)/.test(l.message))).toHaveLength(1);
    expect(logs.flatMap((l) => l.forMigration(plan.id)).filter((r) => r.step === 0).map((r) => r.outcome).sort()).toEqual(['done', 'started']);
    const events = (await (await h.admin('GET', `/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind%3DScaledObject,involvedObject.name%3Dlease`)).json()) as { items: { reason: string }[] };
    expect(events.items.filter((e) => e.reason === 'ScaleguardHpaToScaledobject')).toHaveLength(1);
  }, 90_000);
});

describe('a 409 from the server on a patch (hand-written plan)', () => {
  /** A plan of one step that merge-patches a Deployment's spec with the resourceVersion it read. */
  async function patchPlan(plans: PlanStore, id: string, name: string, basis: boolean) {
    const cache = await h.cache();
    const deploy = cache.snapshot().objects.deployments.find((d) => d.metadata.namespace === 'shop' && d.metadata.name === name)!;
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name };
    const patch = { spec: { revisionHistoryLimit: 4 }, metadata: { resourceVersion: deploy.metadata.resourceVersion! } };
    const after = { ...deploy, spec: { ...(deploy.spec as object), revisionHistoryLimit: 4 } };
    const plan = {
      type: 'keda-operator-restart' as const, target: { namespace: 'shop', kind: 'Deployment', name }, summary: 'Keep 4 revisions', preflight: [], touches: [ref],
      steps: [{
        index: 0, id: 'history', title: 'Keep 4 revisions', description: '', inverse: [{ kind: 'restore-backup' as const, target: ref }],
        operations: [{ kind: 'patch' as const, target: ref, patchType: 'merge' as const, patch, precondition: { uid: deploy.metadata.uid, resourceVersion: deploy.metadata.resourceVersion }, after }],
        postConditions: [{ kind: 'field' as const, target: ref, path: ['spec', 'revisionHistoryLimit'], equals: 4, description: 'keeps 4 revisions' }], timeoutSeconds: 30,
      }],
    };
    plans.put({
      id, context: 'scaleguard-sim', plan, options: {}, basis: basis ? [{ ref, uid: deploy.metadata.uid, generation: deploy.metadata.generation }] : [], expiresAt: Date.now() + 60_000,
      dto: { id, type: plan.type, target: plan.target, summary: plan.summary, preflight: [], access: { allowed: true }, blocked: false, createdAt: '', expiresAt: '',
        steps: [{ index: 0, id: 'history', title: plan.steps[0]!.title, description: '', operations: [], diff: [], dryRun: { ok: true, messages: [] }, postConditions: [], timeoutSeconds: 30 }] },
    });
  }

  it('re-sends the patch with the new resourceVersion when only metadata moved on (spec generation unchanged)', async () => {
    const plans = new PlanStore();
    const svc = await h.service({ plans });
    await patchPlan(plans, 'metaonly01', 'routes', true);
    await svc.startMigration('metaonly01');
    expect((await merge('/apis/apps/v1/namespaces/shop/deployments/routes', { metadata: { labels: { audited: 'yes' } } })).ok).toBe(true);
    await svc.advance('metaonly01', undefined);
    await h.drive(svc.idle());
    const m = (await svc.get('metaonly01'))!;
    expect(m.steps[0]!.state).toBe('done');
    expect(m.log.map((l) => l.message).join('\n')).toMatch(/Operation cannot be fulfilled on deployments.apps "routes": the object has been modified.*changed only in its status or metadata since the plan \(uid and generation \d+ unchanged\), so the same patch is sent again/s);
    const d = await get('/apis/apps/v1/namespaces/shop/deployments/routes');
    expect(d.spec).toMatchObject({ revisionHistoryLimit: 4 });
    expect(d.metadata.labels).toMatchObject({ audited: 'yes' }); // the other writer's change stays
  }, 60_000);

  it('fails the step, writing nothing, when the spec changed under the 409', async () => {
    const plans = new PlanStore();
    const svc = await h.service({ plans });
    await patchPlan(plans, 'specmoved1', 'twin', false);
    await svc.startMigration('specmoved1');
    expect((await merge('/apis/apps/v1/namespaces/shop/deployments/twin', { spec: { revisionHistoryLimit: 7 } })).ok).toBe(true);
    await svc.advance('specmoved1', undefined);
    await h.drive(svc.idle());
    const m = (await svc.get('specmoved1'))!;
    expect(m.steps[0]!.state).toBe('failed');
    expect(m.steps[0]!.message).toMatch(/the object has been modified/);
    expect(m.steps[0]!.message).toMatch(/The spec of Deployment twin changed since the plan was made \(generation \d+ → \d+\)\. Nothing was overwritten\./);
    expect((await get('/apis/apps/v1/namespaces/shop/deployments/twin')).spec).toMatchObject({ revisionHistoryLimit: 7 });
  }, 60_000);
});
