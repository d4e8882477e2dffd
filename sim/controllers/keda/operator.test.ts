/** keda-operator: the HPA it owns (create, adopt, rename), status, pause and resume, activation 0↔1. */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { condition, deployment, HPA_PATH, scaledObject, SO_PATH, startKeda, type KedaCluster } from './test-support';

let c: KedaCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const kafka = { type: 'kafka', name: 'lag', metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'orders', topic: 'orders', lagThreshold: '50', activationLagThreshold: '5' } };
const metricValue = (so: string, value: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'sim.scaleguard.dev/v1alpha1', kind: 'MetricValue', metadata: { name: `${so}-lag` }, spec: { trigger: { namespace: 'shop', scaledObject: so, trigger: 'lag' }, value, ...extra } });
const replicas = (d: KubeObject | undefined) => (d?.spec as { replicas: number }).replicas;

describe('keda-operator HPA', () => {
  it('creates keda-hpa-<name> with External metrics, min max(minReplicaCount, 1), behavior, labels and the ScaledObject as controller', async () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] } };
    c = await startKeda([deployment('orders', { replicas: 3 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 0, maxReplicaCount: 7, advanced: { horizontalPodAutoscalerConfig: { behavior } }, triggers: [kafka, { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } }] })]);
    const hpa = (await c.req('GET', `${HPA_PATH}/keda-hpa-orders`)).body;
    const so = c.get('so', 'orders')!;
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' }, minReplicas: 1, maxReplicas: 7, behavior,
      metrics: [
        { type: 'External', external: { metric: { name: 's0-kafka-orders', selector: { matchLabels: { 'scaledobject.keda.sh/name': 'orders' } } }, target: { type: 'AverageValue', averageValue: '50' } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
    expect(hpa.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'keda-hpa-orders', 'app.kubernetes.io/managed-by': 'keda-operator', 'app.kubernetes.io/part-of': 'orders', 'app.kubernetes.io/version': '2.16.1', 'scaledobject.keda.sh/name': 'orders' });
    expect(hpa.metadata.ownerReferences).toEqual([{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'orders', uid: so.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(so.metadata.labels).toMatchObject({ 'scaledobject.keda.sh/name': 'orders' });
    expect(so.metadata.finalizers).toContain('finalizer.keda.sh');
    expect(so.status).toMatchObject({
      hpaName: 'keda-hpa-orders', scaleTargetKind: 'apps/v1.Deployment', scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
      originalReplicaCount: 3, externalMetricNames: ['s0-kafka-orders'], resourceMetricNames: ['cpu'], triggersTypes: 'kafka,cpu',
    });
    expect(condition(so, 'Ready')).toEqual({ type: 'Ready', status: 'True', reason: 'ScaledObjectReady', message: 'ScaledObject is defined correctly and is ready for scaling' });
    expect(condition(so, 'Fallback')).toEqual({ type: 'Fallback', status: 'False', reason: 'NoFallbackFound', message: 'No fallbacks are active on this scaled object' });
  });

  it('adopts an existing HPA on ownership transfer by updating it: same uid, ownerReference added, spec replaced', async () => {
    c = await startKeda([deployment('web'), { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] } }]);
    const before = c.get('hpa', 'web')!;
    const r = await c.req('POST', SO_PATH, scaledObject('web', { scaleTargetRef: { name: 'web' }, minReplicaCount: 2, maxReplicaCount: 9, advanced: { horizontalPodAutoscalerConfig: { name: 'web' } }, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '65' } }] }, { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' }));
    expect(r.status).toBe(201);
    const after = c.get('hpa', 'web')!;
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ScaledObject', name: 'web', uid: r.body.metadata.uid, controller: true })]);
    expect(after.spec).toMatchObject({ maxReplicas: 9, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { averageUtilization: 65 } } }] });
    expect(after.metadata.annotations).toMatchObject({ 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' });
    expect(c.get('hpa', 'keda-hpa-web')).toBeUndefined();
    expect(c.get('so', 'web')!.status).toMatchObject({ hpaName: 'web' });
  });

  it('deletes the old HPA when the HPA name changes', async () => {
    c = await startKeda([deployment('web'), scaledObject('web', { scaleTargetRef: { name: 'web' }, triggers: [kafka] })]);
    expect(c.get('hpa', 'keda-hpa-web')).toBeDefined();
    const so = c.get('so', 'web')!;
    const r = await c.req('PUT', `${SO_PATH}/web`, { ...so, spec: { ...(so.spec as object), advanced: { horizontalPodAutoscalerConfig: { name: 'web-scaler' } } } });
    expect(r.status).toBe(200);
    expect(c.get('hpa', 'keda-hpa-web')).toBeUndefined();
    expect(c.get('hpa', 'web-scaler')?.metadata.ownerReferences?.[0]?.name).toBe('web');
    expect(c.get('so', 'web')!.status).toMatchObject({ hpaName: 'web-scaler' });
  });

  it('reconciles an edited HPA back to the ScaledObject', async () => {
    c = await startKeda([deployment('web'), scaledObject('web', { scaleTargetRef: { name: 'web' }, maxReplicaCount: 4, triggers: [kafka] })]);
    const hpa = c.get('hpa', 'keda-hpa-web')!;
    await c.req('PUT', `${HPA_PATH}/keda-hpa-web`, { ...hpa, spec: { ...(hpa.spec as object), maxReplicas: 40 } });
    expect((c.get('hpa', 'keda-hpa-web')!.spec as { maxReplicas: number }).maxReplicas).toBe(4);
  });

  it('reports a missing scale target in Ready', async () => {
    c = await startKeda([scaledObject('ghost', { scaleTargetRef: { name: 'ghost' }, triggers: [kafka] })]);
    const so = c.get('so', 'ghost');
    expect(condition(so, 'Ready')).toEqual({ type: 'Ready', status: 'False', reason: 'ScaledObjectCheckFailed', message: 'ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "ghost" not found' });
    expect(condition(so, 'Active')).toEqual({ type: 'Active', status: 'Unknown', reason: 'UnknownState', message: 'ScaledObject check failed' });
    expect(c.get('hpa', 'keda-hpa-ghost')).toBeUndefined();
    await c.req('POST', '/apis/apps/v1/namespaces/shop/deployments', deployment('ghost'));
    await c.sim.advance(5 * 60_000);
    expect(condition(c.get('so', 'ghost'), 'Ready')).toMatchObject({ status: 'True' });
    expect(c.get('hpa', 'keda-hpa-ghost')).toBeDefined();
  });
});

