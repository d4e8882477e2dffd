/**
 * Seed 002 / keda#5915: a trigger's `*FromEnv` parameters are resolved when the scaler is built;
 * changing the Deployment's env leaves the scaler stale until the ScaledObject's generation
 * changes, the keda-operator pod restarts, or the scaler fails. Observed through the simulator's
 * debug endpoint and through what the stale scaler reads (the lag of the old consumer group).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { deployment, scaledObject, SO_PATH, startKeda, type KedaCluster } from './test-support';

let c: KedaCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const trigger = { type: 'kafka', name: 'lag', metadata: { bootstrapServersFromEnv: 'KAFKA_BROKERS', consumerGroupFromEnv: 'GROUP', topic: 'orders', lagThreshold: '50' } };
const lagOf = (group: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'sim.scaleguard.dev/v1alpha1', kind: 'MetricValue',
  metadata: { name: `lag-${group}`, annotations: { 'keda.sim.scaleguard.dev/consumerGroup': group } },
  spec: { trigger: { namespace: 'shop', scaledObject: 'orders', trigger: 'lag' }, value, ...extra },
});
const env = (group: string) => [{ name: 'KAFKA_BROKERS', value: 'kafka:9092' }, { name: 'GROUP', value: group }];
const replicas = (d: KubeObject | undefined) => (d?.spec as { replicas: number }).replicas;

async function scalers(k: KedaCluster) {
  const r = await k.req('GET', '/_sim/keda/scalers');
  expect(r.status).toBe(200);
  return r.body.items.find((e: { name: string }) => e.name === 'orders').scalers[0];
}

async function setGroup(k: KedaCluster, group: string) {
  const r = await k.req('PATCH', '/apis/apps/v1/namespaces/shop/deployments/orders', { spec: { template: { spec: { containers: [{ name: 'app', env: env(group) }] } } } }, 'application/strategic-merge-patch+json');
  expect(r.status).toBe(200);
}

async function start(extraDocs: Record<string, unknown>[] = []) {
  return startKeda([
    deployment('orders', { replicas: 0, env: env('orders-v1') }),
    scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 0, pollingInterval: 30, triggers: [trigger] }),
    lagOf('orders-v1', 0), lagOf('orders-v2', 500), ...extraDocs,
  ]);
}

const metric = (k: KedaCluster) => k.req('GET', '/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/s0-kafka-orders?labelSelector=scaledobject.keda.sh%2Fname%3Dorders');

describe('KEDA scalers cache and *FromEnv', () => {
  it('resolves *FromEnv from the pod template when the scaler is built, and keeps the value after an env change', async () => {
    c = await start();
    const built = await scalers(c);
    expect(built).toMatchObject({ reason: 'created', builtAt: '2026-11-22T00:00:00Z', params: { consumerGroup: 'orders-v1', bootstrapServers: 'kafka:9092' } });
    expect(built.fromEnv).toEqual([{ param: 'bootstrapServers', envName: 'KAFKA_BROKERS', value: 'kafka:9092' }, { param: 'consumerGroup', envName: 'GROUP', value: 'orders-v1' }]);

    await c.sim.advance(60_000);
    await setGroup(c, 'orders-v2');
    await c.sim.advance(5 * 60_000);
    const stale = await scalers(c);
    expect(stale).toMatchObject({ reason: 'created', builtAt: '2026-11-22T00:00:00Z', params: { consumerGroup: 'orders-v1' } });
    // The stale scaler reads the abandoned group: nothing to do, the workload stays at zero.
    expect((await metric(c)).body.items[0].value).toBe('0');
    expect(replicas(c.get('deploy', 'orders'))).toBe(0);
  });

  it('rebuilds on a generation change of the ScaledObject', async () => {
    c = await start();
    await setGroup(c, 'orders-v2');
    await c.sim.advance(60_000);
    expect((await scalers(c)).params.consumerGroup).toBe('orders-v1');
    const so = c.get('so', 'orders')!;
    // A semantically neutral spec change: cooldownPeriod unset → its default.
    const r = await c.req('PUT', `${SO_PATH}/orders`, { ...so, spec: { ...(so.spec as object), cooldownPeriod: 300 } });
    expect(r.body.metadata.generation).toBe((so.metadata.generation ?? 0) + 1);
    const fresh = await scalers(c);
    expect(fresh).toMatchObject({ reason: 'generation-changed', builtAt: '2026-11-22T00:01:00Z', params: { consumerGroup: 'orders-v2' } });
    expect((await metric(c)).body.items[0].value).toBe('500');
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
  });

  it('rebuilds when the keda-operator pod restarts', async () => {
    c = await start();
    await setGroup(c, 'orders-v2');
    await c.sim.advance(60_000);
    expect((await scalers(c)).params.consumerGroup).toBe('orders-v1');
    // What a rollout restart ends in: a new keda-operator pod that started after the cache was built.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'keda-operator-7c9d-new', namespace: 'keda', labels: { app: 'keda-operator' } }, spec: { containers: [{ name: 'keda-operator', image: 'ghcr.io/kedacore/keda:2.16.1' }] } };
    expect((await c.req('POST', '/api/v1/namespaces/keda/pods', pod)).status).toBe(201);
    await c.req('PUT', '/api/v1/namespaces/keda/pods/keda-operator-7c9d-new/status', { ...pod, status: { phase: 'Running', startTime: '2026-11-22T00:01:00Z' } });
    await c.sim.advance(30_000);
    expect(await scalers(c)).toMatchObject({ reason: 'operator-restart', builtAt: '2026-11-22T00:01:30Z', params: { consumerGroup: 'orders-v2' } });
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
  });

  it('rebuilds a failing scaler (a MetricValue error window), picking up the new env', async () => {
    c = await startKeda([
      deployment('orders', { replicas: 0, env: env('orders-v1') }),
      scaledObject('orders', { scaleTargetRef: { name: 'orders' }, minReplicaCount: 0, pollingInterval: 30, triggers: [trigger] }),
      lagOf('orders-v1', 0, { error: [{ from: '3m', to: '10m' }] }), lagOf('orders-v2', 500),
    ]);
    await setGroup(c, 'orders-v2');
    await c.sim.advance(2 * 60_000);
    expect((await scalers(c)).params.consumerGroup).toBe('orders-v1');
    await c.sim.advance(60_000);
    expect(await scalers(c)).toMatchObject({ reason: 'scaler-error', builtAt: '2026-11-22T00:03:00Z', params: { consumerGroup: 'orders-v2' } });
    expect(replicas(c.get('deploy', 'orders'))).toBe(1);
  });

  it('reads the env of envSourceContainerName, with values from ConfigMaps and Secrets', async () => {
    c = await startKeda([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka', namespace: 'shop' }, data: { brokers: 'broker-0:9092' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kafka', namespace: 'shop' }, stringData: { group: 'secret-group' } },
      deployment('orders', {
        replicas: 1,
        containers: [
          { name: 'sidecar', image: 'envoy:1', env: [{ name: 'GROUP', value: 'wrong' }] },
          { name: 'app', image: 'app:1', env: [{ name: 'KAFKA_BROKERS', valueFrom: { configMapKeyRef: { name: 'kafka', key: 'brokers' } } }, { name: 'GROUP', valueFrom: { secretKeyRef: { name: 'kafka', key: 'group' } } }] },
        ],
      }),
      scaledObject('orders', { scaleTargetRef: { name: 'orders', envSourceContainerName: 'app' }, minReplicaCount: 1, triggers: [trigger] }),
    ]);
    expect(await scalers(c)).toMatchObject({ params: { bootstrapServers: 'broker-0:9092', consumerGroup: 'secret-group' } });
  });
});
