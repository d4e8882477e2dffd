import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { ClusterCache } from '../cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from '../cluster/kubeconfig';
import { HistoryStore } from './history-store';
import { HistoryRecorder } from './recorder';

describe('HistoryStore', () => {
  it('keeps samples per workload in time order, and generations, and prunes by age', () => {
    const store = new HistoryStore(':memory:', 1);
    const key = { context: 'c', namespace: 'shop', kind: 'Deployment', name: 'orders' };
    store.record([
      { ...key, at: '2026-11-22T10:00:00.000Z', desired: 2, ready: 2, min: 2, max: 10 },
      { ...key, at: '2026-11-22T10:05:00.000Z', desired: 4, ready: 3, min: 2, max: 10 },
      { ...key, name: 'other', at: '2026-11-22T10:05:00.000Z', desired: 9, ready: 9 },
    ], [{ context: 'c', uid: 'u1', generation: 3, at: '2026-11-22T09:00:00.000Z' }]);
    expect(store.samples(key, '2026-11-22T00:00:00.000Z')).toEqual([
      { at: '2026-11-22T10:00:00.000Z', desired: 2, ready: 2, min: 2, max: 10 },
      { at: '2026-11-22T10:05:00.000Z', desired: 4, ready: 3, min: 2, max: 10 },
    ]);
    expect(store.generationObservedAt('c', 'u1', 3)).toBe('2026-11-22T09:00:00.000Z');
    // Another context on the same cluster (same uid) started watching later: the first sighting counts.
    store.record([], [{ context: 'viewer', uid: 'u1', generation: 3, at: '2026-11-22T09:30:00.000Z' }]);
    expect(store.generationObservedAt('viewer', 'u1', 3)).toBe('2026-11-22T09:00:00.000Z');
    expect(store.generationObservedAt('c', 'u1', 4)).toBeUndefined();
    expect(store.generationObservedAt('c', 'u2', 3)).toBeUndefined();
    store.prune(new Date('2026-11-23T10:01:00.000Z'));
    expect(store.samples(key, '2026-11-22T00:00:00.000Z')).toEqual([{ at: '2026-11-22T10:05:00.000Z', desired: 4, ready: 3, min: 2, max: 10 }]);
  });

  it('survives a restart: a file-backed store reads what an earlier one wrote', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sg-hist-')), 'history.sqlite');
    const a = new HistoryStore(file);
    a.record([{ context: 'c', namespace: 'n', kind: 'Deployment', name: 'w', at: '2026-11-22T10:00:00.000Z', desired: 1, ready: 1 }], []);
    a.close();
    const b = new HistoryStore(file);
    expect(b.samples({ context: 'c', namespace: 'n', kind: 'Deployment', name: 'w' }, '2026-01-01T00:00:00Z')).toHaveLength(1);
    b.close();
  });
});

describe('HistoryRecorder against the simulator', () => {
  let sim: Simulator;
  let cache: ClusterCache;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-rec-'));
  const admin = (method: string, p: string, body?: unknown, type = 'application/json') =>
    fetch(`${sim.url}${p}`, { method, headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': type }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, controllers: 'none', scenario: 'e2e/fixtures/bare/scenario.yaml' });
    const loaded = loadKubeconfig(sim.writeKubeconfig(path.join(dir, 'kubeconfig')));
    if (!loaded.ok) throw new Error(loaded.error);
    cache = new ClusterCache('sim', kubeConfigForContext(loaded, 'scaleguard-sim'), sim.httpsUrl, undefined, { chunkSize: 500, discoveryIntervalMs: 60_000, notifyDelayMs: 10 });
    cache.start();
    await cache.whenSettled();
  });
  afterAll(async () => {
    cache.stop();
    await sim.stop();
  });

  it('records replicas and HPA bounds when they change, and generation changes it witnessed', async () => {
    const store = new HistoryStore(':memory:');
    const rec = new HistoryRecorder(cache, store);
    rec.capture();
    const key = { context: 'sim', namespace: 'web', kind: 'Deployment', name: 'site' };
    expect(store.samples(key, '2000-01-01T00:00:00Z').map((s) => [s.desired, s.min, s.max])).toEqual([[2, 2, 5]]);
    rec.capture();
    expect(store.samples(key, '2000-01-01T00:00:00Z')).toHaveLength(1); // nothing changed, nothing written

    const uid = cache.snapshot().objects.deployments[0]!.metadata.uid!;
    expect((await admin('PATCH', '/apis/apps/v1/namespaces/web/deployments/site', { spec: { replicas: 4 } }, 'application/merge-patch+json')).ok).toBe(true);
    expect((await admin('PATCH', '/apis/autoscaling/v2/namespaces/web/horizontalpodautoscalers/site', { spec: { maxReplicas: 7 } }, 'application/merge-patch+json')).ok).toBe(true);
    for (let i = 0; i < 100 && store.samples(key, '2000-01-01T00:00:00Z').at(-1)?.max !== 7; i++) await new Promise((r) => setTimeout(r, 20));
    const samples = store.samples(key, '2000-01-01T00:00:00Z');
    expect(samples.at(-1)).toMatchObject({ desired: 4, max: 7 });
    // Generation 1 was met at start-up (its time is the creation time); generation 2 was witnessed.
    expect(store.generationObservedAt('sim', uid, 2)).toBeDefined();
    rec.stop();
  });
});
