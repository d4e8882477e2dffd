import 'server-only';
/* eslint-disable no-restricted-imports -- the tests' harness: it starts the simulator the services talk to. */
/**
 * Tests of the guard pipeline: the simulator (all controllers, a ManualClock) over real HTTP, the
 * informer cache as the dashboard builds it, and `MigrationService`s with short leases and polls.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '@/sim/clock';
import { startSimulator, type Simulator } from '@/sim/simulator';
import { ClusterCache } from '../../cluster/cluster-cache';
import { kubeConfigForContext, loadKubeconfig } from '../../cluster/kubeconfig';
import { ActionLog } from '../../history/action-log';
import { DEFAULT_SETTINGS, type PipelineSettings } from '../context';
import { KubeClient } from '../kube';
import { PlanStore } from '../plans';
import { MigrationService } from '../service';

export interface Harness {
  sim: Simulator;
  clock: ManualClock;
  kubeconfig: string;
  cache(context?: string): Promise<ClusterCache>;
  service(opts?: { context?: string; holder?: string; settings?: Partial<PipelineSettings>; log?: ActionLog; plans?: PlanStore }): Promise<MigrationService>;
  /** Calls the simulator's API as the admin. */
  admin(method: string, apiPath: string, body?: unknown, contentType?: string): Promise<Response>;
  /** Moves simulated time on (5 s per 20 ms of real time) until `done` settles; controllers act meanwhile. */
  drive<T>(done: Promise<T>, stepMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export const TEST_SETTINGS: PipelineSettings = { ...DEFAULT_SETTINGS, leaseMs: 2_000, pollMs: 100, rollbackTimeoutMs: 30_000, resumeSweepMs: 3_600_000 };

export async function startHarness(scenario = 'server/actions/testdata/migrations.yaml'): Promise<Harness> {
  const clock = new ManualClock('2026-11-23T01:00:00Z');
  const sim = await startSimulator({ scenario, port: 0, clock, bookmarkMs: 1000 });
  // Let the workloads roll out and the HPAs report.
  for (let i = 0; i < 4; i++) await sim.advance(15_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-actions-'));
  const kubeconfig = sim.writeKubeconfig(path.join(dir, 'kubeconfig'));
  const loaded = loadKubeconfig(kubeconfig);
  if (!loaded.ok) throw new Error(loaded.error);
  const caches = new Map<string, ClusterCache>();
  const services: MigrationService[] = [];
  let holders = 0;
  const cache = async (context = 'scaleguard-sim') => {
    let c = caches.get(context);
    if (!c) {
      c = new ClusterCache(context, kubeConfigForContext(loaded, context), sim.httpsUrl, undefined, { chunkSize: 500, discoveryIntervalMs: 60_000, notifyDelayMs: 10 });
      c.start();
      caches.set(context, c);
      await c.whenSettled(30_000);
    }
    return c;
  };
  return {
    sim, clock, kubeconfig, cache,
    async service(opts = {}) {
      const context = opts.context ?? 'scaleguard-sim';
      const s = new MigrationService({
        cache: await cache(context),
        client: new KubeClient(kubeConfigForContext(loaded, context)),
        plans: opts.plans ?? new PlanStore(),
        log: opts.log ?? new ActionLog(':memory:'),
        holder: opts.holder ?? `test-${++holders}`,
        now: () => new Date(),
        settings: { ...TEST_SETTINGS, ...opts.settings },
      });
      services.push(s);
      return s;
    },
    admin(method, apiPath, body, contentType = 'application/json') {
      return fetch(`${sim.url}${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': contentType },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async drive<T>(done: Promise<T>, stepMs = 5_000) {
      let settled = false;
      const watched = done.finally(() => { settled = true; });
      while (!settled) {
        await sim.advance(stepMs);
        await new Promise((r) => setTimeout(r, 20));
      }
      return watched;
    },
    async stop() {
      for (const s of services) s.stop();
      await Promise.all(services.map((s) => s.idle().catch(() => undefined)));
      for (const c of caches.values()) c.stop();
      await sim.stop();
    },
  };
}
