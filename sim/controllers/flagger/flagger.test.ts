/**
 * The simulated Flagger, driven over HTTP on a ManualClock: initialisation, promotion, failure,
 * the HPA → ScaledObject switch of seed 000 before and after flagger#1677, and flagger#1934.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { ManualClock } from '../../clock';
import { parseScenarioText, type ParsedScenario } from '../../scenario/load';
import { startSimulator, type Simulator } from '../../simulator';
import { hasKubectl, type Json } from '../../test/helpers';
import { flaggerController } from './controller';
import { instantRollouts } from './testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function scenario(text: string): ParsedScenario {
  const s: ParsedScenario = { settings: {}, users: [], docs: [], objects: [], files: [] };
  parseScenarioText(text, 'test.yaml', s);
  return s;
}

const base = (release: string, autoscaler: 'hpa' | 'so' = 'hpa', extra = '') => `
apiVersion: sim.scaleguard.dev/v1alpha1
kind: Scenario
metadata: { name: flagger-test }
spec:
  install: [keda, flagger]
  controllers: { flagger: { release: "${release}" } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: podinfo, namespace: test, labels: { app: podinfo, team: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: podinfo } }
  template:
    metadata: { labels: { app: podinfo } }
    spec: { containers: [{ name: podinfod, image: "ghcr.io/stefanprodan/podinfo:6.0.0", resources: { requests: { cpu: 100m } } }] }
---
${autoscaler === 'hpa' ? `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: podinfo, namespace: test }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  minReplicas: 2
  maxReplicas: 4
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 99 } } }]` : `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: podinfo-so, namespace: test }
spec:
  scaleTargetRef: { name: podinfo }
  minReplicaCount: 2
  maxReplicaCount: 4
  triggers: [{ type: cpu, metricType: Utilization, metadata: { value: "99" } }]`}
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: podinfo, namespace: test }
spec:
  provider: ${extra.includes('nginx') ? 'nginx' : 'kubernetes'}
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  autoscalerRef: ${autoscaler === 'hpa' ? '{ apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo }' : '{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: podinfo-so }'}
  service: { port: 9898 }
  analysis: { interval: 1m, threshold: 2, ${extra.includes('nginx') ? 'stepWeight: 10, maxWeight: 30' : 'iterations: 2'} }
${extra.includes('fail') ? `---
apiVersion: sim.scaleguard.dev/v1alpha1
kind: CanaryAnalysis
metadata: { name: podinfo-fails }
spec: { canary: { namespace: test, name: podinfo }, outcome: fail }` : ''}`;

async function start(text: string): Promise<Simulator> {
  sim = await startSimulator({ scenario: scenario(text), port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [instantRollouts(), flaggerController()] });
  return sim;
}

async function api(method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${sim!.url}${p}`, { method, headers: { Authorization: `Bearer ${sim!.adminToken}`, ...(body ? { 'Content-Type': contentType } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Json };
}
const get = async (p: string) => (await api('GET', p)).body;
const CANARY = '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo';
const DEPLOY = '/apis/apps/v1/namespaces/test/deployments';
const HPA = '/apis/autoscaling/v2/namespaces/test/horizontalpodautoscalers';
const SO = '/apis/keda.sh/v1alpha1/namespaces/test/scaledobjects';

async function canaryEvents(): Promise<{ type: string; reason: string; message: string; count: number }[]> {
  const l = await get(`/api/v1/namespaces/test/events?fieldSelector=${encodeURIComponent('involvedObject.kind=Canary,involvedObject.name=podinfo')}`);
  // Within one instant, order by resourceVersion: the creation order for Events seen once (count 1).
  return (l.items as Json[]).sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => ({ type: e.type, reason: e.reason, message: e.message, count: e.count }));
}
const messages = async () => (await canaryEvents()).map((e) => e.message);

async function newRevision(image: string) {
  await api('PATCH', `${DEPLOY}/podinfo`, { spec: { template: { spec: { containers: [{ name: 'podinfod', image }] } } } }, 'application/strategic-merge-patch+json');
}

/** Advances one analysis interval at a time, recording the phase after each. */
async function phases(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    await sim!.advance(MIN);
    out.push((await get(CANARY)).status.phase);
  }
  return out;
}

