import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/object';
import { ManualClock } from '../clock';
import { cronHpaController } from '../controllers/cronhpa';
import { hpaController } from '../controllers/hpa';
import { workloadControllers } from '../controllers/workloads';
import { startSimulator, type Simulator } from '../simulator';
import { generateCluster, loadGenerated } from '.';

const NOW = Date.parse('2026-11-22T00:00:00Z');

describe('generateCluster', () => {
  it('builds the mix of design §10 per Deployment count', () => {
    const { counts } = generateCluster(1000, { seed: 7, now: NOW });
    expect(counts).toMatchObject({ Namespace: 20, Deployment: 1000, ReplicaSet: 1000, ScaledObject: 300, VerticalPodAutoscaler: 200, CronHorizontalPodAutoscaler: 50, Canary: 50 });
    // 300 native + 300 made by KEDA + 2 % duplicates of each kind of conflict
    expect(counts.HorizontalPodAutoscaler).toBe(612);
  });

  it('repeats for a seed and differs between seeds', () => {
    const a = JSON.stringify(generateCluster(200, { seed: 3, now: NOW }).objects);
    expect(JSON.stringify(generateCluster(200, { seed: 3, now: NOW }).objects)).toBe(a);
    expect(JSON.stringify(generateCluster(200, { seed: 4, now: NOW }).objects)).not.toBe(a);
  });

  it('gives Deployments managedFields of about half their bytes', () => {
    const deployments = generateCluster(500, { seed: 1, now: NOW }).objects.filter((o) => o.kind === 'Deployment');
    const total = deployments.reduce((n, d) => n + JSON.stringify(d).length, 0);
    const managed = deployments.reduce((n, d) => n + JSON.stringify(d.metadata.managedFields).length, 0);
    expect(managed / total).toBeGreaterThan(0.4);
    expect(managed / total).toBeLessThan(0.65);
  });

  it('simulates pods only for small clusters unless told', () => {
    expect(generateCluster(100, { now: NOW }).scenario.settings.controllers).toEqual({});
    expect(generateCluster(2000, { now: NOW }).scenario.settings.controllers).toEqual({ replicaset: { pods: false }, statefulset: { pods: false }, hpa: { virtualPods: true } });
    expect(generateCluster(100, { now: NOW, pods: false }).scenario.settings.controllers).toMatchObject({ hpa: { virtualPods: true } });
  });
});

describe('a generated cluster in the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('starts settled: the workload controllers find nothing to write; HPAs measure virtual pods; conflicts show', async () => {
    const gen = generateCluster(200, { seed: 2, now: NOW, pods: false });
    sim = await startSimulator({ scenario: gen.scenario, port: 0, clock: new ManualClock(NOW), controllers: [...workloadControllers(), hpaController(), cronHpaController()] });
    loadGenerated(sim.api, gen.objects);
    await sim.settled();
    const versions = (storage: string) => sim!.store.list(storage).map((o) => o.metadata.resourceVersion);
    const deployments = versions('apps/deployments');
    const replicaSets = versions('apps/replicasets');
    await sim.advance(30_000);
    expect(versions('apps/deployments')).toEqual(deployments);
    expect(versions('apps/replicasets')).toEqual(replicaSets);
    expect(sim.store.count('/pods')).toBe(0);

    const hpas = sim.store.list('autoscaling/horizontalpodautoscalers');
    const active = (h: KubeObject) => (h.status as { conditions?: { type: string; status: string; reason: string }[] }).conditions?.find((c) => c.type === 'ScalingActive');
    const native = hpas.filter((h) => !h.metadata.ownerReferences && active(h)?.status === 'True');
    expect(native.length).toBeGreaterThan(50);
    for (const h of native) expect((h.status as { currentMetrics?: unknown[] }).currentMetrics?.length).toBeGreaterThan(0);
    expect(hpas.filter((h) => active(h)?.reason === 'AmbiguousSelector').length).toBeGreaterThanOrEqual(2);
    const cron = sim.store.list('autoscaling.alibabacloud.com/cronhorizontalpodautoscalers');
    expect(cron.length).toBe(10);
    for (const c of cron) expect((c.status as { conditions: { state: string }[] }).conditions.map((x) => x.state)).toEqual(['Submitted', 'Submitted']);
  });
});

describe('npm run sim -- --generate', () => {
  it('prints what it generated and a ready line, and refuses a bad count in one line', async () => {
    const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['sim/cli.ts', ...args], { cwd: path.resolve('.') });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('ready on')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'scaleguard-generate-'));
    const ok = await run(['--generate', '20', '--no-pods', '--port', '0', '--kubeconfig', path.join(dir, 'kubeconfig')]);
    rmSync(dir, { recursive: true, force: true });
    expect(ok.stdout).toContain('scaleguard-sim: generated 1 namespaces, 20 Deployments, 20 ReplicaSets, 12 HPAs, 6 ScaledObjects, 4 VPAs, 1 CronHPAs, 1 Canaries (no pods)');
    expect(ok.stdout).toMatch(/ready on http:\/\/127\.0\.0\.1:\d+ \(scenario generated 20;/);
    const bad = await run(['--generate', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('scaleguard-sim: --generate must be a number of Deployments from 1 to 100000, got lots\n');
  }, 60_000);
});
