import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/sim/clock';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { ClusterCache } from './cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from './cluster/kubeconfig';
import { VpaResizeStore, type StoredResize } from './vpa-history';
import { VpaResizeRecorder } from './vpa-recorder';

const SINCE = '2000-01-01T00:00:00Z';

/**
 * The demo's ml namespace, watched over HTTP while simulated time moves minute by minute: the
 * recorder must see each outcome of the simulated updater and kubelet as it happens.
 */
describe('VpaResizeRecorder on the demo scenario', () => {
  let sim: Simulator;
  let cache: ClusterCache;
  let clock: ManualClock;
  let store: VpaResizeStore;
  let recorder: VpaResizeRecorder;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sg-vparec-')), 'history.sqlite');
  const quiet = async () => {
    // Let the watches deliver what the last simulated minute wrote.
    let v = -1;
    for (let i = 0; i < 50 && v !== cache.snapshot().version; i++) {
      v = cache.snapshot().version;
      await new Promise((r) => setTimeout(r, 60));
    }
    recorder.capture();
  };

  beforeAll(async () => {
    clock = new ManualClock('2026-11-23T01:00:00Z');
    sim = await startSimulator({ scenario: 'demo', port: 0, clock });
    const loaded = loadKubeconfig(sim.writeKubeconfig(path.join(path.dirname(file), 'kubeconfig')));
    if (!loaded.ok) throw new Error(loaded.error);
    cache = new ClusterCache('demo', kubeConfigForContext(loaded, 'scaleguard-sim'), sim.httpsUrl, undefined, { chunkSize: 100, discoveryIntervalMs: 60_000, notifyDelayMs: 10 });
    cache.start();
    await cache.whenSettled(30_000);
    store = new VpaResizeStore(file);
    recorder = new VpaResizeRecorder(cache, store, () => clock.now());
    await quiet();
    for (let i = 0; i < 12; i++) {
      // Half-minute steps: the kubelet's answer and the updater's next loop arrive in separate watch events.
      await sim.advance(30_000);
      await quiet();
      await sim.advance(30_000);
      await quiet();
    }
  }, 180_000);

  afterAll(async () => {
    recorder?.stop();
    cache?.stop();
    await sim?.stop();
  });

  const outcomes = (rows: StoredResize[]) => new Set(rows.map((r) => (r.path === 'eviction' ? `evicted:${r.cause}` : r.outcome)));

  it('records every outcome of ml/recommender (InPlaceOrRecreate): each kubelet answer and each fallback to eviction', () => {
    const rows = store.forVpa('demo', 'ml', 'recommender', SINCE);
    const seen = outcomes(rows);
    for (const o of ['in-place', 'in-place-with-restart', 'deferred', 'infeasible', 'error', 'evicted:infeasible', 'evicted:error', 'evicted:deferred-timeout']) expect(seen, o).toContain(o);
    const restart = rows.find((r) => r.outcome === 'in-place-with-restart')!;
    expect(restart).toMatchObject({ restarts: 1, expectedRestart: true, from: { cpu: '50m', memory: '128Mi' } }); // memory has resizePolicy RestartContainer
    expect(restart.evidence).toEqual(expect.arrayContaining(['InPlaceResizedByVPA', 'restartCount']));
    const deferred = rows.find((r) => r.cause === 'deferred-timeout')!;
    expect(Date.parse(deferred.at) - Date.parse(rows.find((r) => r.outcome === 'deferred' && r.pod === deferred.pod)!.at)).toBeGreaterThan(5 * 60_000);
    expect(rows.find((r) => r.outcome === 'infeasible')!.message).toMatch(/^Node didn't have enough capacity: cpu/);
  });

  it('records Recreate evictions (ml/trainer) and the stuck InPlace resizes of ml/feature-store', () => {
    expect([...outcomes(store.forVpa('demo', 'ml', 'trainer', SINCE))]).toEqual(['evicted:none']);
    const fs = store.forVpa('demo', 'ml', 'feature-store', SINCE);
    expect(fs.length).toBeGreaterThan(0);
    expect(fs.every((r) => r.outcome === 'infeasible' && !r.settled)).toBe(true);
    expect(store.forVpa('demo', 'shop', 'catalog', SINCE)).toEqual([]); // mode Off
  });

  it('a restarted recorder (new process, same file, Events re-listed) adds no rows', async () => {
    const before = store.byVpaSince('demo', SINCE);
    recorder.stop();
    store.close();
    store = new VpaResizeStore(file);
    recorder = new VpaResizeRecorder(cache, store, () => clock.now());
    await quiet();
    const after = store.byVpaSince('demo', SINCE);
    const count = (m: Map<string, StoredResize[]>) => [...m.values()].reduce((n, l) => n + l.length, 0);
    expect(count(after)).toBe(count(before));
    expect(after.get('ml/recommender')!.map((r) => [r.key, r.outcome])).toEqual(before.get('ml/recommender')!.map((r) => [r.key, r.outcome]));
  });
});
