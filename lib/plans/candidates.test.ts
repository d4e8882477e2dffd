/**
 * The migration browser's rows from plain objects: each candidate's status and words, recorded
 * migrations taking over their candidate's row, and older attempts kept.
 */
import { describe, expect, it } from 'vitest';
import { snapshotFromYaml } from '@/test/snapshot-builder';
import type { MigrationRowDto, MigrationStatus } from '../dto/migrations';
import { migrationCandidates, type RecordedRow } from './candidates';
import type { PlanFacts } from './types';

const FACTS: PlanFacts = { now: '2026-11-22T12:00:00Z', kedaWebhookRegistered: true, serverVersion: 'v1.33.4' };

const KEDA = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: keda-operator, namespace: keda }
spec: { replicas: 1, template: { spec: { containers: [{ name: keda-operator, image: ghcr.io/kedacore/keda:2.17.0 }] } } }
status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: flagger, namespace: flagger-system }
spec: { replicas: 1, template: { spec: { containers: [{ name: flagger, image: ghcr.io/fluxcd/flagger:1.44.0 }] } } }
status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 }
`;

const deployment = (ns: string, name: string, requests = '{ cpu: 100m }') => `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec: { replicas: 2, template: { spec: { containers: [{ name: app, image: example/app:1, resources: { requests: ${requests} } }] } } }
status: { replicas: 2, readyReplicas: 2 }`;

const cpuMetric = '[{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]';
const hpa = (ns: string, name: string, target: string, metrics = cpuMetric, extra = '') => `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name}, namespace: ${ns}${extra} }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }, minReplicas: 2, maxReplicas: 6, metrics: ${metrics} }`;

const canary = (ns: string, name: string, ref: string, phase = 'Initialized') => `
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: ${name}, namespace: ${ns}, uid: uid-${name} }
spec: { targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }, autoscalerRef: ${ref}, analysis: { interval: 1m } }
status: { phase: ${phase} }`;

const scaledObject = (ns: string, name: string, target: string, extra = '', ready = 'True') => `
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: ${name}, namespace: ${ns}${extra} }
spec: { scaleTargetRef: { name: ${target} }, minReplicaCount: 2, maxReplicaCount: 6, triggers: [{ type: cpu, metricType: Utilization, metadata: { value: '70' } }] }
status: { conditions: [{ type: Ready, status: '${ready}' }] }`;

const rows = (yaml: string, recorded: RecordedRow[] = [], facts = FACTS) => migrationCandidates(snapshotFromYaml(KEDA + yaml), recorded, facts);
const row = (all: MigrationRowDto[], ns: string, name: string) => {
  const found = all.filter((r) => r.target.namespace === ns && r.target.name === name);
  expect(found, `rows for ${ns}/${name}`).toHaveLength(1);
  return found[0]!;
};

function recorded(id: string, status: MigrationStatus, updatedAt: string, over: Partial<MigrationRowDto> = {}): RecordedRow {
  return {
    updatedAt,
    row: {
      type: 'hpa-to-scaledobject', target: { namespace: 'shop', kind: 'Deployment', name: 'catalog' },
      workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'catalog' }, hpas: ['catalog'],
      status, detail: `recorded ${status}`, migrationId: id, ...over,
    },
  };
}

describe('plain workloads', () => {
  it('a workload on a convertible HPA with requests is ready', () => {
    const r = row(rows(deployment('shop', 'catalog') + hpa('shop', 'catalog', 'catalog')), 'shop', 'catalog');
    expect(r).toMatchObject({ type: 'hpa-to-scaledobject', status: 'ready', hpas: ['catalog'], workload: { kind: 'Deployment', name: 'catalog' } });
    expect(r.detail).toMatch(/Preflight passed.*2 steps/);
    expect(r.migrationId).toBeUndefined();
  });

  it('a missing container request blocks with KEDA\'s words and the remedy', () => {
    const r = row(rows(deployment('shop', 'orders', '{ memory: 64Mi }') + hpa('shop', 'orders', 'orders')), 'shop', 'orders');
    expect(r.status).toBe('blocked');
    expect(r.detail).toContain('the scaledobject has a cpu trigger but the container app doesn\'t have the cpu request defined');
    expect(r.detail).toContain('What to do: Set resources.requests.cpu on container app');
  });

  it('a metric without an automatic trigger is not started: the wizard asks for it', () => {
    const external = '[{ type: External, external: { metric: { name: queue_depth }, target: { type: AverageValue, averageValue: "30" } } }]';
    const r = row(rows(deployment('shop', 'worker') + hpa('shop', 'worker', 'worker', external)), 'shop', 'worker');
    expect(r.status).toBe('not-started');
    expect(r.detail).toMatch(/^Needs your input in the wizard: .*queue_depth/);
  });

  it('two HPAs on one workload block, naming both', () => {
    const r = row(rows(deployment('shop', 'checkout') + hpa('shop', 'checkout', 'checkout') + hpa('shop', 'checkout-memory', 'checkout')), 'shop', 'checkout');
    expect(r.status).toBe('blocked');
    expect(r.hpas).toEqual(['checkout', 'checkout-memory']);
    expect(r.detail).toContain('2 HPAs scale Deployment shop/checkout (checkout, checkout-memory)');
  });

  it('without KEDA every candidate is blocked by it; without the webhook fact only warned', () => {
    const yaml = deployment('shop', 'catalog') + hpa('shop', 'catalog', 'catalog');
    const noKeda = migrationCandidates(snapshotFromYaml(yaml, { absent: ['scaledobjects', 'scaledjobs'] }), [], FACTS);
    expect(row(noKeda, 'shop', 'catalog')).toMatchObject({ status: 'blocked' });
    expect(row(noKeda, 'shop', 'catalog').detail).toMatch(/KEDA's CRDs are not installed/);
    const unknown = row(rows(yaml, [], { now: FACTS.now }), 'shop', 'catalog');
    expect(unknown.status).toBe('ready');
    expect(unknown.detail).toContain('webhook-registered');
  });

  it('workloads without a native HPA, and KEDA-owned HPAs, are no candidates', () => {
    const owned = ', ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: api, uid: u1 }]';
    const all = rows(deployment('shop', 'plain') + deployment('shop', 'api') + hpa('shop', 'keda-hpa-api', 'api', cpuMetric, owned) + scaledObject('shop', 'api', 'api'));
    expect(all).toEqual([]);
  });
});

describe('canaries', () => {
  const ref = (kind: string, name: string) => `{ apiVersion: ${kind === 'ScaledObject' ? 'keda.sh/v1alpha1' : 'autoscaling/v2'}, kind: ${kind}, name: ${name} }`;
  const onHpa = (phase?: string) => deployment('delivery', 'podinfo') + deployment('delivery', 'podinfo-primary') +
    hpa('delivery', 'podinfo', 'podinfo') + hpa('delivery', 'podinfo-primary', 'podinfo-primary') + canary('delivery', 'podinfo', ref('HorizontalPodAutoscaler', 'podinfo'), phase);

  it('an idle Canary on an HPA is one ready row (not also its Deployments)', () => {
    const all = rows(onHpa());
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ type: 'canary-hpa-to-scaledobject', target: { kind: 'Canary', name: 'podinfo' }, workload: { name: 'podinfo' }, hpas: ['podinfo', 'podinfo-primary'], status: 'ready' });
  });

  it('a Canary under analysis is blocked until it is idle', () => {
    const r = row(rows(onHpa('Progressing')), 'delivery', 'podinfo');
    expect(r.status).toBe('blocked');
    expect(r.detail).toContain('Canary delivery/podinfo is Progressing.');
    expect(r.detail).toContain('What to do: Wait until the Canary is Initialized or Succeeded');
  });

  const soOwner = (name: string) => `, ownerReferences: [{ apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: ${name}, uid: u-${name}, controller: true }]`;
  const onSo = deployment('delivery', 'podinfo') + deployment('delivery', 'podinfo-primary') + canary('delivery', 'podinfo', ref('ScaledObject', 'podinfo'), 'Succeeded') +
    scaledObject('delivery', 'podinfo', 'podinfo') + hpa('delivery', 'podinfo', 'podinfo', cpuMetric, soOwner('podinfo'));

  it('a Canary on ScaledObjects whose primary ScaledObject owns the primary HPA is done', () => {
    const r = row(rows(onSo + scaledObject('delivery', 'podinfo-primary', 'podinfo-primary') + hpa('delivery', 'podinfo-primary', 'podinfo-primary', cpuMetric, soOwner('podinfo-primary'))), 'delivery', 'podinfo');
    expect(r).toMatchObject({ status: 'done', hpas: ['podinfo', 'podinfo-primary'] });
  });

  it('a Canary on ScaledObjects with the primary still on an HPA is blocked by flagger#1646, with the remedy', () => {
    const r = row(rows(onSo + hpa('delivery', 'podinfo-primary', 'podinfo-primary')), 'delivery', 'podinfo');
    expect(r).toMatchObject({ status: 'blocked', plannable: false });
    expect(r.detail).toMatch(/podinfo-primary/);
    expect(r.detail).toContain('What to do:');
  });
});

describe('recorded migrations', () => {
  const yaml = deployment('shop', 'catalog') + hpa('shop', 'catalog', 'catalog');

  it('a migration in progress replaces its candidate row', () => {
    const all = rows(yaml, [recorded('m1', 'in-progress', '2026-11-22T11:00:00Z', { progress: { step: 0, of: 2 } })]);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'in-progress', migrationId: 'm1', progress: { step: 0, of: 2 }, detail: 'recorded in-progress' });
  });

  it('a rolled-back migration says where the candidate stands now', () => {
    const r = row(rows(yaml, [recorded('m1', 'rolled-back', '2026-11-22T11:00:00Z')]), 'shop', 'catalog');
    expect(r).toMatchObject({ status: 'rolled-back', migrationId: 'm1', detail: 'recorded rolled-back Now: ready to plan again.' });
  });

  it('the newest attempt is the candidate\'s row; older ones and migrations past their candidate stay listed', () => {
    const older = recorded('m1', 'rolled-back', '2026-11-22T10:00:00Z');
    const newer = recorded('m2', 'ready', '2026-11-22T11:00:00Z');
    const done = recorded('m3', 'done', '2026-11-22T09:00:00Z', { target: { namespace: 'shop', kind: 'Deployment', name: 'orders' }, workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'orders' } });
    const all = rows(yaml, [older, done, newer]);
    expect(all.map((r) => `${r.workload.name}:${r.migrationId}:${r.status}`)).toEqual(['catalog:m2:ready', 'catalog:m1:rolled-back', 'orders:m3:done']);
  });
});

describe('size', () => {
  it('lists a thousand candidates, one row each', () => {
    let yaml = '';
    for (let i = 0; i < 1000; i++) yaml += deployment(`ns${i % 10}`, `w${i}`) + hpa(`ns${i % 10}`, `w${i}`, `w${i}`);
    const all = rows(yaml);
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((r) => `${r.target.namespace}/${r.target.name}`)).size).toBe(1000);
    expect(all.every((r) => r.status === 'ready')).toBe(true);
  });
});
