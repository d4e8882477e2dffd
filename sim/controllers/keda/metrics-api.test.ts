/** external.metrics.k8s.io as KEDA's metrics apiserver serves it, and ScaledJobs. */
import { afterEach, describe, expect, it } from 'vitest';
import { deployment, scaledObject, startKeda, type KedaCluster } from './test-support';

let c: KedaCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const mv = (owner: Record<string, string>, value: unknown) => ({ apiVersion: 'sim.scaleguard.dev/v1alpha1', kind: 'MetricValue', metadata: { name: `v-${Object.values(owner)[0]}` }, spec: { trigger: { namespace: 'shop', ...owner }, value } });

describe('external.metrics.k8s.io/v1beta1', () => {
  it('is discovered while keda-operator-metrics-apiserver exists and answers ExternalMetricValueList per trigger', async () => {
    c = await startKeda([
      deployment('queue', { replicas: 1 }),
      scaledObject('queue', { scaleTargetRef: { name: 'queue' }, minReplicaCount: 1, triggers: [{ type: 'rabbitmq', metadata: { queueName: 'jobs', value: '20', host: 'amqp://rabbit' } }, { type: 'prometheus', name: 'rps', metadata: { serverAddress: 'http://prom:9090', query: 'sum(rate(x[1m]))', threshold: '100' } }] }),
      mv({ scaledObject: 'queue', trigger: '0' }, 42), mv({ scaledObject: 'queue', trigger: 'rps' }, '2500m'),
    ]);
    const groups = (await c.req('GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('external.metrics.k8s.io');
    expect((await c.req('GET', '/apis/external.metrics.k8s.io/v1beta1')).body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'external.metrics.k8s.io/v1beta1', resources: [{ name: 'externalmetrics', namespaced: true, kind: 'ExternalMetricValueList' }] });
    expect(c.get('so', 'queue')!.status).toMatchObject({ externalMetricNames: ['s0-rabbitmq-jobs', 's1-prometheus'] });
    const r = await c.req('GET', '/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/s0-rabbitmq-jobs?labelSelector=scaledobject.keda.sh%2Fname%3Dqueue');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ kind: 'ExternalMetricValueList', apiVersion: 'external.metrics.k8s.io/v1beta1', metadata: {}, items: [{ metricName: 's0-rabbitmq-jobs', metricLabels: null, timestamp: '2026-11-22T00:00:00Z', value: '42' }] });
    const p = await c.req('GET', '/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/s1-prometheus?labelSelector=scaledobject.keda.sh%2Fname%3Dqueue');
    expect(p.body.items[0].value).toBe('2500m');
    expect(c.sim.controllers.metrics.readExternal('shop', 's1-prometheus', { 'scaledobject.keda.sh/name': 'queue' })).toEqual({ value: 2.5, timestamp: Date.parse('2026-11-22T00:00:00Z') });

    expect((await c.req('DELETE', '/apis/apps/v1/namespaces/keda/deployments/keda-operator-metrics-apiserver')).status).toBe(200);
    expect((await c.req('GET', '/apis')).body.groups.map((g: { name: string }) => g.name)).not.toContain('external.metrics.k8s.io');
    expect((await c.req('GET', '/apis/external.metrics.k8s.io/v1beta1')).status).toBe(404);
  });
});

describe('ScaledJob', () => {
  it('starts Jobs from the queue length per polling interval, deducting running ones (default strategy)', async () => {
    c = await startKeda([
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', metadata: { name: 'render', namespace: 'shop' }, spec: { pollingInterval: 30, maxReplicaCount: 5, jobTargetRef: { template: { spec: { containers: [{ name: 'render', image: 'render:1' }] } } }, triggers: [{ type: 'rabbitmq', metadata: { queueName: 'frames', value: '10' } }] } },
      mv({ scaledJob: 'render', trigger: '0' }, 25),
    ]);
    const jobs = () => c!.sim.store.list('batch/jobs', 'shop');
    expect(jobs()).toHaveLength(3);
    expect(jobs()[0]).toMatchObject({ metadata: { labels: { 'scaledjob.keda.sh/name': 'render' }, ownerReferences: [{ kind: 'ScaledJob', name: 'render', controller: true }] }, spec: { template: { metadata: { labels: { 'scaledjob.keda.sh/name': 'render' } }, spec: { restartPolicy: 'OnFailure' } } } });
    expect(jobs()[0]!.metadata.name).toMatch(/^render-/);
    await c.sim.advance(30_000);
    expect(jobs()).toHaveLength(3);
  });
});

describe('sim/testdata/controllers/keda/examples.yaml', () => {
  it('loads with KEDA running: stale, activation-dominated and paused ScaledObjects as described', async () => {
    const { ManualClock } = await import('../../clock');
    const { startSimulator } = await import('../../simulator');
    const { kedaController } = await import('./index');
    const { fileURLToPath } = await import('node:url');
    const sim = await startSimulator({ port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [kedaController()], scenario: fileURLToPath(new URL('../../testdata/controllers/keda/examples.yaml', import.meta.url)) });
    try {
      await sim.advance(60_000);
      const deploy = (ns: string, n: string) => (sim.store.get('apps/deployments', ns, n)?.spec as { replicas: number }).replicas;
      expect(deploy('streaming', 'orders-consumer')).toBe(0);
      expect(deploy('batch', 'report-renderer')).toBe(0);
      expect(deploy('streaming', 'notifications')).toBe(2);
      expect(sim.store.get('autoscaling/horizontalpodautoscalers', 'streaming', 'keda-hpa-notifications')).toBeUndefined();
      expect(sim.store.get('autoscaling/horizontalpodautoscalers', 'shop', 'checkout')).toBeDefined();
    } finally {
      await sim.stop();
    }
  });
});
