/**
 * @kubernetes/client-node against the simulator, configured only from the generated kubeconfig:
 * typed APIs, custom objects, the generic object API and the Watch class.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './test/helpers';

let c: TestCluster;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  c = await startTestCluster({ bookmarkMs: 100 });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
});
afterAll(async () => c.close());

describe('client-node', () => {
  it('lists and reads with the typed APIs', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'shop']));
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
    expect(d.spec?.replicas).toBe(2);
    expect(d.status?.readyReplicas).toBe(2);
    const hpa = await kc.makeApiClient(k8s.AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: 'shop' });
    expect(hpa.spec?.metrics?.[0]?.resource?.target.averageUtilization).toBe(70);
  });

  it('surfaces Status errors as ApiException with code and body', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const err = await apps.readNamespacedDeployment({ name: 'absent', namespace: 'shop' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    const e = err as k8s.ApiException<string>;
    expect(e.code).toBe(404);
    expect(JSON.parse(e.body)).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "absent" not found' });
  });

  it('creates and merge-patches with the typed API', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'shop', body: { metadata: { name: 'from-client' }, data: { a: '1' } } });
    const patched = await core.patchNamespacedConfigMap({ name: 'from-client', namespace: 'shop', body: { data: { b: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(patched.data).toEqual({ a: '1', b: '2' });
  });

  it('reads and patches custom objects', async () => {
    const co = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = (await co.listNamespacedCustomObject({ group: 'test.scaleguard.dev', version: 'v1', namespace: 'shop', plural: 'widgets' })) as { items: { metadata: { name: string } }[] };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['gizmo']);
    const p = (await co.patchNamespacedCustomObject({ group: 'test.scaleguard.dev', version: 'v1', namespace: 'shop', plural: 'widgets', name: 'gizmo', body: { spec: { size: 'large' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))) as { spec: { size: string } };
    expect(p.spec.size).toBe('large');
  });

  it('works through the generic KubernetesObjectApi (discovery included)', async () => {
    const o = k8s.KubernetesObjectApi.makeApiClient(kc);
    const created = await o.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'shop' }, data: { x: 'y' } } as k8s.KubernetesObject);
    expect(created.metadata?.uid).toBeDefined();
    const read = await o.read({ apiVersion: 'test.scaleguard.dev/v1', kind: 'Widget', metadata: { name: 'gizmo', namespace: 'shop' } });
    expect((read as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3);
    await o.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'shop' } });
  });

  it('watches with the Watch class, resuming from a list resourceVersion and receiving bookmarks', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'shop' });
    const events: string[] = [];
    let bookmarks = 0;
    let resolveSeen: () => void = () => {};
    const seen = new Promise<void>((r) => (resolveSeen = r));
    const w = new k8s.Watch(kc);
    const req = await w.watch('/api/v1/namespaces/shop/configmaps', { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true }, (type: string, obj: k8s.V1ConfigMap) => {
      if (type === 'BOOKMARK') bookmarks++;
      else events.push(`${type}:${obj.metadata?.name}`);
      if (events.length >= 2 && bookmarks > 0) resolveSeen();
    }, () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'shop', body: { metadata: { name: 'watched' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'shop' });
    await seen;
    req.abort();
    expect(events).toEqual(['ADDED:watched', 'DELETED:watched']);
  });
});