describe('Flagger: initialisation', () => {
  it('creates the primary Deployment and HPA, scales the canary to zero, and reports Initialized', async () => {
    await start(base('1.44.0'));
    expect((await get(CANARY)).status).toMatchObject({ phase: 'Initializing', conditions: [{ type: 'Promoted', status: 'Unknown', reason: 'Initializing', message: 'New Deployment detected, starting initialization.' }] });
    await sim!.advance(2 * MIN);

    const primary = await get(`${DEPLOY}/podinfo-primary`);
    expect(primary.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: 'podinfo', controller: true })]);
    expect(primary.metadata.labels).toEqual({ app: 'podinfo-primary' });
    expect(primary.spec.selector).toEqual({ matchLabels: { app: 'podinfo-primary' } });
    expect(primary.spec.replicas).toBe(2);
    expect(primary.spec.template.metadata.labels).toEqual({ app: 'podinfo-primary' });
    expect(primary.spec.template.metadata.annotations['flagger-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(primary.spec.template.spec.containers[0].image).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');

    const hpa = await get(`${HPA}/podinfo-primary`);
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo-primary' }, minReplicas: 2, maxReplicas: 4, metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 99 } } }] });
    expect(hpa.metadata.ownerReferences[0]).toMatchObject({ kind: 'Canary', name: 'podinfo' });
    expect((await get(`${DEPLOY}/podinfo`)).spec.replicas).toBe(0);

    const st = (await get(CANARY)).status;
    expect(st).toMatchObject({ phase: 'Initialized', canaryWeight: 0, failedChecks: 0, iterations: 0, trackedConfigs: {}, lastTransitionTime: '2026-11-22T00:02:00Z', conditions: [{ type: 'Promoted', status: 'True', reason: 'Initialized', message: 'Deployment initialization completed.' }] });
    expect(st.lastAppliedSpec).toBe(st.lastPromotedSpec);
    // The first tick creates the primary and finds it not rolled out yet; the second finishes (as upstream).
    expect(await canaryEvents()).toEqual([
      { type: 'Warning', reason: 'Synced', message: 'podinfo-primary.test not ready: waiting for rollout to finish: observed deployment generation less than desired generation', count: 1 },
      { type: 'Normal', reason: 'Synced', message: 'Initialization done! podinfo.test', count: 1 },
    ]);

    // Nothing changed: later ticks leave the Canary alone.
    expect(await phases(2)).toEqual(['Initialized', 'Initialized']);
    const flagger = await get('/apis/apps/v1/namespaces/flagger-system/deployments/flagger');
    expect(flagger.spec.template.spec.containers[0].image).toBe('ghcr.io/fluxcd/flagger:1.44.0');
  });

  it('waits for the primary to be ready before finishing initialisation', async () => {
    sim = await startSimulator({ scenario: scenario(base('1.44.0')), port: 0, clock: new ManualClock('2026-11-22T00:00:00Z'), controllers: [flaggerController()] });
    await sim.advance(MIN);
    expect((await get(CANARY)).status.phase).toBe('Initializing');
    expect(await canaryEvents()).toEqual([{ type: 'Warning', reason: 'Synced', message: 'podinfo-primary.test not ready: waiting for rollout to finish: observed deployment generation less than desired generation', count: 1 }]);
    expect((await get(`${DEPLOY}/podinfo`)).spec.replicas).toBe(2);
  });
});

