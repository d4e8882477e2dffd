/**
 * Route tests of `/api/v1/scaledobjects/**` against the demo scenario in the simulator, read the
 * way the dashboard reads any cluster (client-node over HTTP, the context's credentials).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KedaDto } from '@/lib/dto/keda';
import type { ScaledObjectDetailDto } from '@/lib/dto/keda-detail';
import type { KedaTimelineDto } from '@/lib/dto/keda-timeline';
import { ManualClock } from '@/sim/clock';
import { startSimulator, type Simulator } from '@/sim/simulator';

import type * as ListRoute from './route';
import type * as DetailRoute from './[namespace]/[name]/route';
import type * as HistoryRoute from './[namespace]/[name]/history/route';

type Routes = { list: typeof ListRoute; detail: typeof DetailRoute; history: typeof HistoryRoute };

const VIEWER = 'scaleguard-sim-viewer';

describe('/api/v1/scaledobjects on the demo', () => {
  let sim: Simulator;
  let routes: Routes;
  let stopCaches: () => void = () => {};

  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const u = new URL(url, 'http://127.0.0.1');
    const parts = u.pathname.replace('/api/v1/scaledobjects', '').split('/').filter(Boolean);
    const req = new Request(u);
    let res: Response;
    if (parts.length === 0) res = await routes.list.GET(req);
    else if (parts.length === 2) res = await routes.detail.GET(req, { params: Promise.resolve({ namespace: parts[0]!, name: parts[1]! }) });
    else res = await routes.history.GET(req, { params: Promise.resolve({ namespace: parts[0]!, name: parts[1]! }) });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    sim = await startSimulator({ scenario: 'demo', port: 0, clock });
    // Four simulated minutes: the consumer group of order-events-consumer is renamed at 3m.
    for (let i = 0; i < 4; i++) await sim.advance(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-keda-'));
    process.env.KUBECONFIG = sim.writeKubeconfig(path.join(dir, 'kubeconfig'));
    process.env.SCALEGUARD_DATA_DIR = dir;
    const { clusterCache } = await import('@/server/cluster');
    for (const ctx of [undefined, VIEWER]) await clusterCache(ctx).whenSettled(30_000);
    stopCaches = () => { for (const ctx of [undefined, VIEWER]) clusterCache(ctx).stop(); };
    routes = {
      list: await import('./route'),
      detail: await import('./[namespace]/[name]/route'),
      history: await import('./[namespace]/[name]/history/route'),
    };
  }, 120_000);

  afterAll(async () => {
    stopCaches();
    await sim?.stop();
  });

  it('lists every ScaledObject and ScaledJob with conditions, HPA and the installation panel', async () => {
    const { status, body } = await get<KedaDto>('/api/v1/scaledobjects');
    expect(status).toBe(200);
    const mailer = body.scaledObjects.find((r) => r.name === 'invoice-mailer')!;
    expect(mailer).toMatchObject({ namespace: 'streaming', min: 0, max: 10, target: { kind: 'Deployment', name: 'invoice-mailer', exists: true } });
    expect(mailer.conditions.map((c) => c.type)).toEqual(['Ready', 'Active', 'Fallback', 'Paused']);
    expect(mailer.hpa).toMatchObject({ name: 'keda-hpa-invoice-mailer', exists: true, ownedBy: 'invoice-mailer' });
    expect(mailer.triggers[0]).toMatchObject({ type: 'rabbitmq', name: 'invoices', thresholds: { target: 10, activation: 50 } });
    expect(body.scaledObjects.find((r) => r.name === 'notifications')?.pause).toEqual({ annotation: 'autoscaling.keda.sh/paused-replicas', value: '2' });
    expect(body.scaledJobs.length).toBeGreaterThan(0);
    expect(body.installation).toMatchObject({
      installed: true, version: '2.16.1',
      operator: { name: 'keda-operator', ready: 1 }, metricsServer: { ready: 1 },
      webhook: { state: 'registered', configuration: 'keda-admission', failurePolicy: 'Ignore', tone: 'ok' },
      externalMetrics: { state: 'served' },
    });
    expect(body.installation.webhook.explanation).toContain('failurePolicy is Ignore');
  });

  it('filters by namespace and refuses a malformed one', async () => {
    const ok = await get<KedaDto>('/api/v1/scaledobjects?namespace=shop');
    expect(ok.body.scaledObjects.length).toBeGreaterThan(0);
    expect(ok.body.scaledObjects.every((r) => r.namespace === 'shop')).toBe(true);
    const bad = await get<{ detail: string }>('/api/v1/scaledobjects?namespace=Not%20A%20Namespace');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('namespace');
  });

  it('explains seed 003 from the value KEDA\'s metrics server serves', async () => {
    const { status, body } = await get<ScaledObjectDetailDto>('/api/v1/scaledobjects/streaming/invoice-mailer');
    expect(status).toBe(200);
    const t = body.triggers[0]!;
    expect(t.value).toMatchObject({ state: 'ok', value: 40 });
    expect(t.explanation?.sentence).toBe('value 40 ≤ activationValue 50: inactive, so the workload stays at 0 although the HPA would want 4');
    expect(body.activity).toMatchObject({ headline: 'Inactive', computedActive: false });
    expect(body.findings.map((f) => f.rule)).toContain('scaledobject-activation-dominates');
    expect(body.env).toBeNull();
  });

  it('shows the stale Kafka consumer group: what KEDA resolved vs the template now', async () => {
    const { body } = await get<ScaledObjectDetailDto>('/api/v1/scaledobjects/streaming/order-events-consumer');
    expect(body.env).toMatchObject({ state: 'stale', container: 'consumer', containerFrom: 'containers[0]' });
    const group = body.env!.vars.find((v) => v.name === 'KAFKA_GROUP')!;
    expect(group).toMatchObject({ changed: true, keda: { value: 'order-events-v1' }, template: { value: 'order-events-v2' }, changedIn: { revision: 2 } });
    expect(body.findings.map((f) => f.rule)).toContain('scaledobject-stale-env');
    expect(body.refresh.change).toBe('spec.pollingInterval: unset → 30');
    expect(body.actions.map((a) => [a.id, a.allowed])).toEqual([['scaledobject-refresh', true], ['keda-operator-restart', true]]);
    // Active=False with minReplicaCount 1 would be normal; here the old group's lag keeps it active.
    expect(body.triggers[0]!.explanation?.sentence).toContain('with minReplicaCount 1 activation changes nothing');
  });

  it('a read-only user: forbidden to list ScaledObjects by default; given read access (as KEDA\'s chart aggregates it), still may not refresh', async () => {
    const before = await get<KedaDto>(`/api/v1/scaledobjects?context=${VIEWER}`);
    expect(before.body.installation.crds.scaledobjects.state).toBe('forbidden');
    expect(before.body.installation.webhook.state).toBe('unknown');
    expect((await get(`/api/v1/scaledobjects/streaming/order-events-consumer?context=${VIEWER}`)).status).toBe(404);
    const role = await fetch(`${sim.url}/apis/rbac.authorization.k8s.io/v1/clusterroles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
        metadata: { name: 'keda-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
        rules: [{ apiGroups: ['keda.sh'], resources: ['scaledobjects', 'scaledjobs'], verbs: ['get', 'list', 'watch'] }],
      }),
    });
    expect(role.status).toBe(201);
    const deadline = Date.now() + 30_000;
    let body: ScaledObjectDetailDto | undefined;
    while (!body && Date.now() < deadline) {
      const r = await get<ScaledObjectDetailDto>(`/api/v1/scaledobjects/streaming/order-events-consumer?context=${VIEWER}`);
      if (r.status === 200) body = r.body;
      else await new Promise((res) => setTimeout(res, 250));
    }
    const refresh = body!.actions.find((a) => a.id === 'scaledobject-refresh')!;
    expect(refresh.allowed).toBe(false);
    expect(refresh.reason).toContain('patch scaledobjects.keda.sh in namespace streaming');
    expect(body!.actions.find((a) => a.id === 'keda-operator-restart')?.allowed).toBe(false);
  }, 60_000);

  it('answers 404 for an unknown ScaledObject and gives a timeline for a known one', async () => {
    expect((await get('/api/v1/scaledobjects/streaming/nope')).status).toBe(404);
    const { status, body } = await get<KedaTimelineDto>('/api/v1/scaledobjects/streaming/invoice-mailer/history?hours=1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ workload: { kind: 'Deployment', name: 'invoice-mailer' }, bounds: { min: 0, max: 10 } });
    expect(body.activity.at(-1)).toMatchObject({ active: 'False', paused: false });
    expect((await get('/api/v1/scaledobjects/streaming/invoice-mailer/history?hours=9999')).status).toBe(400);
  });
});
