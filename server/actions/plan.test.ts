import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import type { Plan } from '@/lib/plans/types';
import { ActionError } from './errors';
import { PlanStore, type StoredPlan } from './plans';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 90_000);
afterAll(async () => { await h?.stop(); });

const target = (name: string) => ({ namespace: 'shop', kind: 'Deployment', name });

describe('plans', () => {
  it('shows KEDA\'s webhook refusal verbatim in the dry-run and blocks the plan', async () => {
    const svc = await h.service();
    const plan = await svc.plan('hpa-to-scaledobject', target('twin'), {});
    const create = plan.dto.steps.find((s) => s.id === 'create-scaledobject')!;
    expect(create.dryRun.ok).toBe(false);
    expect(create.dryRun.messages).toContain(
      'admission webhook "vscaledobject.kb.io" denied the request: the existing hpa \'twin-b\' for workload \'twin\' of type \'apps/v1.Deployment\' must be specified by name in advanced settings to enable ownership transfer',
    );
    expect(plan.dto.blocked).toBe(true);
    // Nothing was written by the dry-run.
    expect((await h.admin('GET', '/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects/twin-a')).status).toBe(404);
    // And a blocked plan cannot be started.
    expect(await svc.startMigration(plan.id).catch((e: unknown) => e)).toMatchObject({ status: 409, title: 'Plan blocked' });
  }, 60_000);

  it('names every missing permission of the read-only user, and refuses to start with 403', async () => {
    const viewer = await h.service({ context: 'scaleguard-sim-viewer' });
    const plan = await viewer.plan('hpa-to-scaledobject', target('orders'), {});
    expect(plan.dto.access.allowed).toBe(false);
    for (const missing of [
      'create scaledobjects.keda.sh in namespace shop',
      'delete scaledobjects.keda.sh in namespace shop',
      'update horizontalpodautoscalers.autoscaling in namespace shop',
      'create configmaps in namespace shop',
      'create events in namespace shop',
    ]) expect(plan.dto.access.reason).toContain(missing);
    // The view role may read: the preview shows, and the dry-run is refused by RBAC, verbatim.
    expect(plan.dto.steps[0]!.dryRun.messages.join('\n')).toMatch(/cannot create resource "scaledobjects" in API group "keda.sh" in the namespace "shop"/);
    const refused = await viewer.startMigration(plan.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as ActionError).detail).toContain('create scaledobjects.keda.sh in namespace shop');
    expect(((refused as ActionError).extra.missing as unknown[]).length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('answers 404 for a target that does not exist and 400 for an unknown kind', async () => {
    const svc = await h.service();
    expect(await svc.plan('hpa-to-scaledobject', target('nope'), {}).catch((e: unknown) => e)).toMatchObject({ status: 404 });
    expect(await svc.plan('hpa-to-scaledobject', { namespace: 'shop', kind: 'Gadget', name: 'orders' }, {}).catch((e: unknown) => e)).toMatchObject({ status: 400 });
  }, 30_000);

  it('forgets plans after their expiry: starting one then answers 410', async () => {
    const svc = await h.service({ plans: new PlanStore(1) });
    const plan = await svc.plan('hpa-to-scaledobject', target('orders'), {});
    await new Promise((r) => setTimeout(r, 5));
    expect(await svc.startMigration(plan.id).catch((e: unknown) => e)).toMatchObject({ status: 410 });
    expect(await svc.startMigration('zzzzzzzzzz').catch((e: unknown) => e)).toMatchObject({ status: 404 });
  }, 30_000);
});

describe('a destructive step (hand-written plan)', () => {
  it('asks for the typed name, then patches with the resourceVersion precondition', async () => {
    const plans = new PlanStore();
    const svc = await h.service({ plans });
    const cache = await h.cache();
    const deploy = cache.snapshot().objects.deployments.find((d) => d.metadata.namespace === 'shop' && d.metadata.name === 'routes')!;
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'routes' };
    const patch = { metadata: { labels: { tier: 'gold' }, resourceVersion: deploy.metadata.resourceVersion ?? '' } };
    const plan: Plan = {
      type: 'keda-operator-restart',
      target: { namespace: 'shop', kind: 'Deployment', name: 'routes' },
      summary: 'Label shop/routes',
      preflight: [],
      touches: [ref],
      steps: [{
        index: 0, id: 'label', title: 'Label routes', description: 'Adds a label.', confirm: 'routes',
        operations: [{ kind: 'patch', target: ref, patchType: 'merge', patch, precondition: { uid: deploy.metadata.uid }, after: deploy }],
        inverse: [{ kind: 'restore-backup', target: ref }],
        postConditions: [{ kind: 'field', target: ref, path: ['metadata', 'labels', 'tier'], equals: 'gold', description: 'routes is gold' }],
        timeoutSeconds: 30,
      }],
    };
    const stored: StoredPlan = {
      id: 'handwritten1', context: 'scaleguard-sim', plan, options: {}, basis: [{ ref, uid: deploy.metadata.uid, generation: deploy.metadata.generation }],
      dto: { id: 'handwritten1', type: plan.type, target: plan.target, summary: plan.summary, preflight: [], access: { allowed: true }, blocked: false, createdAt: '', expiresAt: '',
        steps: [{ index: 0, id: 'label', title: 'Label routes', description: '', operations: [], diff: [], dryRun: { ok: true, messages: [] }, postConditions: [], timeoutSeconds: 30, confirm: 'routes' }] },
      expiresAt: Date.now() + 60_000,
    };
    plans.put(stored);
    await svc.startMigration('handwritten1');
    const unconfirmed = await svc.advance('handwritten1', 'rotues').catch((e: unknown) => e);
    expect(unconfirmed).toMatchObject({ status: 400 });
    expect((unconfirmed as ActionError).detail).toContain('type "routes" to confirm');
    await svc.advance('handwritten1', 'routes');
    await h.drive(svc.idle());
    expect((await svc.get('handwritten1'))!.status).toBe('done');
    const after = (await (await h.admin('GET', '/apis/apps/v1/namespaces/shop/deployments/routes')).json()) as KubeObject;
    expect(after.metadata.labels).toMatchObject({ tier: 'gold' });
    expect(after.metadata.annotations?.['scaleguard.dev/migration']).toBe('handwritten1');
    // Undo restores labels and annotations from the backup.
    await svc.rollback('handwritten1');
    await h.drive(svc.idle());
    const undone = (await (await h.admin('GET', '/apis/apps/v1/namespaces/shop/deployments/routes')).json()) as KubeObject;
    expect(undone.metadata.labels?.tier).toBeUndefined();
    expect(undone.metadata.annotations?.['scaleguard.dev/migration']).toBeUndefined();
  }, 60_000);
});