describe('Flagger: analysis', () => {
  it('promotes a new revision step by step (canary weights) and ends Succeeded', async () => {
    await start(base('1.44.0', 'hpa', 'nginx'));
    await sim!.advance(2 * MIN);
    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await phases(7)).toEqual(['Progressing', 'Progressing', 'Progressing', 'Progressing', 'Promoting', 'Finalising', 'Succeeded']);
    expect(await messages()).toEqual([
      'podinfo-primary.test not ready: waiting for rollout to finish: observed deployment generation less than desired generation',
      'Initialization done! podinfo.test',
      'New revision detected! Scaling up podinfo.test',
      'Starting canary analysis for podinfo.test',
      'Advance podinfo.test canary weight 10',
      'Advance podinfo.test canary weight 20',
      'Advance podinfo.test canary weight 30',
      'Copying podinfo.test template spec to podinfo-primary.test',
      'Routing all traffic to primary',
      'Promotion completed! Scaling down podinfo.test',
    ]);
    const primary = await get(`${DEPLOY}/podinfo-primary`);
    expect(primary.spec.template.spec.containers[0].image).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect((await get(`${DEPLOY}/podinfo`)).spec.replicas).toBe(0);
    const st = (await get(CANARY)).status;
    expect(st).toMatchObject({ phase: 'Succeeded', canaryWeight: 0, conditions: [{ type: 'Promoted', status: 'True', reason: 'Succeeded', message: 'Canary analysis completed successfully, promotion finished.' }] });
    expect(st.lastPromotedSpec).toBe(st.lastAppliedSpec);
  });

  it('runs blue/green iterations with the kubernetes provider', async () => {
    await start(base('1.44.0'));
    await sim!.advance(2 * MIN);
    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await phases(6)).toEqual(['Progressing', 'Progressing', 'Progressing', 'Progressing', 'Promoting', 'Finalising']);
    expect(await phases(1)).toEqual(['Succeeded']);
    expect(await messages()).toContain('Advance podinfo.test canary iteration 2/2');
    expect((await get(`${DEPLOY}/podinfo`)).spec.replicas).toBe(0);
  });

  it('rolls back when the analysis fails threshold times', async () => {
    await start(base('1.44.0', 'hpa', 'nginx fail'));
    await sim!.advance(2 * MIN);
    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.2');
    expect(await phases(6)).toEqual(['Progressing', 'Progressing', 'Progressing', 'Progressing', 'Failed', 'Failed']);
    const events = await canaryEvents();
    expect(events.filter((e) => e.message.startsWith('Halt advancement'))).toEqual([expect.objectContaining({ type: 'Warning', count: 2 })]);
    expect(events.slice(-2)).toEqual([
      { type: 'Warning', reason: 'Synced', message: 'Rolling back podinfo.test failed checks threshold reached 2', count: 1 },
      { type: 'Warning', reason: 'Synced', message: 'Canary failed! Scaling down podinfo.test', count: 1 },
    ]);
    expect((await get(CANARY)).status).toMatchObject({ phase: 'Failed', canaryWeight: 0, conditions: [{ type: 'Promoted', status: 'False', reason: 'Failed', message: 'Canary analysis failed, Deployment scaled to zero.' }] });
    expect((await get(`${DEPLOY}/podinfo`)).spec.replicas).toBe(0);
    expect((await get(`${DEPLOY}/podinfo-primary`)).spec.template.spec.containers[0].image).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
  });
});