describe('keda-operator pause', () => {
  it('paused-replicas: pins the replicas, deletes the HPA, Paused=True; removing it resumes', async () => {
    c = await startKeda([deployment('web', { replicas: 4 }), scaledObject('web', { scaleTargetRef: { name: 'web' }, minReplicaCount: 1, triggers: [kafka] })]);
    const so = c.get('so', 'web')!;
    await c.req('PATCH', `${SO_PATH}/web`, { metadata: { annotations: { 'autoscaling.keda.sh/paused-replicas': '2' } } }, 'application/merge-patch+json');
    // Upstream: the HPA is pinned at min = max = 2 at once, the scale loop pins the target on its next poll.
    expect(c.get('hpa', 'keda-hpa-web')!.spec).toMatchObject({ minReplicas: 2, maxReplicas: 2 });
    await c.sim.advance(30_000);
    expect(replicas(c.get('deploy', 'web'))).toBe(2);
    expect(c.get('hpa', 'keda-hpa-web')).toBeUndefined();
    const paused = c.get('so', 'web')!;
    expect(paused.status).toMatchObject({ pausedReplicaCount: 2 });
    expect(condition(paused, 'Paused')).toEqual({ type: 'Paused', status: 'True', reason: 'ScaledObjectPaused', message: 'ScaledObject is paused' });
    await c.sim.advance(120_000);
    expect(replicas(c.get('deploy', 'web'))).toBe(2);
    await c.req('PATCH', `${SO_PATH}/web`, { metadata: { annotations: { 'autoscaling.keda.sh/paused-replicas': null } } }, 'application/merge-patch+json');
    const resumed = c.get('so', 'web')!;
    expect(condition(resumed, 'Paused')).toEqual({ type: 'Paused', status: 'False', reason: 'ScaledObjectUnpaused', message: 'pause annotation removed for ScaledObject' });
    expect((resumed.status as Record<string, unknown>).pausedReplicaCount).toBeUndefined();
    expect(c.get('hpa', 'keda-hpa-web')?.metadata.ownerReferences?.[0]?.uid).toBe(so.metadata.uid);
  });

  it('paused: "true" deletes the HPA and leaves the replicas alone; "false" does not pause', async () => {
    c = await startKeda([deployment('web', { replicas: 3 }), scaledObject('web', { scaleTargetRef: { name: 'web' }, minReplicaCount: 1, triggers: [kafka] }, { 'autoscaling.keda.sh/paused': 'false' })]);
    expect(c.get('hpa', 'keda-hpa-web')).toBeDefined();
    await c.req('PATCH', `${SO_PATH}/web`, { metadata: { annotations: { 'autoscaling.keda.sh/paused': 'true' } } }, 'application/merge-patch+json');
    expect(c.get('hpa', 'keda-hpa-web')).toBeUndefined();
    expect(condition(c.get('so', 'web'), 'Paused')).toMatchObject({ status: 'True', reason: 'ScaledObjectPaused' });
    expect(replicas(c.get('deploy', 'web'))).toBe(3);
  });
});

