import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { decodeRecord, MIGRATION_ANNOTATION, MIGRATION_LABEL, MANAGED_BY_LABEL } from '@/lib/plans/record';
import { ActionLog } from '../history/action-log';
import { ActionError } from './errors';
import type { MigrationService } from './service';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
let svc: MigrationService;
const log = new ActionLog(':memory:');
const shop = (kind: 'Deployment', name: string) => ({ namespace: 'shop', kind, name });

beforeAll(async () => {
  h = await startHarness();
  svc = await h.service({ log });
}, 90_000);
afterAll(async () => { await h?.stop(); });

async function getJson<T = KubeObject>(p: string): Promise<{ status: number; body: T }> {
  const res = await h.admin('GET', p);
  return { status: res.status, body: (await res.json()) as T };
}
const hpaPath = (name: string) => `/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/${name}`;
const soPath = (name: string) => `/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects/${name}`;

/** Runs the next step and waits (moving simulated time on) until it finished. */
async function step(id: string) {
  const accepted = await svc.advance(id, undefined);
  expect(accepted.status).toBe('in-progress');
  expect(accepted.steps[accepted.step]!.state).toBe('running');
  await h.drive(svc.idle());
  return (await svc.get(id))!;
}

async function eventsAbout(name: string) {
  const q = new URLSearchParams({ fieldSelector: `involvedObject.name=${name},reason=ScaleguardHpaToScaledobject` });
  const { body } = await getJson<{ items: { involvedObject: { kind: string; uid?: string }; type: string; message: string; source?: { component?: string } }[] }>(`/api/v1/namespaces/shop/events?${q}`);
  return body.items;
}

