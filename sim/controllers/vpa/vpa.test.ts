/**
 * The simulated VPA (recommender, updater, admission controller) and kubelet resize answers,
 * driven over HTTP on a ManualClock. Pods and their ReplicaSet are created by hand: no workloads
 * controller runs here, so an evicted pod stays gone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { parseScenarioText, type ParsedScenario } from '../../scenario/load';
import { startSimulator, type Simulator } from '../../simulator';
import { hasKubectl, type Json } from '../../test/helpers';
import { vpaAdmissionController } from './admission';
import { kubeletResize } from './kubelet';
import { vpaRecommender } from './recommender';
import { vpaUpdater } from './updater';

const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

interface Opts {
  mode: string;
  replicas?: number;
  minReplicas?: number;
  outcomes?: string[];
  deferredFor?: string;
  inProgressFor?: string;
  serverVersion?: string;
  policy?: string;
  settings?: string;
}

function scenario(o: Opts): ParsedScenario {
  const text = `
apiVersion: sim.scaleguard.dev/v1alpha1
kind: Scenario
metadata: { name: vpa-test }
spec:
  install: [vpa]
  ${o.serverVersion ? `serverVersion: ${o.serverVersion}` : ''}
  controllers: { vpa: { ${o.settings ?? ''} } }
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  updatePolicy: { updateMode: ${o.mode}${o.minReplicas ? `, minReplicas: ${o.minReplicas}` : ''} }
  ${o.policy ?? ''}
---
apiVersion: sim.scaleguard.dev/v1alpha1
kind: Load
metadata: { name: web }
spec:
  target: { kind: Deployment, namespace: shop, name: web }
  per: perPod
  containers: [{ name: app, cpu: 250m, memory: 400Mi }]
${o.outcomes ? `---
apiVersion: sim.scaleguard.dev/v1alpha1
kind: ResizeBehavior
metadata: { name: web }
spec:
  target: { kind: Deployment, namespace: shop, name: web }
  outcomes: [${o.outcomes.join(', ')}]
  ${o.deferredFor ? `deferredFor: ${o.deferredFor}` : ''}
  ${o.inProgressFor ? `inProgressFor: ${o.inProgressFor}` : ''}` : ''}`;
  const s: ParsedScenario = { settings: {}, users: [], docs: [], objects: [], files: [] };
  parseScenarioText(text, 'vpa-test.yaml', s);
  return s;
}

async function api(method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${sim!.url}${p}`, { method, headers: { Authorization: `Bearer ${sim!.adminToken}`, ...(body ? { 'Content-Type': contentType } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Json };
}
const get = async (p: string) => (await api('GET', p)).body;
const PODS = '/api/v1/namespaces/shop/pods';
const VPA = '/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers/web';

/** A Deployment `web`, its ReplicaSet and `replicas` running pods requesting 100m / 128Mi. */
async function workload(replicas: number): Promise<string[]> {
  const dep = await api('POST', '/apis/apps/v1/namespaces/shop/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } } });
  const rs = await api('POST', '/apis/apps/v1/namespaces/shop/replicasets', {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web-7d9f', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: dep.body.metadata.uid, controller: true, blockOwnerDeletion: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  });
  const names: string[] = [];
  for (let i = 0; i < replicas; i++) names.push(await pod(`web-7d9f-${i}`, rs.body.metadata.uid));
  return names;
}

async function pod(name: string, rsUid: string): Promise<string> {
  const created = await api('POST', PODS, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: rsUid, controller: true, blockOwnerDeletion: true }] },
    spec: { nodeName: 'sim-node', containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m' } } }] },
  });
  expect(created.status).toBe(201);
  await api('PATCH', `${PODS}/${name}/status`, { status: { phase: 'Running', startTime: '2026-11-22T00:00:00Z' } }, 'application/merge-patch+json');
  return name;
}

async function start(o: Opts): Promise<string[]> {
  sim = await startSimulator({ scenario: scenario(o), port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [vpaAdmissionController(), vpaRecommender(), vpaUpdater(), kubeletResize()] });
  return workload(o.replicas ?? 1);
}

async function events(name: string): Promise<Json[]> {
  const items = (await get(`/api/v1/namespaces/shop/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`)).items as Json[];
  return items.sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)));
}
const exists = async (name: string) => (await api('GET', `${PODS}/${name}`)).status === 200;
const condition = (p: Json, type: string) => (p.status.conditions ?? []).find((c: Json) => c.type === type);

/** Advances a minute at a time until the updater resized `name` in place; returns the minute it happened. */
async function untilResized(name: string): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await sim!.advance(MIN);
    if ((await events(name)).some((e) => e.reason === 'InPlaceResizedByVPA')) return;
  }
  throw new Error(`${name} was never resized in place`);
}

