import { afterEach, describe, expect, it } from 'vitest';
import { hasKubectl, type Json } from '../../test/helpers';
import type { Controller } from '../runtime/controller';
import { workloadControllers } from '../workloads';
import { deploymentYaml, eventsFor, startControllerCluster, type ControllerCluster } from '../workloads/testing';
import { hpaController } from '.';

let c: ControllerCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const S = 1000;

function hpaYaml(name: string, target: string, min: number, max: number, metrics = '[{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]', extra = ''): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name}, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  minReplicas: ${min}
  maxReplicas: ${max}
  metrics: ${metrics}${extra}
`;
}

/** A Load document: total CPU of the workload, shared by its ready pods. */
function loadYaml(target: string, cpu: string): string {
  return `apiVersion: sim.scaleguard.dev/v1alpha1
kind: Load
metadata: { name: ${target} }
spec:
  target: { kind: Deployment, namespace: shop, name: ${target} }
  containers: [{ cpu: ${cpu} }]
`;
}

const docs = (...d: string[]) => d.join('---\n');
const controllers = (...extra: Controller[]) => [...workloadControllers(), hpaController(), ...extra];
const hpa = (name: string): Promise<Json> => c!.get(`/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/${name}`);
const replicas = async (name: string): Promise<number> => (await c!.get(`/apis/apps/v1/namespaces/shop/deployments/${name}`)).spec.replicas;
const condition = (h: Json, type: string) => h.status.conditions.find((x: Json) => x.type === type);

describe('HPA controller: replica calculation', () => {
  it('keeps the size within the 0.1 tolerance (ratio 1.05) and scales beyond it (ratio 1.2)', async () => {
    // 3 pods requesting 500m; target 50 %: 787.5m in total is 52 % each (ratio 1.04), 900m is 60 % (ratio 1.2)
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('calm', 'shop', 3), hpaYaml('calm', 'calm', 1, 10), loadYaml('calm', '787500u'),
      deploymentYaml('busy', 'shop', 3), hpaYaml('busy', 'busy', 1, 10), loadYaml('busy', '900m'),
    ));
    await c.advance(15 * S);
    // first sync: the pods became ready 12 s ago, less than one metric window: CPU samples are not trusted yet
    expect(condition(await hpa('busy'), 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)' });
    await c.advance(15 * S);
    expect(await replicas('calm')).toBe(3);
    const calm = await hpa('calm');
    expect(calm.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 52, averageValue: '263m' } } }] });
    expect(condition(calm, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
    expect(await replicas('busy')).toBe(4);
    const busy = await hpa('busy');
    expect(busy.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 4, lastScaleTime: '2026-11-22T00:00:30Z' });
    expect(condition(busy, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
    // the autoscaling/v1 view of the same object
    const v1 = await c.get('/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers/busy');
    expect(v1.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 60 });
    expect((await eventsFor(c, 'shop', 'busy')).filter((e) => e.source.component === 'horizontal-pod-autoscaler').map((e) => `${e.type} ${e.reason}: ${e.message}`)).toContain('Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target');
  });

  it('clamps to maxReplicas and minReplicas and says so in ScalingLimited', async () => {
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('hot', 'shop', 3), hpaYaml('hot', 'hot', 2, 5), loadYaml('hot', '20'),
      deploymentYaml('cold', 'shop', 3), hpaYaml('cold', 'cold', 2, 5), loadYaml('cold', '0'),
    ));
    await c.advance(30 * S);
    expect(await replicas('hot')).toBe(5);
    expect(condition(await hpa('hot'), 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    await c.advance(300 * S);
    expect(await replicas('cold')).toBe(2);
    expect(condition(await hpa('cold'), 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });

  it('does not scale down before the 300 s stabilization window has passed', async () => {
    // 2400m for the first minute (→ 6 pods at 80 % of 500m), then 300m (→ 1 pod)
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('web', 'shop', 3), hpaYaml('web', 'web', 1, 10, '[{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]'),
      loadYaml('web', '{ points: [{ at: 0s, value: 2400m }, { at: 61s, value: 300m }], interpolate: step }'),
    ));
    await c.advance(60 * S);
    expect(await replicas('web')).toBe(6);
    // the last high recommendation was made at 60 s (the load fell at 61 s): it holds through the sync at 360 s
    await c.advance(300 * S);
    expect(await replicas('web')).toBe(6);
    expect(condition(await hpa('web'), 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    await c.advance(15 * S);
    expect(await replicas('web')).toBe(1);
    expect((await eventsFor(c, 'shop', 'web')).map((e) => e.message)).toContain('New size: 1; reason: All metrics below target');
  });

  it('applies behavior policies: at most one pod per minute up', async () => {
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('web', 'shop', 2),
      hpaYaml('web', 'web', 1, 10, undefined, '\n  behavior: { scaleUp: { policies: [{ type: Pods, value: 1, periodSeconds: 60 }] } }'),
      loadYaml('web', '4'),
    ));
    await c.advance(30 * S);
    expect(await replicas('web')).toBe(3);
    expect(condition(await hpa('web'), 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    await c.advance(45 * S);
    expect(await replicas('web')).toBe(3);
    await c.advance(15 * S);
    expect(await replicas('web')).toBe(4);
  });
});

describe('HPA controller: conditions and failures', () => {
  it('two HPAs on one Deployment: ScalingActive=False AmbiguousSelector on both, and no scaling', async () => {
    c = await startControllerCluster(controllers(), docs(deploymentYaml('web', 'shop', 3), hpaYaml('web-a', 'web', 1, 10), hpaYaml('web-b', 'web', 1, 10), loadYaml('web', '20')));
    await c.advance(60 * S);
    const message = 'pods by selector app=web are controlled by multiple HPAs: [shop/web-a shop/web-b]';
    for (const name of ['web-a', 'web-b']) {
      const h = await hpa(name);
      expect(condition(h, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'AmbiguousSelector', message });
      expect(h.status.currentMetrics).toBeUndefined();
      const events = await eventsFor(c, 'shop', name);
      expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'AmbiguousSelector', message }));
      expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message }));
    }
    expect(await replicas('web')).toBe(3);
    await c.send('DELETE', '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web-b', undefined);
    await c.advance(15 * S);
    expect(condition(await hpa('web-a'), 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(await replicas('web')).toBeGreaterThan(3);
  });

  it('a missing target: AbleToScale=False FailedGetScale', async () => {
    c = await startControllerCluster(controllers(), hpaYaml('ghost', 'nope', 1, 3));
    await c.advance(15 * S);
    expect(condition(await hpa('ghost'), 'AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale', message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "nope" not found' });
    expect(await eventsFor(c, 'shop', 'ghost')).toContainEqual(expect.objectContaining({ reason: 'FailedGetScale', message: 'deployments.apps "nope" not found' }));
  });

  it('no Load document: FailedGetResourceMetric with the metrics-server text', async () => {
    c = await startControllerCluster(controllers(), docs(deploymentYaml('web', 'shop', 2), hpaYaml('web', 'web', 1, 5)));
    await c.advance(30 * S);
    const events = (await eventsFor(c, 'shop', 'web')).map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContain('FailedGetResourceMetric: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    expect(events).toContain('FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
  });
});

describe('HPA controller: other metric sources', () => {
  /** Stands in for KEDA's metrics apiserver: serves `queue-depth` for the selector it is given. */
  const provider: Controller = {
    name: 'test-provider', user: 'test', component: 'test',
    start(ctx) {
      ctx.metrics.registerExternal({ read: (ns, metric, sel) => (ns === 'shop' && metric === 's0-queue' && sel['scaledobject.keda.sh/name'] === 'worker' ? { value: 45, timestamp: ctx.clock.now() } : undefined) });
    },
  };

  it('reads External metrics through ctx.metrics (AverageValue: total over the per-pod target)', async () => {
    c = await startControllerCluster(controllers(provider), docs(
      deploymentYaml('worker', 'shop', 2),
      hpaYaml('keda-hpa-worker', 'worker', 1, 10, '[{ type: External, external: { metric: { name: s0-queue, selector: { matchLabels: { scaledobject.keda.sh/name: worker } } }, target: { type: AverageValue, averageValue: "10" } } }]'),
    ));
    await c.advance(15 * S);
    // 45 in total at 10 per pod wants 5; without behavior one step may at most double (or reach 4)
    expect(await replicas('worker')).toBe(4);
    expect(condition(await hpa('keda-hpa-worker'), 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    await c.advance(15 * S);
    expect(await replicas('worker')).toBe(5);
    const h = await hpa('keda-hpa-worker');
    expect(h.status.currentMetrics).toEqual([{ type: 'External', external: { metric: { name: 's0-queue', selector: { matchLabels: { 'scaledobject.keda.sh/name': 'worker' } } }, current: { averageValue: '11250m' } } }]);
    expect(condition(h, 'ScalingActive').message).toBe('the HPA was able to successfully calculate a replica count from external metric s0-queue(&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: worker,},MatchExpressions:[]LabelSelectorRequirement{},})');
  });

  it('reads Pods and External metrics from MetricValue documents, and fails an unknown one with FailedGetExternalMetric', async () => {
    const metricValue = (type: string, name: string, value: string) => `apiVersion: sim.scaleguard.dev/v1alpha1\nkind: MetricValue\nmetadata: { name: ${name} }\nspec: { metric: { namespace: shop, type: ${type}, name: ${name} }, value: ${value} }\n`;
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('api', 'shop', 2), hpaYaml('api', 'api', 1, 10, '[{ type: Pods, pods: { metric: { name: rps }, target: { type: AverageValue, averageValue: "100" } } }]'), metricValue('Pods', 'rps', '300'),
      deploymentYaml('etl', 'shop', 2), hpaYaml('etl', 'etl', 1, 10, '[{ type: External, external: { metric: { name: lag }, target: { type: Value, value: "50" } } }, { type: External, external: { metric: { name: missing }, target: { type: Value, value: "1" } } }]'), metricValue('External', 'lag', '150'),
    ));
    await c.advance(15 * S);
    // every pod reports 300 against 100: 3 × 2 = 6 wanted, 4 allowed in one step
    expect(await replicas('api')).toBe(4);
    expect((await hpa('api')).status.currentMetrics).toEqual([{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '300' } } }]);
    // 150 against a Value of 50 on 2 ready pods: 6 wanted, 4 allowed; the failing second metric does not block a scale-up
    expect(await replicas('etl')).toBe(4);
    const etl = await hpa('etl');
    expect(etl.status.currentMetrics).toEqual([{ type: 'External', external: { metric: { name: 'lag' }, current: { value: '150' } } }, { type: '' }]);
    expect(await eventsFor(c, 'shop', 'etl')).toContainEqual(expect.objectContaining({ reason: 'FailedGetExternalMetric', message: 'unable to get external metric shop/missing/nil: unable to fetch metrics from external metrics API: the server could not find the metric missing for namespace shop' }));
  });
});

describe('HPA controller: ContainerResource', () => {
  it('measures one container of the pods (AverageValue)', async () => {
    const twoContainers = deploymentYaml('web', 'shop', 2).replace('          resources: { requests: { cpu: 500m, memory: 256Mi }, limits: { memory: 256Mi } }\n', '          resources: { requests: { cpu: 500m, memory: 256Mi }, limits: { memory: 256Mi } }\n        - name: proxy\n          image: envoy:1.32\n');
    c = await startControllerCluster(controllers(), docs(
      twoContainers,
      hpaYaml('web', 'web', 1, 10, '[{ type: ContainerResource, containerResource: { name: cpu, container: app, target: { type: AverageValue, averageValue: 200m } } }]'),
      'apiVersion: sim.scaleguard.dev/v1alpha1\nkind: Load\nmetadata: { name: web }\nspec:\n  target: { kind: Deployment, namespace: shop, name: web }\n  containers: [{ name: app, cpu: 600m }, { name: proxy, cpu: 2 }]\n',
    ));
    await c.advance(30 * S);
    // app uses 300m per pod (600m over 2 pods), 1.5 × the 200m target: ceil(1.5 × 2) = 3; the proxy's CPU does not count
    expect(await replicas('web')).toBe(3);
    expect((await hpa('web')).status.currentMetrics).toEqual([{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageValue: '300m' } } }]);
  });
});

describe.runIf(hasKubectl)('kubectl get hpa -A', () => {
  it('shows real TARGETS and REPLICAS after a sync, and the AmbiguousSelector condition in describe', async () => {
    c = await startControllerCluster(controllers(), docs(
      deploymentYaml('web', 'shop', 3), hpaYaml('web', 'web', 1, 10), loadYaml('web', '900m'),
      deploymentYaml('api', 'shop', 2), hpaYaml('api-a', 'api', 1, 10), hpaYaml('api-b', 'api', 1, 10), loadYaml('api', '500m'),
    ));
    await c.advance(30 * S);
    const r = await c.kubectl(['get', 'hpa', '-A']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/shop\s+web\s+Deployment\/web\s+cpu: 60%\/50%\s+1\s+10\s+3\s/);
    expect(r.stdout).toMatch(/shop\s+api-a\s+Deployment\/api\s+cpu: <unknown>\/50%\s+1\s+10\s+2\s/);
    const d = await c.kubectl(['describe', 'hpa', 'api-b', '-n', 'shop']);
    expect(d.stdout).toMatch(/ScalingActive\s+False\s+AmbiguousSelector\s+pods by selector app=api are controlled by multiple HPAs: \[shop\/api-a shop\/api-b\]/);
  });
});
