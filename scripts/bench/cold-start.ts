import 'server-only';
/**
 * Runs in its own process so its memory is scaleguard's alone: builds the informer cache of a
 * context from nothing, runs every rule, and prints timings and memory as JSON.
 */
import { buildScalingGraph } from '@/lib/graph/scaling-graph';
import { runRules } from '@/lib/rules/engine';
import { runRulesIncrementally } from '@/lib/rules/incremental';
import type { Snapshot } from '@/lib/snapshot';
import { ClusterCache } from '@/server/cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from '@/server/cluster/kubeconfig';
import { percentile } from './measure';

async function main(): Promise<void> {
  const loaded = loadKubeconfig(process.argv[2]);
  if (!loaded.ok) throw new Error(loaded.error);
  const t0 = performance.now();
  const cache = new ClusterCache(loaded.current, kubeConfigForContext(loaded, loaded.current), undefined, undefined, { chunkSize: 500, discoveryIntervalMs: 3_600_000 });
  cache.start();
  await cache.whenSettled(300_000);
  const snapshot = cache.snapshot();
  const first = runRules(snapshot, { now: new Date().toISOString() });
  const coldMs = performance.now() - t0;
  // The engine never talks to the API server; pause the (simulated) server so it does not compete
  // for CPU with what is measured next, as a real API server on other machines would not.
  const pause = (signal: NodeJS.Signals) => (process.env.BENCH_PAUSE_PIDS ?? '').split(/\s+/).filter(Boolean).forEach((pid) => { try { process.kill(Number(pid), signal); } catch { /* gone */ } });
  pause('SIGSTOP');
  const engine: number[] = [];
  const graph: number[] = [];
  for (let i = 0; i < 20; i++) {
    const g0 = performance.now();
    const g = buildScalingGraph(snapshot);
    graph.push(performance.now() - g0);
    const r0 = performance.now();
    runRules(snapshot, { now: new Date().toISOString(), graph: g });
    engine.push(performance.now() - r0);
  }
  // The server's engine: namespace by namespace, reusing what did not change. Measured as it runs
  // there: a first pass, then snapshots in which one HPA was replaced (a watch event's new object).
  const fullInc: number[] = [];
  const oneChange: number[] = [];
  let state = runRulesIncrementally(snapshot, { now: new Date().toISOString() }).state;
  let current: Snapshot = snapshot;
  for (let i = 0; i < 20; i++) {
    const f0 = performance.now();
    runRulesIncrementally(snapshot, { now: new Date().toISOString() });
    fullInc.push(performance.now() - f0);
    const hpas = current.objects.hpas;
    const at = (i * 7919) % hpas.length;
    const changed = structuredClone(hpas[at]!);
    changed.metadata = { ...changed.metadata, resourceVersion: `bench-${i}` };
    current = { ...current, version: current.version + 1, objects: { ...current.objects, hpas: hpas.map((h, j) => (j === at ? changed : h)) } };
    const c0 = performance.now();
    state = runRulesIncrementally(current, { now: new Date().toISOString() }, state).state;
    oneChange.push(performance.now() - c0);
  }
  // Per rule, to see where the engine's time goes.
  const { RULES } = await import('@/lib/rules/index');
  const g = buildScalingGraph(snapshot);
  const ctx = { now: new Date().toISOString(), graph: g, history: { generationObservedAt: () => undefined } };
  const perRule = RULES.map((r) => {
    const t: number[] = [];
    for (let i = 0; i < 10; i++) { const t0 = performance.now(); r.check(snapshot, ctx); t.push(performance.now() - t0); }
    return [r.id, percentile(t, 50)] as const;
  }).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([id, v]) => `${id} ${v.toFixed(1)}`);
  pause('SIGCONT');
  global.gc?.();
  const mem = process.memoryUsage();
  const objects = Object.values(snapshot.objects).reduce((n, list) => n + list.length, 0);
  process.stdout.write(`${JSON.stringify({
    coldMs, objects, findings: first.findings.length, ruleErrors: first.errors.length,
    engineP50: percentile(engine, 50), engineP95: percentile(engine, 95), graphP50: percentile(graph, 50),
    incrementalFullP50: percentile(fullInc, 50), incrementalChangeP50: percentile(oneChange, 50), incrementalChangeP95: percentile(oneChange, 95),
    rss: mem.rss, heapUsed: mem.heapUsed, perRule,
  })}\n`);
  cache.stop();
  process.exit(0);
}

void main();