describe('hpa-to-scaledobject against the simulator', () => {
  it('runs to done: the ScaledObject adopts the HPA; backups, Events and the action log are written', async () => {
    const before = (await getJson(hpaPath('orders'))).body;
    const listed = async () => (await svc.list()).items.filter((r) => r.target.name === 'orders').map((r) => ({ status: r.status, id: r.migrationId, progress: r.progress }));
    // A candidate before anything was planned: the list plans it from the cache to tell.
    expect(await listed()).toEqual([{ status: 'ready', id: undefined, progress: undefined }]);
    const plan = await svc.plan('hpa-to-scaledobject', shop('Deployment', 'orders'), {});
    expect(plan.dto.blocked).toBe(false);
    expect(plan.dto.access).toEqual({ allowed: true });
    expect(plan.dto.steps.map((s) => s.id)).toEqual(['create-scaledobject', 'verify']);
    expect(plan.dto.steps[0]!.dryRun).toEqual({ ok: true, messages: [] });
    expect(plan.dto.steps[0]!.diff[0]).toMatchObject({ change: 'create', before: null });
    expect(plan.dto.steps[0]!.diff[0]!.after).toContain(`${MIGRATION_ANNOTATION}: ${plan.id}`);

    const started = await svc.startMigration(plan.id);
    expect(started).toMatchObject({ id: plan.id, status: 'ready', step: 0, record: `shop/scaleguard-migration-${plan.id}` });

    const afterCreate = await step(plan.id);
    expect(afterCreate.steps[0]).toMatchObject({ state: 'done', checks: [{ met: true }, { met: true }] });
    expect(afterCreate).toMatchObject({ status: 'in-progress', step: 1 });
    await expect.poll(listed).toEqual([{ status: 'in-progress', id: plan.id, progress: { step: 1, of: 2 } }]);
    const done = await step(plan.id);
    expect(done).toMatchObject({ status: 'done', step: 2 });
    await expect.poll(listed).toEqual([{ status: 'done', id: plan.id, progress: undefined }]);
    expect(done.steps.map((s) => s.state)).toEqual(['done', 'done']);

    // The cluster: the same HPA object (uid kept), now owned by the ScaledObject this migration created.
    const so = (await getJson(soPath('orders'))).body;
    expect(so.metadata.annotations?.[MIGRATION_ANNOTATION]).toBe(plan.id);
    const hpa = (await getJson(hpaPath('orders'))).body;
    expect(hpa.metadata.uid).toBe(before.metadata.uid);
    expect(hpa.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.uid}`)).toEqual([`ScaledObject/orders/${so.metadata.uid}`]);

    // The record: labelled ConfigMap holding the plan, the step states, and the HPA as it was before.
    const cm = (await getJson<{ metadata: KubeObject['metadata']; data: Record<string, string> }>(`/api/v1/namespaces/shop/configmaps/scaleguard-migration-${plan.id}`)).body;
    expect(cm.metadata.labels).toMatchObject({ [MIGRATION_LABEL]: plan.id, [MANAGED_BY_LABEL]: 'scaleguard' });
    const decoded = decodeRecord(cm);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.record.backups.map((b) => `${b.ref.kind}/${b.ref.name}@${b.step}`)).toEqual(['HorizontalPodAutoscaler/orders@0']);
    const backup = decoded.record.backups[0]!.manifest;
    expect(backup.metadata.managedFields).toBeUndefined();
    expect(backup.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(backup.spec).toEqual(before.spec);
    expect(decoded.lease).toBeUndefined();

    // Events on what each step touched: the ScaledObject it created, the Deployment the check is about.
    const soEvents = await eventsAbout('orders');
    expect(soEvents.filter((e) => e.involvedObject.kind === 'ScaledObject')).toEqual([
      expect.objectContaining({ type: 'Normal', message: expect.stringContaining(`Migration ${plan.id}: step 1/2`), involvedObject: expect.objectContaining({ uid: so.metadata.uid }) }),
    ]);
    expect(soEvents.filter((e) => e.involvedObject.kind === 'Deployment')).toEqual([
      expect.objectContaining({ type: 'Normal', message: expect.stringContaining('step 2/2') }),
    ]);
    expect(soEvents.every((e) => e.source?.component === 'scaleguard')).toBe(true);

    expect(log.forMigration(plan.id).map((r) => [r.step, r.outcome])).toEqual([[-1, 'started'], [0, 'started'], [0, 'done'], [1, 'started'], [1, 'done']]);
    expect(log.forMigration(plan.id).every((r) => r.user === 'scaleguard-sim-admin' && r.context === 'scaleguard-sim' && r.action === 'hpa-to-scaledobject')).toBe(true);
  }, 120_000);

  it('refuses a second migration of a target while one is under way (409), and a second start of one plan', async () => {
    const first = await svc.plan('hpa-to-scaledobject', shop('Deployment', 'undo'), {});
    await svc.startMigration(first.id);
    const second = await svc.plan('hpa-to-scaledobject', shop('Deployment', 'undo'), {});
    const refused = await svc.startMigration(second.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused).toMatchObject({ status: 409, extra: { migrationId: first.id } });
    const again = await svc.startMigration(first.id).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 404 });
  }, 60_000);

  it('rolls back after completion: ScaledObject deleted with Orphan, the original HPA restored unowned', async () => {
    const [row] = (await svc.list()).items.filter((r) => r.target.name === 'undo');
    const id = row!.migrationId!;
    const original = (await getJson(hpaPath('undo'))).body;
    await step(id);
    await step(id);
    // After the migration the ScaledObject is the place to edit: KEDA carries the change into the HPA.
    expect((await h.admin('PATCH', soPath('undo'), { spec: { maxReplicaCount: 20 } }, 'application/merge-patch+json')).ok).toBe(true);
    await h.drive((async () => {
      while (((await getJson(hpaPath('undo'))).body.spec as { maxReplicas: number }).maxReplicas !== 20) await new Promise((r) => setTimeout(r, 50));
    })());
    const adopted = (await getJson(hpaPath('undo'))).body;
    expect(adopted.metadata.ownerReferences?.[0]?.kind).toBe('ScaledObject');
    expect(adopted.metadata.labels).not.toEqual(original.metadata.labels); // KEDA's labels

    const accepted = await svc.rollback(id);
    expect(accepted.status).toBe('in-progress');
    await h.drive(svc.idle());
    const rolled = (await svc.get(id))!;
    expect(rolled.status).toBe('rolled-back');
    expect(rolled.steps.map((s) => s.state)).toEqual(['rolled-back', 'rolled-back']);

    expect((await getJson(soPath('undo'))).status).toBe(404);
    const restored = (await getJson(hpaPath('undo'))).body;
    expect(restored.metadata.uid).toBe(original.metadata.uid); // Orphan: KEDA's HPA survived the ScaledObject
    expect(restored.metadata.ownerReferences ?? []).toEqual([]);
    expect(restored.spec).toEqual(original.spec);
    expect(restored.metadata.labels).toEqual(original.metadata.labels);
    expect(restored.metadata.annotations ?? {}).toEqual(original.metadata.annotations ?? {});
    const rollbackEvents = (await eventsAbout('undo')).filter((e) => e.message.includes('rolled back'));
    expect(rollbackEvents.map((e) => e.involvedObject.kind).sort()).toEqual(['HorizontalPodAutoscaler', 'ScaledObject']);
    expect(log.forMigration(id).at(-1)).toMatchObject({ step: -1, outcome: 'rolled-back' });
    // A rolled-back migration frees its target and cannot be advanced.
    expect(await svc.advance(id, undefined).catch((e: unknown) => e)).toMatchObject({ status: 409 });
  }, 120_000);
});
