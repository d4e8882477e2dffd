import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import type { PlanStep } from '@/lib/plans/types';
import { kubeConfigForContext, loadKubeconfig } from '../cluster/kubeconfig';
import { KubeClient } from './kube';
import { previewStep, Reads } from './preview';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
let client: KubeClient;
beforeAll(async () => {
  h = await startHarness();
  const loaded = loadKubeconfig(h.kubeconfig);
  if (!loaded.ok) throw new Error(loaded.error);
  client = new KubeClient(kubeConfigForContext(loaded, 'scaleguard-sim'));
}, 90_000);
afterAll(async () => { await h?.stop(); });

const HPA = '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/orders';
const read = async () => (await (await h.admin('GET', HPA)).json()) as KubeObject;

/** A one-operation step patching the HPA's maxReplicas, planned against `planned`. */
function step(planned: KubeObject): PlanStep {
  return {
    index: 0, id: 'raise-max', title: 'Raise maxReplicas', description: '',
    operations: [{ kind: 'patch', target: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'orders' }, patchType: 'merge', patch: { spec: { maxReplicas: 12 } }, precondition: { uid: planned.metadata.uid, resourceVersion: planned.metadata.resourceVersion }, after: planned }],
    inverse: [], postConditions: [], timeoutSeconds: 10,
  };
}

describe('the dry-run of a planned patch', () => {
  it('is checked again at the current resourceVersion when only the status moved on, as the apply would be', async () => {
    const planned = await read();
    const moved = await h.admin('PATCH', `${HPA}/status`, { status: { desiredReplicas: 7 } }, 'application/merge-patch+json');
    expect(moved.status).toBe(200);
    const now = await read();
    expect(now.metadata.resourceVersion).not.toBe(planned.metadata.resourceVersion);
    expect(now.metadata.generation).toBe(planned.metadata.generation);
    const p = await previewStep(client, new Reads(client), [step(planned)], 0, 'preview-test');
    expect(p.dryRun.ok).toBe(true);
    expect(p.dryRun.messages.join(' ')).toContain('changed only in its status since the plan was computed');
  }, 30_000);

  it('stays refused when the spec changed (a new generation): that would overwrite blindly', async () => {
    const planned = await read();
    const changed = await h.admin('PATCH', HPA, { spec: { minReplicas: 3 } }, 'application/merge-patch+json');
    expect(changed.status).toBe(200);
    const p = await previewStep(client, new Reads(client), [step(planned)], 0, 'preview-test');
    expect(p.dryRun.ok).toBe(false);
    expect(p.refused).toBe(true);
    expect(p.dryRun.messages.join(' ')).toMatch(/the object has been modified/);
  }, 30_000);
});