describe('VPA recommender', () => {
  it('recommends per container with the margin, caps by the policy, keeps the uncapped target', async () => {
    await start({ mode: 'Off', replicas: 2, policy: 'resourcePolicy: { containerPolicies: [{ containerName: "*", maxAllowed: { cpu: 200m }, minAllowed: { memory: 600Mi } }] }' });
    await sim!.advance(30 * MIN);
    const vpa = await get(VPA);
    // 250m per pod: histogram bucket end 258m, +15 % → 296m; 400Mi → bucket end 445019988 bytes, +15 % → 511772986.
    expect(vpa.status.recommendation.containerRecommendations).toEqual([expect.objectContaining({
      containerName: 'app',
      uncappedTarget: { cpu: '296m', memory: '511772986' },
      target: { cpu: '200m', memory: '600Mi' },
    })]);
    const rec = vpa.status.recommendation.containerRecommendations[0];
    // Bounds are capped too.
    expect(rec.upperBound.cpu).toBe('200m');
    expect(rec.lowerBound).toEqual({ cpu: '200m', memory: '600Mi' });
    expect(vpa.status.conditions).toEqual([{ type: 'RecommendationProvided', status: 'True', lastTransitionTime: '2026-11-22T00:01:00Z' }]);
    // Off: nobody touches the pods.
    expect((await get(`${PODS}/web-7d9f-0`)).spec.containers[0].resources.requests.cpu).toBe('100m');
  });

  it('reports NoPodsMatched and ConfigUnsupported as upstream', async () => {
    await start({ mode: 'Off', replicas: 1 });
    await api('POST', '/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers', { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'ghost' }, spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' } } });
    await api('POST', '/apis/apps/v1/namespaces/shop/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'idle' }, spec: { replicas: 0, selector: { matchLabels: { app: 'idle' } }, template: { metadata: { labels: { app: 'idle' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
    await api('POST', '/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers', { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'idle' }, spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' } } });
    await sim!.advance(MIN);
    const idle = await get('/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers/idle');
    expect(idle.status.conditions).toEqual([
      { type: 'NoPodsMatched', status: 'True', reason: 'NoPodsMatched', message: 'No pods match this VPA object', lastTransitionTime: '2026-11-22T00:01:00Z' },
      { type: 'RecommendationProvided', status: 'False', reason: 'NoPodsMatched', message: 'No pods match this VPA object', lastTransitionTime: '2026-11-22T00:01:00Z' },
    ]);
    const ghost = await get('/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers/ghost');
    expect(ghost.status.conditions[0]).toEqual({ type: 'ConfigUnsupported', status: 'True', message: 'Cannot read targetRef', lastTransitionTime: '2026-11-22T00:01:00Z' });
    expect((await get(VPA)).status.conditions.map((c: Json) => `${c.type}=${c.status}`)).toEqual(['RecommendationProvided=True']);
  });
});

describe('VPA updater: Recreate', () => {
  it('evicts a pod below the lower bound through pods/eviction, one at a time, never below minReplicas', async () => {
    const pods = await start({ mode: 'Recreate', replicas: 2 });
    await sim!.advance(10 * MIN);
    const left: string[] = [];
    for (const p of pods) if (await exists(p)) left.push(p);
    expect(left).toHaveLength(1);
    const evicted = pods.find((p) => !left.includes(p))!;
    expect((await events(evicted)).map((e) => [e.type, e.reason, e.message, e.source.component])).toEqual([['Normal', 'EvictedByVPA', 'Pod was evicted by VPA Updater to apply resource recommendation.', 'vpa-updater']]);
    expect((await events('web')).filter((e) => e.reason === 'EvictedPod').map((e) => e.message)).toEqual([`VPA Updater evicted Pod ${evicted} to apply resource recommendation.`]);
    // One live pod left, below the default minReplicas of 2: the updater leaves it alone.
    await sim!.advance(10 * MIN);
    expect(await exists(left[0]!)).toBe(true);
  });

  it('leaves pods inside the recommended range alone', async () => {
    await start({ mode: 'Auto', replicas: 2, policy: 'resourcePolicy: { containerPolicies: [{ containerName: app, maxAllowed: { cpu: 100m, memory: 128Mi } }] }' });
    await sim!.advance(15 * MIN);
    expect(await exists('web-7d9f-0')).toBe(true);
    expect(await exists('web-7d9f-1')).toBe(true);
  });
});

describe('VPA admission controller', () => {
  it('sets new pods’ requests (limits in proportion) from the recommendation and annotates them', async () => {
    await start({ mode: 'Initial', replicas: 1 });
    await sim!.advance(5 * MIN);
    const rs = await get('/apis/apps/v1/namespaces/shop/replicasets/web-7d9f');
    await pod('web-7d9f-new', rs.metadata.uid);
    const p = await get(`${PODS}/web-7d9f-new`);
    const target = (await get(VPA)).status.recommendation.containerRecommendations[0].target;
    expect(p.spec.containers[0].resources.requests).toEqual(target);
    expect(target.cpu).toBe('296m');
    expect(p.spec.containers[0].resources.limits.cpu).toBe('592m');
    expect(p.metadata.annotations).toEqual({ vpaUpdates: 'Pod resources updated by web: container 0: cpu request, memory request, cpu limit', vpaObservedContainers: 'app' });
    // Initial never touches running pods.
    expect((await get(`${PODS}/web-7d9f-0`)).spec.containers[0].resources.requests.cpu).toBe('100m');
  });

  it('leaves pods alone when the mode is Off', async () => {
    await start({ mode: 'Off', replicas: 1 });
    await sim!.advance(5 * MIN);
    const rs = await get('/apis/apps/v1/namespaces/shop/replicasets/web-7d9f');
    await pod('web-7d9f-new', rs.metadata.uid);
    const p = await get(`${PODS}/web-7d9f-new`);
    expect(p.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(p.metadata.annotations).toBeUndefined();
  });
});

describe('VPA in place (InPlaceOrRecreate) with the simulated kubelet', () => {
  const inPlace = (outcomes: string[], extra: Partial<Opts> = {}): Opts => ({ mode: 'InPlaceOrRecreate', replicas: 1, minReplicas: 1, outcomes, ...extra });

  it('resized: the resources follow without a restart', async () => {
    await start(inPlace(['resized']));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    const target = (await get(VPA)).status.recommendation.containerRecommendations[0].target;
    expect(p.spec.containers[0].resources.requests).toEqual(target);
    expect(p.status.containerStatuses[0]).toMatchObject({ name: 'app', restartCount: 0, allocatedResources: target, resources: { requests: target } });
    expect(condition(p, 'PodResizePending')).toBeUndefined();
    expect(condition(p, 'PodResizeInProgress')).toBeUndefined();
    expect((await events('web-7d9f-0')).map((e) => [e.reason, e.message, e.source.component])).toEqual([['InPlaceResizedByVPA', 'Pod was resized in place by VPA Updater.', 'vpa-updater']]);
    await sim!.advance(10 * MIN);
    expect(await exists('web-7d9f-0')).toBe(true);
  });

  it('resized-with-restart: restartCount grows by one', async () => {
    await start(inPlace(['resized-with-restart']));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(p.status.containerStatuses[0].restartCount).toBe(1);
    expect(p.status.containerStatuses[0].resources.requests.cpu).toBe('296m');
  });

  it('deferred: PodResizePending Deferred, evicted more than 5 minutes after the updater first saw it deferred', async () => {
    await start(inPlace(['deferred'], { deferredFor: '10m' }));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(condition(p, 'PodResizePending')).toMatchObject({ status: 'True', reason: 'Deferred', message: expect.stringMatching(/^Node didn't have enough resource: cpu, requested: 296, used: \d+, capacity: 4000$/) });
    expect(p.status.containerStatuses[0].resources.requests.cpu).toBe('100m');
    expect(p.status.resize).toBeUndefined();
    // The clock starts at the next loop (the first to see the pod resizing), as upstream's
    // lastInPlaceAttemptTimeMap: exactly 5 minutes later is not yet "more than 5 minutes".
    await sim!.advance(6 * MIN);
    expect(await exists('web-7d9f-0')).toBe(true);
    await sim!.advance(MIN);
    expect(await exists('web-7d9f-0')).toBe(false);
    expect((await events('web-7d9f-0')).map((e) => e.reason)).toEqual(['InPlaceResizedByVPA', 'EvictedByVPA']);
  });

  it('deferred that clears before the timeout is applied and the pod stays', async () => {
    await start(inPlace(['deferred'], { deferredFor: '2m' }));
    await untilResized('web-7d9f-0');
    await sim!.advance(10 * MIN);
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(condition(p, 'PodResizePending')).toBeUndefined();
    expect(p.status.containerStatuses[0].resources.requests.cpu).toBe('296m');
  });

  it('infeasible: PodResizePending Infeasible, evicted at the next updater loop', async () => {
    await start(inPlace(['infeasible']));
    await untilResized('web-7d9f-0');
    expect(condition(await get(`${PODS}/web-7d9f-0`), 'PodResizePending')).toMatchObject({ reason: 'Infeasible', message: "Node didn't have enough capacity: cpu, requested: 296, capacity: 4000" });
    await sim!.advance(MIN);
    expect(await exists('web-7d9f-0')).toBe(false);
  });

  it('error: PodResizeInProgress reason Error, evicted at the next updater loop', async () => {
    await start(inPlace(['error']));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(condition(p, 'PodResizeInProgress')).toMatchObject({ status: 'True', reason: 'Error' });
    expect(p.status.containerStatuses[0].allocatedResources.cpu).toBe('296m');
    expect(p.status.containerStatuses[0].resources.requests.cpu).toBe('100m');
    await sim!.advance(MIN);
    expect(await exists('web-7d9f-0')).toBe(false);
  });

  it('in progress for too long: evicted only after an hour', async () => {
    await start(inPlace(['resized'], { inProgressFor: '2h' }));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(condition(p, 'PodResizeInProgress')).toMatchObject({ status: 'True' });
    expect(condition(p, 'PodResizeInProgress').reason).toBeUndefined();
    await sim!.advance(61 * MIN);
    expect(await exists('web-7d9f-0')).toBe(true);
    await sim!.advance(MIN);
    expect(await exists('web-7d9f-0')).toBe(false);
  });

  it('InPlace never evicts, even when the resize is infeasible', async () => {
    await start({ mode: 'InPlace', replicas: 1, minReplicas: 1, outcomes: ['infeasible'] });
    await untilResized('web-7d9f-0');
    await sim!.advance(20 * MIN);
    expect(await exists('web-7d9f-0')).toBe(true);
    expect((await events('web-7d9f-0')).filter((e) => e.reason === 'InPlaceResizedByVPA')).toHaveLength(1);
  });

  it('InPlace tries an infeasible pod again only once the recommendation changed', async () => {
    await start({ mode: 'InPlace', replicas: 1, minReplicas: 1, outcomes: ['infeasible'] });
    await untilResized('web-7d9f-0');
    const resizes = async () => (await events('web-7d9f-0')).filter((e) => e.reason === 'InPlaceResizedByVPA').reduce((n, e) => n + (e.count ?? 1), 0);
    await sim!.advance(5 * MIN);
    expect(await resizes()).toBe(1);
    await api('PATCH', VPA, { spec: { resourcePolicy: { containerPolicies: [{ containerName: '*', maxAllowed: { cpu: '150m' } }] } } }, 'application/merge-patch+json');
    await sim!.advance(3 * MIN);
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(p.spec.containers[0].resources.requests.cpu).toBe('150m');
    expect(await resizes()).toBe(2);
    await sim!.advance(5 * MIN);
    expect(await resizes()).toBe(2);
  });

  it('before Kubernetes 1.33 the kubelet reports status.resize instead of conditions', async () => {
    await start(inPlace(['deferred'], { serverVersion: 'v1.32.4' }));
    await untilResized('web-7d9f-0');
    const p = await get(`${PODS}/web-7d9f-0`);
    expect(p.status.resize).toBe('Deferred');
    expect(condition(p, 'PodResizePending')).toBeUndefined();
  });
});

describe.runIf(hasKubectl)('VPA: kubectl', () => {
  it('kubectl get pod -o yaml shows the pending resize as upstream', async () => {
    await start({ mode: 'InPlaceOrRecreate', replicas: 1, minReplicas: 1, outcomes: ['deferred'] });
    await untilResized('web-7d9f-0');
    const dir = mkdtempSync(path.join(tmpdir(), 'vpa-kubectl-'));
    try {
      const kubeconfig = sim!.writeKubeconfig(path.join(dir, 'kubeconfig'));
      const run = (args: string[]) => new Promise<string>((resolve) => {
        const child = spawn('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } });
        let s = '';
        child.stdout.on('data', (d: Buffer) => (s += d.toString()));
        child.on('close', () => resolve(s));
      });
      const yaml = await run(['get', 'pod', 'web-7d9f-0', '-n', 'shop', '-o', 'yaml']);
      expect(yaml).toMatch(/- lastProbeTime: null\n\s+lastTransitionTime: "2026-11-22T00:\d\d:00Z"\n\s+message: 'Node didn''t have enough resource: cpu, requested: 296, used: \d+,\n\s+capacity: 4000'\n\s+reason: Deferred\n\s+status: "True"\n\s+type: PodResizePending/);
      expect(yaml).toMatch(/allocatedResources:\n\s+cpu: 100m/);
      const vpa = await run(['get', 'vpa', 'web', '-n', 'shop']);
      expect(vpa).toMatch(/web\s+InPlaceOrRecreate\s+296m\s+511772986\s+True/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