/** A stand-in for KEDA's admission webhook with only its HPA-ownership check (keda apis/keda/v1alpha1/scaledobject_webhook.go). */
async function installKedaWebhook(requests: Json[]) {
  sim!.api.registerWebhookBackend('keda', 'keda-admission-webhooks', (review) => {
    const so = review.request.object as KubeObject & { spec: Json };
    requests.push(so);
    const hpaRes = sim!.api.resourceFor('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    const target = so.spec.scaleTargetRef.name;
    const hpaName = so.spec.advanced?.horizontalPodAutoscalerConfig?.name || `keda-hpa-${so.metadata.name}`;
    const transfer = so.metadata.annotations?.['scaledobject.keda.sh/transfer-hpa-ownership'] === 'true';
    for (const hpa of sim!.api.list(hpaRes, review.request.namespace).items) {
      const ref = (hpa.spec as Json).scaleTargetRef;
      if (ref.name !== target || ref.kind !== 'Deployment') continue;
      if ((hpa.metadata.ownerReferences ?? []).some((o) => o.kind === 'ScaledObject' && o.name === so.metadata.name)) continue;
      if (!transfer || hpa.metadata.name !== hpaName) {
        return { allowed: false, status: { code: 403, reason: 'Forbidden', message: `the workload '${target}' of type 'apps/v1.Deployment' is already managed by the hpa '${hpa.metadata.name}'` } };
      }
    }
    return { allowed: true };
  });
  await api('POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'keda-admission' },
    webhooks: [{
      name: 'vscaledobject.kb.io', admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Ignore',
      clientConfig: { service: { namespace: 'keda', name: 'keda-admission-webhooks', path: '/validate-keda-sh-v1alpha1-scaledobject' } },
      rules: [{ apiGroups: ['keda.sh'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: ['scaledobjects'] }],
    }],
  });
}

/** Seed 000: the canary's ScaledObject adopts the canary HPA, then the Canary's autoscalerRef moves to it. */
async function switchToScaledObject(requests: Json[]) {
  await sim!.advance(2 * MIN);
  await installKedaWebhook(requests);
  const created = await api('POST', SO, {
    apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject',
    metadata: { name: 'podinfo', namespace: 'test', annotations: { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' } },
    spec: { scaleTargetRef: { name: 'podinfo' }, minReplicaCount: 2, maxReplicaCount: 4, advanced: { horizontalPodAutoscalerConfig: { name: 'podinfo' } }, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '99' } }] },
  });
  expect(created.status).toBe(201);
  await api('PATCH', CANARY, { spec: { autoscalerRef: { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'podinfo' } } }, 'application/merge-patch+json');
}

describe('Flagger: autoscalerRef HPA → ScaledObject (seed 000)', () => {
  it('1.37.0 (before flagger#1677): KEDA refuses <so>-primary, the Canary shows the refusal in Warning events and stays blocked', async () => {
    await start(base('1.37.0'));
    const requests: Json[] = [];
    await switchToScaledObject(requests);
    await sim!.advance(MIN);
    const denial = `creating Keda ScaledObject podinfo-primary.test failed: admission webhook "vscaledobject.kb.io" denied the request: the workload 'podinfo-primary' of type 'apps/v1.Deployment' is already managed by the hpa 'podinfo-primary'`;
    expect((await canaryEvents()).at(-1)).toEqual({ type: 'Warning', reason: 'Synced', message: denial, count: 1 });
    const sent = requests.find((r) => r.metadata.name === 'podinfo-primary');
    expect(sent.metadata.annotations ?? {}).toEqual({});
    expect(sent.spec.advanced.horizontalPodAutoscalerConfig.name).toBe('podinfo');
    expect((await api('GET', `${SO}/podinfo-primary`)).status).toBe(404);
    expect((await get(`${HPA}/podinfo-primary`)).spec.scaleTargetRef.name).toBe('podinfo-primary');

    // A new revision cannot start: every tick stops at the refused primary scaler.
    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await phases(2)).toEqual(['Initialized', 'Initialized']);
    expect((await canaryEvents()).at(-1)).toEqual({ type: 'Warning', reason: 'Synced', message: denial, count: 3 });
    expect(await messages()).not.toContain('New revision detected! Scaling up podinfo.test');
    expect((await get(CANARY)).status.conditions[0]).toMatchObject({ type: 'Promoted', status: 'True', reason: 'Initialized' });
  });

  it('1.38.0 (with flagger#1677): the transfer annotation and the -primary HPA name are copied, KEDA admits it, the old primary HPA stays', async () => {
    await start(base('1.38.0'));
    const requests: Json[] = [];
    await switchToScaledObject(requests);
    await sim!.advance(MIN);
    const primary = await get(`${SO}/podinfo-primary`);
    expect(primary.metadata.annotations).toEqual({ 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' });
    expect(primary.metadata.ownerReferences[0]).toMatchObject({ kind: 'Canary', name: 'podinfo' });
    expect(primary.spec).toMatchObject({ scaleTargetRef: { name: 'podinfo-primary' }, minReplicaCount: 2, maxReplicaCount: 4, advanced: { horizontalPodAutoscalerConfig: { name: 'podinfo-primary' } } });
    expect((await canaryEvents()).filter((e) => e.message.includes('ScaledObject'))).toEqual([]);
    expect((await api('GET', `${HPA}/podinfo-primary`)).status).toBe(200);

    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await phases(1)).toEqual(['Progressing']);
  });
});

