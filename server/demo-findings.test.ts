import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '@/lib/rules/engine';
import { runRulesIncrementally } from '@/lib/rules/incremental';
import { RULES } from '@/lib/rules/index';
import type { Finding } from '@/lib/rules/types';
import { ManualClock } from '@/sim/clock';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { ClusterCache } from './cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from './cluster/kubeconfig';

/** Workloads the demo builds healthy: no finding may name them. */
const HEALTHY = [
  'shop/payments', 'shop/catalog', 'shop/inventory', 'shop/sessions', 'shop/frontend',
  'streaming/clickstream', 'streaming/email-sender', 'streaming/audit-writer',
  'ml/trainer', 'ml/model-gateway', 'marketing/landing', 'delivery/podinfo', 'delivery/podinfo-primary',
];
const ADD_ON_NAMESPACES = ['keda', 'flagger-system', 'kube-system'];

describe('the demo scenario, read over HTTP like the dashboard reads a cluster', () => {
  let sim: Simulator;
  let cache: ClusterCache;
  let findings: Finding[];

  beforeAll(async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    sim = await startSimulator({ scenario: 'demo', port: 0, clock });
    // Eight simulated minutes: the consumer group is renamed at 3m, resizes fail, run-once jobs fail.
    for (let i = 0; i < 8; i++) await sim.advance(60_000);
    const loaded = loadKubeconfig(sim.writeKubeconfig(path.join(mkdtempSync(path.join(os.tmpdir(), 'sg-demo-')), 'kubeconfig')));
    if (!loaded.ok) throw new Error(loaded.error);
    cache = new ClusterCache('demo', kubeConfigForContext(loaded, 'scaleguard-sim'), sim.httpsUrl, undefined, { chunkSize: 100, discoveryIntervalMs: 60_000, notifyDelayMs: 10 });
    cache.start();
    await cache.whenSettled(30_000);
    const result = runRules(cache.snapshot(), { now: new Date(clock.now()).toISOString() });
    expect(result.errors).toEqual([]);
    findings = result.findings;
    // The server computes findings namespace by namespace; on the demo that must be the same answer.
    expect(JSON.stringify(runRulesIncrementally(cache.snapshot(), { now: new Date(clock.now()).toISOString() }).findings)).toEqual(JSON.stringify(findings));
  }, 120_000);

  afterAll(async () => {
    cache?.stop();
    await sim?.stop();
  });

  it('fires every rule of design §4', () => {
    const fired = new Set(findings.map((f) => f.rule));
    expect(RULES.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it('names no healthy workload and no add-on controller', () => {
    const named = findings.flatMap((f) => f.subjects.map((s) => ({ key: `${s.namespace}/${s.name}`, rule: f.rule })));
    expect(named.filter((n) => HEALTHY.includes(n.key))).toEqual([]);
    expect(named.filter((n) => ADD_ON_NAMESPACES.some((ns) => n.key.startsWith(`${ns}/`)))).toEqual([]);
  });

  it('sees what only controllers produce: AmbiguousSelector, the stale scaler, a failed run-once job, a stuck resize', () => {
    const by = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => `${f.subjects[0]?.namespace}/${f.subjects[0]?.name}`);
    expect(findings.find((f) => f.rule === 'hpa-overlap')?.explanation).toContain('controlled by multiple HPAs');
    expect(by('scaledobject-stale-env')).toEqual(['streaming/order-events-consumer']);
    expect(by('cronhpa-job-failed')).toEqual(['marketing/black-friday']);
    expect(by('vpa-resize-stuck')).toEqual(['ml/feature-store']);
    expect(by('canary-primary-scaler-blocked')).toEqual(['delivery/storefront-primary']);
  });
});
