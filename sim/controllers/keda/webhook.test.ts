/**
 * KEDA's admission webhook as clients see it: every check of upstream's scaledobject_webhook.go
 * with its message and code, through the API over HTTP, client-node and kubectl.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKubectl } from '../../test/helpers';
import { deployment, scaledObject, SO_PATH, startKeda, type KedaCluster } from './test-support';

const DENIED = 'admission webhook "vscaledobject.kb.io" denied the request: ';
const kafka = (extra: Record<string, unknown> = {}) => ({ type: 'kafka', metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'g', topic: 't' }, ...extra });
const cpu = { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } };

const fixtures = [
  deployment('web'), deployment('legacy'), deployment('ignored'), deployment('nores', { noRequests: true }), deployment('taken'), deployment('other'),
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'legacy-hpa', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' }, maxReplicas: 5 } },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'ignored-hpa', namespace: 'shop', annotations: { 'validations.keda.sh/hpa-ownership': 'false' } }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ignored' }, maxReplicas: 5 } },
  scaledObject('taken', { scaleTargetRef: { name: 'taken' }, triggers: [kafka()] }),
  scaledObject('custom', { scaleTargetRef: { name: 'other' }, advanced: { horizontalPodAutoscalerConfig: { name: 'shared' } }, triggers: [kafka()] }),
];

describe('KEDA admission webhook vscaledobject.kb.io', () => {
  let c: KedaCluster;
  beforeAll(async () => {
    c = await startKeda(fixtures);
  });
  afterAll(async () => c.close());

  const denials: [string, Record<string, unknown>, string, number?][] = [
    ['an HPA already scales the workload', scaledObject('a1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }), "the workload 'legacy' of type 'apps/v1.Deployment' is already managed by the hpa 'legacy-hpa'"],
    ['transfer annotation without the HPA named in advanced settings', scaledObject('a2', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }, { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' }), "the existing hpa 'legacy-hpa' for workload 'legacy' of type 'apps/v1.Deployment' must be specified by name in advanced settings to enable ownership transfer"],
    ['transfer annotation naming another HPA', scaledObject('a3', { scaleTargetRef: { name: 'legacy' }, advanced: { horizontalPodAutoscalerConfig: { name: 'nope' } }, triggers: [kafka()] }, { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' }), "the existing hpa 'legacy-hpa' for workload 'legacy' of type 'apps/v1.Deployment' must be specified by name in advanced settings to enable ownership transfer"],
    ['another ScaledObject scales the workload', scaledObject('a4', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'taken' }, triggers: [kafka()] }), "the workload 'taken' of type 'apps/v1.Deployment' is already managed by the ScaledObject 'taken'"],
    ['another ScaledObject owns the HPA name', scaledObject('a5', { scaleTargetRef: { name: 'web' }, advanced: { horizontalPodAutoscalerConfig: { name: 'shared' } }, triggers: [kafka()] }), "the HPA 'shared' is already managed by the ScaledObject 'custom'"],
    ['the default HPA name of another ScaledObject (upstream dereferences a nil config: a recovered panic)', scaledObject('a6', { scaleTargetRef: { name: 'web' }, advanced: { horizontalPodAutoscalerConfig: { name: 'keda-hpa-taken' } }, triggers: [kafka()] }), 'panic: runtime error: invalid memory address or nil pointer dereference [recovered]', 500],
    ['a cpu trigger while a container lacks the cpu request', scaledObject('a7', { scaleTargetRef: { name: 'nores' }, minReplicaCount: 1, triggers: [cpu] }), "the scaledobject has a cpu trigger but the container app doesn't have the cpu request defined"],
    ['a memory trigger while a container lacks the memory request', scaledObject('a8', { scaleTargetRef: { name: 'nores' }, minReplicaCount: 1, triggers: [kafka(), { type: 'memory', metricType: 'AverageValue', metadata: { value: '100Mi' } }] }), "the scaledobject has a memory trigger but the container app doesn't have the memory request defined"],
    ['only cpu/memory triggers with minReplicaCount 0', scaledObject('a9', { scaleTargetRef: { name: 'web' }, minReplicaCount: 0, triggers: [cpu] }), "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)"],
    ['only cpu/memory triggers with minReplicaCount unset', scaledObject('a10', { scaleTargetRef: { name: 'web' }, triggers: [cpu] }), "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)"],
    ['a cpu trigger on a missing Deployment (the webhook cache answers NotFound)', scaledObject('a11', { scaleTargetRef: { name: 'ghost' }, minReplicaCount: 1, triggers: [cpu] }), 'Deployment.apps "ghost" not found', 404],
    ['idleReplicaCount not below minReplicaCount', scaledObject('a12', { scaleTargetRef: { name: 'web' }, idleReplicaCount: 2, minReplicaCount: 2, triggers: [kafka()] }), 'IdleReplicaCount=2 must be less than MinReplicaCount=2'],
    ['fallback with only cpu triggers', scaledObject('a13', { scaleTargetRef: { name: 'web' }, minReplicaCount: 1, fallback: { failureThreshold: 3, replicas: 2 }, triggers: [cpu] }), 'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled'],
    ['fallback with a Value trigger', scaledObject('a14', { scaleTargetRef: { name: 'web' }, fallback: { failureThreshold: 3, replicas: 2 }, triggers: [kafka({ metricType: 'Value' })] }), 'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled'],
    ['duplicate trigger names', scaledObject('a15', { scaleTargetRef: { name: 'web' }, triggers: [kafka({ name: 'lag' }), kafka({ name: 'lag' })] }), 'triggerName "lag" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique'],
    ['useCachedMetrics on a cron trigger', scaledObject('a16', { scaleTargetRef: { name: 'web' }, triggers: [{ type: 'cron', useCachedMetrics: true, metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '3' } }] }), 'property "useCachedMetrics" is not supported for "cron" scaler'],
    ['a name longer than a label value', scaledObject('x'.repeat(64), { scaleTargetRef: { name: 'web' }, triggers: [kafka()] }), `scaledobject name "${'x'.repeat(64)}" is 64 characters long; must be no more than 63 characters because it is used as the "scaledobject.keda.sh/name" label value`],
    ['an HPA name longer than a label value', scaledObject('y'.repeat(60), { scaleTargetRef: { name: 'web' }, triggers: [kafka()] }), `HPA name "keda-hpa-${'y'.repeat(60)}" derived from scaledobject is 69 characters long; must be no more than 63 characters; set spec.advanced.horizontalPodAutoscalerConfig.name to a shorter name or shorten the scaledobject name`],
    ['scalingModifiers without a formula', scaledObject('a17', { scaleTargetRef: { name: 'web' }, advanced: { scalingModifiers: { target: '2' } }, triggers: [kafka()] }), 'error ScalingModifiers.Formula is mandatory'],
  ];

  it.each(denials)('refuses %s', async (_what, so, message, code = 403) => {
    const r = await c.req('POST', SO_PATH, so);
    expect(r.status).toBe(code);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', code, message: DENIED + message });
    expect(c.get('so', (so.metadata as { name: string }).name)).toBeUndefined();
  });

  it('runs the CRD validation before the webhook: minReplicaCount > maxReplicaCount is refused by the CRD rule', async () => {
    const r = await c.req('POST', SO_PATH, scaledObject('b1', { scaleTargetRef: { name: 'web' }, minReplicaCount: 5, maxReplicaCount: 3, triggers: [kafka()] }));
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('minReplicaCount must be less than or equal to maxReplicaCount');
  });

  const admitted: [string, Record<string, unknown>, string?][] = [
    ['an HPA annotated validations.keda.sh/hpa-ownership: "false" is ignored', scaledObject('ok1', { scaleTargetRef: { name: 'ignored' }, triggers: [kafka()] })],
    ['the cpu/memory request check is skipped on dry-run', scaledObject('ok2', { scaleTargetRef: { name: 'nores' }, minReplicaCount: 1, triggers: [cpu] }), '?dryRun=All'],
    ['the scale-to-zero check is skipped on dry-run', scaledObject('ok3', { scaleTargetRef: { name: 'web' }, triggers: [cpu] }), '?dryRun=All'],
    ['the cpu check is skipped for targets other than Deployments and StatefulSets', scaledObject('ok4', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs' }, triggers: [cpu] }), '?dryRun=All'],
  ];

  it.each(admitted)('admits: %s', async (_what, so, query = '') => {
    const r = await c.req('POST', SO_PATH + query, so);
    expect(r.status).toBe(201);
  });

  it('refuses the same way on dry-run for the ownership checks (what a migration preview sees)', async () => {
    const r = await c.req('POST', `${SO_PATH}?dryRun=All`, scaledObject('d1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }));
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(`${DENIED}the workload 'legacy' of type 'apps/v1.Deployment' is already managed by the hpa 'legacy-hpa'`);
  });

  it('admits ownership transfer when the HPA is named in advanced settings', async () => {
    const r = await c.req('POST', `${SO_PATH}?dryRun=All`, scaledObject('t1', { scaleTargetRef: { name: 'legacy' }, advanced: { horizontalPodAutoscalerConfig: { name: 'legacy-hpa' } }, triggers: [kafka()] }, { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' }));
    expect(r.status).toBe(201);
  });

  it('checks UPDATEs too: retargeting an existing ScaledObject at an HPA-scaled workload is refused', async () => {
    const cur = c.get('so', 'taken')!;
    const r = await c.req('PUT', `${SO_PATH}/taken`, { ...cur, spec: { ...(cur.spec as object), scaleTargetRef: { name: 'legacy' } } });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(`${DENIED}the workload 'legacy' of type 'apps/v1.Deployment' is already managed by the hpa 'legacy-hpa'`);
  });

  it('with failurePolicy Ignore, admits everything while the webhook backend is down', async () => {
    c.sim.api.webhooks.setDown('keda', 'keda-admission-webhooks', true);
    try {
      const r = await c.req('POST', `${SO_PATH}?dryRun=All`, scaledObject('down1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }));
      expect(r.status).toBe(201);
    } finally {
      c.sim.api.webhooks.setDown('keda', 'keda-admission-webhooks', false);
    }
    const again = await c.req('POST', `${SO_PATH}?dryRun=All`, scaledObject('down1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }));
    expect(again.status).toBe(403);
  });

  it('reaches client-node as an ApiException with the code and the message', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const err = await api.createNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace: 'shop', plural: 'scaledobjects', body: scaledObject('cn1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }) }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    const e = err as k8s.ApiException<string>;
    expect(e.code).toBe(403);
    expect(JSON.parse(e.body).message).toBe(`${DENIED}the workload 'legacy' of type 'apps/v1.Deployment' is already managed by the hpa 'legacy-hpa'`);
  });

  describe.runIf(hasKubectl)('kubectl', () => {
    it('prints the denial of kubectl apply', async () => {
      const dir = path.dirname(c.kubeconfig);
      const file = path.join(dir, 'so.json');
      writeFileSync(file, JSON.stringify(scaledObject('kc1', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] })));
      // Asynchronously: the simulator answers from this very process.
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('kubectl', ['apply', '-f', file], { env: { ...process.env, KUBECONFIG: c.kubeconfig, HOME: dir, KUBECACHEDIR: path.join(dir, 'cache') } });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`${DENIED}the workload 'legacy' of type 'apps/v1.Deployment' is already managed by the hpa 'legacy-hpa'`);
    });
  });
});

describe('KEDA webhook set down in the scenario', () => {
  it('admits a ScaledObject the webhook would refuse', async () => {
    const c = await startKeda([deployment('legacy'), { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'legacy-hpa', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' }, maxReplicas: 5 } }], { webhook: 'down' });
    try {
      const r = await c.req('POST', SO_PATH, scaledObject('s', { scaleTargetRef: { name: 'legacy' }, triggers: [kafka()] }));
      expect(r.status).toBe(201);
    } finally {
      await c.close();
    }
  });
});