describe('Flagger: flagger#1934', () => {
  async function recreateCanaryAndPromote() {
    await sim!.advance(2 * MIN);
    expect((await get(`${SO}/podinfo-so`)).metadata.annotations).toEqual({ 'autoscaling.keda.sh/paused-replicas': '0' });
    const cd = await get(CANARY);
    expect((await api('DELETE', CANARY)).status).toBe(200);
    await sim!.settled();
    expect((await api('GET', `${SO}/podinfo-so-primary`)).status).toBe(404);
    await api('POST', '/apis/flagger.app/v1beta1/namespaces/test/canaries', { apiVersion: cd.apiVersion, kind: cd.kind, metadata: { name: 'podinfo', namespace: 'test' }, spec: cd.spec });
    await sim!.advance(2 * MIN);
    await newRevision('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await phases(6)).toEqual(['Progressing', 'Progressing', 'Progressing', 'Progressing', 'Promoting', 'Finalising']);
    expect(await phases(1)).toEqual(['Succeeded']);
  }

  it('1.38.0: a primary ScaledObject created while the canary one is paused inherits paused-replicas and keeps it after promotion', async () => {
    await start(base('1.38.0', 'so'));
    await recreateCanaryAndPromote();
    const primary = await get(`${SO}/podinfo-so-primary`);
    expect(primary.metadata.annotations['autoscaling.keda.sh/paused-replicas']).toBe('0');
    expect((await get(CANARY)).status.conditions[0]).toMatchObject({ reason: 'Succeeded', status: 'True' });
  });

  it('1.37.0: annotations are not copied, so the primary is not paused', async () => {
    await start(base('1.37.0', 'so'));
    await recreateCanaryAndPromote();
    const primary = await get(`${SO}/podinfo-so-primary`);
    expect(primary.metadata.annotations?.['autoscaling.keda.sh/paused-replicas']).toBeUndefined();
  });

  it('on first initialisation the primary is created before the canary ScaledObject is paused', async () => {
    await start(base('1.44.0', 'so'));
    await sim!.advance(2 * MIN);
    expect((await get(`${SO}/podinfo-so-primary`)).metadata.annotations?.['autoscaling.keda.sh/paused-replicas']).toBeUndefined();
    expect((await get(`${SO}/podinfo-so`)).metadata.annotations).toEqual({ 'autoscaling.keda.sh/paused-replicas': '0' });
  });
});

describe.runIf(hasKubectl)('Flagger: kubectl describe canary', () => {
  it('shows status, the Promoted condition and Flagger events', async () => {
    await start(base('1.44.0'));
    await sim!.advance(2 * MIN);
    const dir = mkdtempSync(path.join(tmpdir(), 'flagger-kubectl-'));
    try {
      const kubeconfig = sim!.writeKubeconfig(path.join(dir, 'kubeconfig'));
      const out = await new Promise<string>((resolve) => {
        const child = spawn('kubectl', ['describe', 'canary', 'podinfo', '-n', 'test'], { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } });
        let s = '';
        child.stdout.on('data', (d: Buffer) => (s += d.toString()));
        child.on('close', () => resolve(s));
      });
      expect(out).toMatch(/Phase:\s+Initialized/);
      expect(out).toMatch(/Message:\s+Deployment initialization completed\./);
      expect(out).toMatch(/Normal\s+Synced\s+\S+\s+flagger\s+Initialization done! podinfo\.test/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