describe('KEDA activation and cooldown', () => {
  const step = { points: [{ at: '0m', value: 0 }, { at: '2m', value: 3 }, { at: '4m', value: 10 }, { at: '6m', value: 0 }], interpolate: 'step' };

  it('scales 0→1 only when a value exceeds the activation threshold, and back to 0 after cooldownPeriod', async () => {
    c = await startKeda([deployment('orders', { replicas: 0 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 0, pollingInterval: 30, cooldownPeriod: 120, triggers: [kafka] }), metricValue('orders', step)]);
    expect(replicas(c.get('deploy', 'orders'))).toBe(0);
    expect(condition(c.get('so', 'orders'), 'Active')).toMatchObject({ status: 'False', reason: 'ScalerNotActive' });
    await c.sim.advance(3 * 60_000); // value 3: above 0 but not above activationLagThreshold 5
    expect(replicas(c.get('deploy', 'orders'))).toBe(0);
    await c.sim.advance(60_000 + 30_000); // value 10 > 5
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
    const active = c.get('so', 'orders')!;
    expect(condition(active, 'Active')).toEqual({ type: 'Active', status: 'True', reason: 'ScalerActive', message: 'Scaling is performed because triggers are active' });
    expect((active.status as { lastActiveTime: string }).lastActiveTime).toBe('2026-11-22T00:04:30Z');
    await c.sim.advance(2 * 60_000); // 6m30: value 0, last active at 6m00 → cooling down
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
    expect(condition(c.get('so', 'orders'), 'Active')).toMatchObject({ status: 'False', reason: 'ScalerCooldown', message: 'Scaler cooling down because triggers are not active' });
    await c.sim.advance(2 * 60_000); // 8m30: past 6m00 + 120 s
    expect(replicas(c.get('deploy', 'orders'))).toBe(0);
    expect(condition(c.get('so', 'orders'), 'Active')).toMatchObject({ status: 'False', reason: 'ScalerNotActive' });
    const events = c.sim.store.list('/events', 'shop').map((e) => `${String(e.reason)}: ${String(e.message)}`);
    expect(events).toContain('KEDAScaleTargetActivated: Scaled apps/v1.Deployment shop/orders from 0 to 1, triggered by lag');
    expect(events).toContain('KEDAScaleTargetDeactivated: Deactivated apps/v1.Deployment shop/orders from 1 to 0');
  });

  it('with idleReplicaCount, activation goes idle → minReplicaCount and back', async () => {
    c = await startKeda([deployment('orders', { replicas: 0 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, idleReplicaCount: 0, minReplicaCount: 2, maxReplicaCount: 5, cooldownPeriod: 60, triggers: [kafka] }), metricValue('orders', step)]);
    await c.sim.advance(4 * 60_000 + 30_000);
    expect(replicas(c.get('deploy', 'orders'))).toBe(2);
    await c.sim.advance(4 * 60_000);
    expect(replicas(c.get('deploy', 'orders'))).toBe(0);
  });

  it('Active=False with minReplicaCount ≥ 1 is normal: Ready stays True, replicas stay (keda#6145)', async () => {
    c = await startKeda([deployment('orders', { replicas: 1 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 1, triggers: [kafka] }), metricValue('orders', 0)]);
    await c.sim.advance(10 * 60_000);
    const so = c.get('so', 'orders');
    expect(condition(so, 'Active')).toEqual({ type: 'Active', status: 'False', reason: 'ScalerNotActive', message: 'Scaling is not performed because triggers are not active' });
    expect(condition(so, 'Ready')).toMatchObject({ status: 'True' });
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
  });

  it('raises the target to minReplicaCount when it is below', async () => {
    c = await startKeda([deployment('orders', { replicas: 0 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 2, triggers: [kafka] })]);
    expect(replicas(c.get('deploy', 'orders'))).toBe(2);
  });
});

describe('KEDA fallback', () => {
  it('after failureThreshold scaler errors: Fallback=True, health Failing, and the metric answers fallback.replicas × target', async () => {
    c = await startKeda([deployment('orders', { replicas: 1 }), scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 1, pollingInterval: 30, fallback: { failureThreshold: 2, replicas: 6 }, triggers: [kafka] }), metricValue('orders', 20, { error: [{ from: '1m', to: '10m' }] })]);
    const metric = () => c!.req('GET', '/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/s0-kafka-orders?labelSelector=scaledobject.keda.sh%2Fname%3Dorders');
    expect((await metric()).body.items[0].value).toBe('20');
    await c.sim.advance(60_000 + 30_000); // the polls at 1m and 1m30 fail
    expect((c.get('so', 'orders')!.status as Record<string, unknown>).health).toEqual({ 's0-kafka-orders': { numberOfFailures: 2, status: 'Failing' } });
    expect(condition(c.get('so', 'orders'), 'Fallback')).toMatchObject({ status: 'False' });
    expect((await metric()).status).toBe(500);
    await c.sim.advance(30_000);
    expect(condition(c.get('so', 'orders'), 'Fallback')).toEqual({ type: 'Fallback', status: 'True', reason: 'FallbackExists', message: 'At least one trigger is falling back on this scaled object' });
    expect((await metric()).body.items[0].value).toBe('300');
    await c.sim.advance(9 * 60_000);
    expect(condition(c.get('so', 'orders'), 'Fallback')).toMatchObject({ status: 'False', reason: 'NoFallbackFound' });
    expect((c.get('so', 'orders')!.status as Record<string, unknown>).health).toEqual({ 's0-kafka-orders': { numberOfFailures: 0, status: 'Happy' } });
  });
});
