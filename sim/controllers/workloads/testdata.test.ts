/** The example scenarios of sim/testdata/controllers/{workloads,hpa,cronhpa} do what their comments say. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TESTDATA, type Json } from '../../test/helpers';
import { cronHpaController } from '../cronhpa';
import { hpaController } from '../hpa';
import { workloadControllers } from '.';
import { startControllerCluster, type ControllerCluster } from './testing';

const example = (dir: string, file: string) => readFileSync(path.join(TESTDATA, 'controllers', dir, file), 'utf8');
const controllers = () => [...workloadControllers(), hpaController(), cronHpaController()];
let c: ControllerCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const cond = (o: Json, type: string) => o.status?.conditions?.find((x: Json) => x.type === type);

describe('example scenarios', () => {
  it('workloads.yaml: a rolling Deployment, a Recreate one and an ordered StatefulSet come up', async () => {
    c = await startControllerCluster(controllers(), example('workloads', 'workloads.yaml'));
    await c.advance(30_000);
    expect((await c.get('/apis/apps/v1/namespaces/shop/deployments/web')).status).toMatchObject({ readyReplicas: 4, availableReplicas: 4 });
    expect((await c.get('/apis/apps/v1/namespaces/shop/deployments/migrator')).status).toMatchObject({ readyReplicas: 1 });
    expect((await c.get('/apis/apps/v1/namespaces/shop/statefulsets/db')).status).toMatchObject({ readyReplicas: 3 });
    expect((await c.get('/api/v1/namespaces/shop/pods/db-2')).status.qosClass).toBe('Guaranteed');
  });

  it('hpa.yaml: convergence, a behavior limit, AmbiguousSelector, FailedGetScale and an External metric', async () => {
    c = await startControllerCluster(controllers(), example('hpa', 'hpa.yaml'));
    await c.advance(60_000);
    const hpa = (name: string) => c!.get(`/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/${name}`);
    const replicas = async (name: string) => (await c!.get(`/apis/apps/v1/namespaces/shop/deployments/${name}`)).spec.replicas;
    expect(await replicas('orders')).toBe(2);
    expect(await replicas('search')).toBe(4); // 2 pods per minute at most
    expect(cond(await hpa('checkout'), 'ScalingActive')).toMatchObject({ reason: 'AmbiguousSelector' });
    expect(cond(await hpa('legacy-search'), 'AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale' });
    expect(await replicas('mailer')).toBe(4); // 120 messages at 30 per pod
    await c.advance(15 * 60_000);
    expect(await replicas('orders')).toBe(6);
  });

  it('cronhpa.yaml: at 09:00 in Shanghai the HPA minimum rises to 6; the weekday/weekend schedule with 7 fails', async () => {
    c = await startControllerCluster(controllers(), example('cronhpa', 'cronhpa.yaml'), '2026-11-22T00:50:00Z');
    await c.advance(15 * 60_000);
    const hpa = await c.get('/apis/autoscaling/v2/namespaces/marketing/horizontalpodautoscalers/nginx-deployment-basic-hpa');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([6, 10]);
    expect((await c.get('/apis/apps/v1/namespaces/marketing/deployments/nginx-deployment-basic')).spec.replicas).toBe(6);
    const landing = await c.get('/apis/autoscaling.alibabacloud.com/v1beta1/namespaces/marketing/cronhorizontalpodautoscalers/landing-campaign');
    expect(landing.status.conditions.find((x: Json) => x.name === 'weekend')).toMatchObject({ state: 'Failed', message: 'Failed to update cron hpa job weekend,because of Failed to add job to cronExecutor,because of End of range (7) above maximum (6): 6-7' });
    expect(landing.status.conditions.find((x: Json) => x.name === 'campaign-start')).toMatchObject({ state: 'Submitted' });
  });
});
